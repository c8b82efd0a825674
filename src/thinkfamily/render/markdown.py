"""Markdown (CommonMark): the supervision summary and reports, user text escaped so that it
cannot change the layout."""

from __future__ import annotations

import re

from thinkfamily.casefile import Changes
from thinkfamily.contacts.select import Referral
from thinkfamily.models.record import Record
from thinkfamily.models.supervision import Supervision
from thinkfamily.render.document import URL, Bars, Block, Bullets, Doc, Form, Heading, Inline, Para
from thinkfamily.render.inert import inert
from thinkfamily.render.record_doc import summary_doc

# Inline syntax that user text could otherwise trigger: emphasis, code, links, HTML,
# table cells, strikethrough and the escape character itself; an underscore only where
# it could start or end emphasis (not inside a word), and `&` only before an entity.
_INLINE = re.compile(r"([\\`*\[\]<>|~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;))")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")


def text(value: str | None) -> str:
    """User or file text as one line of inline Markdown that renders literally."""
    if not value:
        return ""
    one_line = " / ".join(part.strip() for part in value.splitlines() if part.strip())
    if not one_line:  # only spaces and line breaks: nothing to show, not a lone backslash
        return ""
    escaped = _INLINE.sub(r"\\\1", inert(one_line))
    # Even inline, a leading '#', '>', '-', '+', '=' or '1.' can start a block when
    # the text ends up alone on a line; escaping it is harmless elsewhere.
    escaped = _LIST_START.sub(r"\1\2\\\3", escaped)
    if escaped[:1] in "#>-+=":
        escaped = "\\" + escaped
    return escaped


def linked_text(value: str) -> str:
    """Text from a contacts file as `text` shows it, with its web addresses as links (not
    used for notes: a link typed in a note is shown as typed, never made clickable)."""

    def spaced(piece: str) -> str:  # `text` trims; the spaces around a link are kept
        lead = " " if piece[:1].isspace() else ""
        tail = " " if piece[-1:].isspace() and piece.strip() else ""
        return lead + text(piece) + tail

    parts: list[str] = []
    last = 0
    for match in URL.finditer(value):  # an autolink: nothing inside it is markup
        parts += [spaced(value[last : match.start()]), f"<{inert(match[0])}>"]
        last = match.end()
    return "".join([*parts, spaced(value[last:])]) if parts else text(value)


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def summary(
    record: Record,
    supervision: Supervision | None = None,
    *,
    referral: Referral | None = None,
    since: Changes | None = None,
) -> str:
    """The supervision summary (`render.record_doc`) as Markdown."""
    return write(summary_doc(record, supervision, referral=referral, since=since))


def write(doc: Doc) -> str:
    """A document as CommonMark: blocks apart by a blank line, user text escaped."""
    return "\n\n".join(text for text in map(_block, doc.blocks) if text) + "\n"


def inline(spans: Inline) -> str:
    parts = []
    for span in spans:
        if span.kind == "user":
            shown = text(span.text)
        elif span.kind == "linked":
            shown = linked_text(span.text)
        elif span.kind == "code":
            shown = f"`{span.text}`"
        else:
            shown = span.text
        parts.append(f"**{shown}**" if span.strong else shown)
    return "".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Bars):
        return ""  # not drawn: its figures are in the table beside it
    if isinstance(block, Heading):
        return f"{'#' * block.level} {inline(block.spans)}"
    if isinstance(block, Para):
        return inline(block.spans)
    if isinstance(block, Form):
        return "\n".join(f"- **{label}:**" for label in block.labels)
    if isinstance(block, Bullets):
        lines = []
        for item in block.items:
            lines.append(f"- {inline(item.spans)}")
            lines += [f"  - {inline(child)}" for child in item.children]
        return "\n".join(lines)
    rule = " | ".join("--:" if n else "---" for n in block.numeric)
    rows = [_row(list(block.header)), f"| {rule} |"]
    rows += [_row([inline(cell) for cell in row]) for row in block.rows]
    return "\n".join(rows)


# --- reports ---------------------------------------------------------------------
