"""The terminal: Rich on a terminal, plain text in a pipe, user text never interpreted, and
the one helper every question the tool asks goes through."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import sys
import textwrap
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from thinkfamily.errors import Interrupted
from thinkfamily.render.inert import inert
from thinkfamily.render.text import Line
from thinkfamily.walk import Kind

clean = inert  # text from a user or a file, made safe to print


def stream_is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class UI:
    """Where the CLI writes: data to stdout, messages to stderr."""

    def __init__(self, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self._stdout = stdout
        self._stderr = stderr
        self.force_plain = False  # --plain
        self.no_color = False  # --no-color

    @property
    def plain(self) -> bool:
        """Screen-reader friendly output: no styling, no drawing, one item per line.

        Asked for with --plain or THINKFAMILY_PLAIN=1, and the default when TERM=dumb.
        """
        return (
            self.force_plain
            or os.environ.get("THINKFAMILY_PLAIN", "") not in ("", "0")
            or os.environ.get("TERM") == "dumb"
        )

    @property
    def stdout(self) -> TextIO:
        return self._stdout or sys.stdout

    @property
    def stderr(self) -> TextIO:
        return self._stderr or sys.stderr

    @property
    def interactive(self) -> bool:
        return stream_is_terminal(sys.stdin) and stream_is_terminal(self.stdout)

    @property
    def rich_output(self) -> bool:
        """Styled output with Rich: on a terminal, unless plain output was asked for."""
        return stream_is_terminal(self.stdout) and not self.plain

    @cached_property
    def out(self) -> Console:
        return _console(self.stdout, no_color=self.no_color)

    @cached_property
    def err(self) -> Console:
        return _console(self.stderr, no_color=self.no_color)

    def line(self, text: str = "") -> None:
        """A plain line of output on stdout (already clean text)."""
        print(text, file=self.stdout)

    def error(self, message: str, hint: str | None = None) -> None:
        print(f"Error: {clean(message)}", file=self.stderr)
        if hint:
            print(clean(hint), file=self.stderr)

    def warn(self, message: str) -> None:
        print(f"Warning: {clean(message)}", file=self.stderr)

    def note(self, message: str) -> None:
        print(clean(message), file=self.stderr)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, key: int = 0) -> None:
        """A table on a terminal; aligned columns in a pipe; in plain mode one item per line.

        Column `key` holds what the user types next (an id, a command): it is never cut.
        The other columns wrap; when even that leaves too little room, each row is printed
        as its key on a line of its own, then the other cells, one a line.
        """
        if self.plain:
            self._stacked(headers, rows, key)
            return
        if not self.rich_output:
            self.stdout.write("\n".join(plain_columns(headers, rows)) + "\n")
            return
        widest = max(len(clean(cell)) for cell in (headers[key], *(row[key] for row in rows)))
        # Each column takes two spaces of padding and a border; the others need some room.
        room = widest + 3 * len(headers) + 1 + _NARROWEST * (len(headers) - 1)
        if room > self.out.width:
            self._stacked(headers, rows, key)
            return

        table = Table(header_style="bold", show_lines=False)
        for number, header in enumerate(headers):
            if number == key:
                table.add_column(header, no_wrap=True, min_width=widest)
            else:
                table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(Text(clean(cell)) for cell in row))
        self.out.print(table)

    def _stacked(self, headers: Sequence[str], rows: Sequence[Sequence[str]], key: int) -> None:
        lines: list[Line] = []
        for row in rows:
            cells = [clean(cell) for cell in row]
            lines.append((0, cells[key], "heading"))
            lines += [
                (2, f"{header}: {cell}", "", 4)
                for number, (header, cell) in enumerate(zip(headers, cells, strict=True))
                if number != key and cell
            ]
        self.wrapped(lines)

    @property
    def width(self) -> int:
        """How wide to lay text out: the terminal's width up to 100 (plain or not, so a
        magnifier's narrow window gets whole words), or 80 in a pipe."""
        return min(self.out.width, 100) if stream_is_terminal(self.stdout) else 80

    def ask(self, prompt: str, *, stopped: str) -> str:
        """One line typed at the terminal, stripped; Ctrl-C or end of input stops the
        command with `stopped` as its message (exit 130)."""
        try:
            return read_line(prompt).strip()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(stopped) from None

    def wrapped(self, lines: Sequence[Line]) -> None:
        """(indent, text, style[, hang]) lines, wrapped to `width` and printed."""
        for text, style in wrap(lines, self.width):
            self.styled(text, style)

    def paragraphs(self, lines: Sequence[str]) -> None:
        """Lines of text: wrapped to a terminal (each under its number, bullet or label),
        and as they are, one paragraph a line, in a pipe or a file."""
        if stream_is_terminal(self.stdout):
            self.wrapped([hanging(clean(line)) for line in lines])
        else:
            for line in lines:
                self.line(clean(line))

    def styled(self, text: str, style: str = "") -> None:
        """One line on stdout: styled on a terminal, plain in a pipe."""
        if not self.rich_output or not style:
            self.line(clean(text))
            return

        self.out.print(Text(clean(text), style=_STYLES.get(style, "")))

    def rich(self, *objects: Any) -> None:
        self.out.print(*objects)


