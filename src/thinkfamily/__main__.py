"""`python -m thinkfamily` and the `thinkfamily` command.

`--version` and the top-level `--help` are answered here without loading the
command-line framework, which costs more than everything else they do; the help
text is Typer's own, kept in `_help` and checked against Typer by the tests.
"""

from __future__ import annotations

import os
import signal
import sys

HELP_WIDTH = 80  # the width Typer lays the stored help out for


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return HELP_WIDTH


def main() -> None:
    # A reader that goes away (`thinkfamily records | head`) ends the command quietly, as it
    # does any Unix tool, instead of an error about a broken pipe.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = sys.argv[1:]
    if args == ["--version"]:
        from . import __version__  # noqa: PLC0415

        sys.stdout.write(f"thinkfamily {__version__}\n")
        return
    if args in (["--help"], ["-h"]) and _columns() >= HELP_WIDTH:
        from ._help import ROOT_HELP  # noqa: PLC0415

        sys.stdout.write(ROOT_HELP)
        return
    from .cli import main as run  # noqa: PLC0415

    run()


if __name__ == "__main__":
    main()
