"""A document (`render.document`) as one self-contained HTML page: styles inline, no
script, nothing fetched from anywhere, readable on screen and printed on A4. User text is
escaped (and made inert) so that a note can never become markup."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from thinkfamily.render.document import URL, Bullets, Form, Heading, Para
from thinkfamily.render.inert import inert

if TYPE_CHECKING:
    from thinkfamily.render.document import Block, Doc, Inline

STYLE = """
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: 11pt;
  line-height: 1.45; color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6em; margin: 0 0 0.8em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #888; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.number, th.number { text-align: right; }
table.form th { width: 14em; }
th.room { width: 32%; }
table.form td.blank { height: 3.2em; }
code { font-family: Consolas, "Courier New", monospace; background: #f2f2f2; padding: 0 0.2em;
  white-space: nowrap; }
ul { padding-left: 1.4em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def write(doc: Doc) -> str:
    body = "\n".join(_block(block) for block in doc.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_escape(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _escape(text: str) -> str:
    return html.escape(inert(text), quote=True)


def _user(text: str) -> str:
    """User text as it was written, line breaks kept, nothing of it markup."""
    return "<br>".join(_escape(line) for line in text.splitlines())


def _linked(text: str) -> str:
    """Contacts text with its web addresses as links."""
    parts: list[str] = []
    last = 0
    for match in URL.finditer(text):
        address = _escape(match[0])
        parts += [_escape(text[last : match.start()]), f'<a href="{address}">{address}</a>']
        last = match.end()
    return "".join([*parts, _escape(text[last:])])


def inline(spans: Inline) -> str:
    parts = []
    for span in spans:
        if span.kind == "user":
            shown = _user(span.text)
        elif span.kind == "linked":
            shown = _linked(span.text)
        elif span.kind == "code":
            shown = f"<code>{_escape(span.text)}</code>"
        else:
            shown = _escape(span.text)
        parts.append(f"<strong>{shown}</strong>" if span.strong else shown)
    return "".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{inline(block.spans)}</h{block.level}>"
    if isinstance(block, Para):
        return f"<p>{inline(block.spans)}</p>"
    if isinstance(block, Form):
        blank = "\n".join(
            f'<tr><th scope="row">{_escape(label)}</th><td class="blank"></td></tr>'
            for label in block.labels
        )
        return f'<table class="form">\n<tbody>\n{blank}\n</tbody>\n</table>'
    if isinstance(block, Bullets):
        items = []
        for item in block.items:
            children = "".join(f"<li>{inline(child)}</li>" for child in item.children)
            nested = f"<ul>{children}</ul>" if children else ""
            items.append(f"<li>{inline(item.spans)}{nested}</li>")
        return "<ul>\n" + "\n".join(items) + "\n</ul>"
    room = block.room or tuple(False for _ in block.numeric)
    number = [
        ' class="number"' if n else ' class="room"' if r else ""
        for n, r in zip(block.numeric, room, strict=True)
    ]
    head = "".join(
        f'<th scope="col"{c}>{_escape(h)}</th>' for h, c in zip(block.header, number, strict=True)
    )
    rows = [
        "<tr>"
        + "".join(f"<td{c}>{inline(cell)}</td>" for cell, c in zip(row, number, strict=True))
        + "</tr>"
        for row in block.rows
    ]
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )
