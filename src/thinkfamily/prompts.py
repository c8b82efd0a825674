"""The terminal side of the walk: Rich for what is shown, the line editor for input."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .ui import clean

if TYPE_CHECKING:
    from rich.console import Console

    from .walk import Kind

_STYLES = {
    "heading": "bold underline",
    "question": "bold",
    "hint": "dim",
    "guidance": "italic",
    "good": "green",
    "bad": "yellow",
    "text": "",
}


class TerminalPrompter:
    """Shows text through Rich (never as markup) and reads lines with `input()`."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.plain = plain  # no styling: words only, for screen readers
        if not plain:  # line editing writes terminal control sequences of its own
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401, PLC0415 - arrow keys and editing in input()

    def show(self, text: str, kind: Kind = "text") -> None:
        if self.plain:
            print(("\n" if kind in ("heading", "question") else "") + clean(text), flush=True)
            return
        from rich.text import Text  # noqa: PLC0415

        if kind in ("heading", "question"):
            self.console.print()
        self.console.print(Text(clean(text), style=_STYLES.get(kind, "")))

    def ask(self, prompt: str) -> str:
        return input(f"{clean(prompt)} ")
