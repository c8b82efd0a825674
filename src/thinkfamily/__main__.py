"""`python -m thinkfamily` and the `thinkfamily` command."""

from __future__ import annotations

from thinkfamily.cli import main

if __name__ == "__main__":
    main()
