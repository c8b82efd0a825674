"""`python -m thinkfamily` and the `thinkfamily` command."""

from __future__ import annotations

import signal

from .cli import main as run


def main() -> None:
    # A reader that goes away (`thinkfamily records | head`) ends the command quietly, as it
    # does any Unix tool, instead of an error about a broken pipe.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    run()


if __name__ == "__main__":
    main()
