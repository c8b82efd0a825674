"""A document as data: headings, paragraphs, lists and tables of spans that say whose words
they are. A summary or a blank checklist is built once as a `Doc`, and each output format
(Markdown here; HTML and Word beside it) writes the same `Doc`: no format is made by
rewriting another.

A span's `kind` decides how it is written: `user` text (a note, a name, a checklist's
words) is escaped so that it can never change the layout; the tool's `own` words are
written as they are; `code` is a command to type; `linked` is contacts text whose web
addresses become links.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Kind = Literal["user", "own", "code", "linked"]

# A web address in `linked` text (contacts): every format makes it a link. Nothing typed
# in a note is ever made one.
URL = re.compile(r"https?://[^\s<>\"'`|\\]+[^\s<>\"'`|\\.,;:)]")


class Span(NamedTuple):
    text: str
    kind: Kind = "user"
    strong: bool = False


Inline = tuple[Span, ...]


def user(text: str | None) -> Span:
    return Span(text or "", "user")


def own(text: str, *, strong: bool = False) -> Span:
    return Span(text, "own", strong)


def code(text: str) -> Span:
    return Span(text, "code")


def linked(text: str) -> Span:
    return Span(text, "linked")


class Heading(NamedTuple):
    level: int
    spans: Inline


class Para(NamedTuple):
    spans: Inline


class Item(NamedTuple):
    spans: Inline
    children: tuple[Inline, ...] = ()


class Bullets(NamedTuple):
    items: tuple[Item, ...]


class Table(NamedTuple):
    header: tuple[str, ...]
    numeric: tuple[bool, ...]  # columns of numbers, aligned right
    rows: tuple[tuple[Inline, ...], ...]
    room: tuple[bool, ...] = ()  # columns left empty to write in by hand, given room


class Form(NamedTuple):
    """Labels with room to write by hand (a blank supervision discussion)."""

    labels: tuple[str, ...]


class Bars(NamedTuple):
    """A chart, drawn by the formats that can (HTML); the others have its figures in the
    table beside it. Each row is a label and its parts, each a label and a count (or, with
    `levels`, a height from 1 to 3), or None where the figures are withheld."""

    title: str
    rows: tuple[tuple[str, tuple[tuple[str, int], ...] | None], ...]
    levels: bool = False


Block = Heading | Para | Bullets | Table | Form | Bars


class Doc(NamedTuple):
    title: str  # as plain text, for a window or file title
    blocks: tuple[Block, ...]


def given(value: str | None, missing: str) -> Span:
    """User text, or the tool's words for it when nothing (or only spaces) was written."""
    return user(value) if value and value.strip() else own(missing)


def fact(label: str, value: str | None, missing: str) -> Item:
    """An item "**Label:** value", or the words that stand for a value not given."""
    return Item((own(f"{label}:", strong=True), own(" "), given(value, missing)))