# A terminal's line discipline keeps at most this many bytes of one line (Linux, macOS).
LINE_LIMIT = 4095
# Lines that arrive within this time of the one before were pasted with it: nobody types a
# line and Enter that fast.
_PASTED_WITHIN = 0.05


PASTE_HINT = "Pasted text: press Enter on an empty line to end it, or type more first."
CONTINUE_PROMPT = "+"


def read_line(prompt: str) -> str:
    """The one place a line is read from the user: every question of every command.

    Several lines pasted at once come back as one text (its lines joined by line breaks),
    not as answers to the next questions; since a paste's last line may lack its line
    break (and a terminal holds such a line back until Enter), a paste is ended by an
    empty line. Bytes that are not UTF-8 are read as Windows-1252 text."""
    line = input(f"{clean(prompt)} ")
    if not stream_is_terminal(sys.stdin):
        return repair(line)
    lines = [line]
    if _more_waiting():
        print(PASTE_HINT, flush=True)
        while True:
            while _more_waiting():
                lines.append(input())
            more = input(f"{CONTINUE_PROMPT} ")
            if not more.strip():
                break
            lines.append(more)
    if "readline" not in sys.modules and any(
        len(text.encode("utf-8", "surrogateescape")) >= LINE_LIMIT for text in lines
    ):  # a terminal without a line editor keeps no more of one line than this
        print(
            f"Warning: a line reached the terminal's limit of {LINE_LIMIT:,} characters, "
            "so anything after that may have been cut off. To write more, type . alone "
            "at a note and give it over several lines.",
            file=sys.stderr,
        )
    return repair("\n".join(lines))


@contextlib.contextmanager
def stopped_as_by_ctrl_c() -> Iterator[None]:
    """Within the block, being told to stop (SIGTERM at a shutdown, SIGHUP when the window
    closes) is handled as Ctrl-C is: the answers are saved as a draft, or printed."""

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    names = ("SIGTERM", "SIGHUP")
    kept = {n: signal.signal(getattr(signal, n), interrupt) for n in names if hasattr(signal, n)}
    try:
        yield
    finally:
        for name, handler in kept.items():
            signal.signal(getattr(signal, name), handler)


def _more_waiting() -> bool:
    """Whether another line is already waiting at the terminal (it was pasted)."""
    if os.name == "nt":
        return False  # a console cannot be polled this way; each line is read alone

    try:
        ready, _, _ = select.select([sys.stdin], [], [], _PASTED_WITHIN)
    except (OSError, ValueError):
        return False
    return bool(ready)


def repair(text: str) -> str:
    """Text read from a terminal or the command line whose bytes were not UTF-8 (Python
    keeps them as lone surrogates, which no file can hold): read as Windows-1252, the
    usual other encoding of a UK keyboard, so `Caf\xe9` is `Café`."""
    if text.isprintable() or not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


# What each kind of line looks like on a terminal (output lines and the walk's alike).
_STYLES = {
    "heading": "bold",
    "question": "bold",
    "hint": "dim",
    "guidance": "italic",
    "good": "green",
    "bad": "yellow",
    "alert": "bold red",
    "bar": "cyan",
    "text": "",
}


_NARROWEST = 6  # the fewest characters a wrapped column of a table is given


def plain_columns(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    # One check a row, not a cell: listings can run to thousands of rows.
    cells = [
        row if "".join(row).isprintable() else [clean(c) for c in row] for row in (headers, *rows)
    ]
    widths = [max(map(len, column)) for column in zip(*cells, strict=True)]
    layout = "  ".join(f"{{:<{width}}}" for width in widths)
    return [layout.format(*row).rstrip() for row in cells]


def _console(stream: TextIO, *, no_color: bool = False) -> Console:

    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        no_color=no_color or None,  # None lets Rich honour NO_COLOR itself
    )


def wrap(lines: Sequence[Line], width: int) -> list[tuple[str, str]]:
    """Each line wrapped to `width`; continuation lines go under the text (after a "- "),
    or as far in as the line asks."""
    out: list[tuple[str, str]] = []
    for line in lines:
        indent, text, style = line[:3]
        if not text:
            out.append(("", style))
            continue
        hang = line[3] if len(line) > 3 else indent + (2 if text.startswith("- ") else 0)  # noqa: PLR2004
        wrapped = textwrap.wrap(
            _PHONE.sub(lambda m: m.group().replace(" ", _KEEP), text),
            width=width,
            initial_indent=" " * indent,
            subsequent_indent=" " * hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        out += [(line.replace(_KEEP, " "), style) for line in wrapped]
    return out


_LEAD = re.compile(r"(\s*)(\d+\.\s+|- |[A-Z][A-Za-z ]{0,24}:\s+)?")


def hanging(text: str) -> Line:
    """A line of text as a wrapped line: its own indent, and continuation lines under the
    text after its number, bullet or label (` 5. Have I ...`, `Case:     ABC1`)."""
    match = _LEAD.match(text)
    indent = len(match.group(1)) if match else 0
    return (indent, text[indent:], "", len(match.group(0)) if match else indent)


# A phone number is never split across lines (`0300 555` / `1373` is a wrong number to
# someone who copies one line): its spaces are held together while the text is wrapped.
_PHONE = re.compile(r"\b0\d{2,4}(?: \d{3,6}){1,2}\b")
_KEEP = "\u00a0"


class TerminalPrompter:
    """The walk's prompter at a real terminal: Rich for what is shown (never as markup),
    the line editor for what is typed."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.plain = plain  # no styling: words only, for screen readers
        if not plain:  # line editing writes terminal control sequences of its own
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401, PLC0415 - arrow keys and editing in input(); not on Windows

    def show(self, text: str, kind: Kind = "text") -> None:
        if self.plain:  # wrapped here: a magnifier shows whole words, not the terminal's cut
            width = max(self.console.width - 1, 20)
            paragraphs: list[Line] = [(0, line, "", 0) for line in clean(text).splitlines()]
            lines = [line for line, _ in wrap(paragraphs or [(0, "", "")], width)]
            print(("\n" if kind in ("heading", "question") else "") + "\n".join(lines), flush=True)
            return

        if kind in ("heading", "question"):
            self.console.print()
        self.console.print(Text(clean(text), style=_STYLES.get(kind, "")))

    def ask(self, prompt: str) -> str:
        """Raises KeyboardInterrupt or EOFError when the user leaves: the walk keeps the draft."""
        return read_line(prompt)
