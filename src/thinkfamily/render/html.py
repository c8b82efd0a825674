"""A document (`render.document`) as one self-contained HTML page: styles inline, no
script, nothing fetched from anywhere, readable on screen and printed on A4. User text is
escaped (and made inert) so that a note can never become markup."""

from __future__ import annotations

import html

from thinkfamily.render.document import URL, Bars, Block, Bullets, Doc, Form, Heading, Inline, Para
from thinkfamily.render.inert import inert

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
figure { margin: 0.6em 0 0.2em; }
figcaption { font-size: 0.9em; color: #333; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def write(doc: Doc) -> str:
    body = "\n".join(_block(block, number) for number, block in enumerate(doc.blocks))
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


def _block(block: Block, number: int) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{inline(block.spans)}</h{block.level}>"
    if isinstance(block, Para):
        return f"<p>{inline(block.spans)}</p>"
    if isinstance(block, Bars):
        return chart(block, f"chart{number}")
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
    kinds = [
        ' class="number"' if n else ' class="room"' if r else ""
        for n, r in zip(block.numeric, room, strict=True)
    ]
    head = "".join(
        f'<th scope="col"{c}>{_escape(h)}</th>' for h, c in zip(block.header, kinds, strict=True)
    )
    rows = [
        "<tr>"
        + "".join(f"<td{c}>{inline(cell)}</td>" for cell, c in zip(row, kinds, strict=True))
        + "</tr>"
        for row in block.rows
    ]
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


# --- charts ------------------------------------------------------------------------
#
# Plain SVG written here: a chart is a few rectangles and words, which needs no library,
# and keeps the page one file with no script. Greys and hatching tell the parts apart in
# greyscale print as well as on screen; each part is labelled in words, and each chart
# has a title and a description for screen readers (its figures are also in the table
# that follows it).

_FILLS = ("#222", "url(#hatch)", "#888", "url(#dots)", "#ccc", "#fff")
_DEFS = (
    "<defs>"
    '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#444" stroke-width="2.5"/></pattern>'
    '<pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.3" fill="#333"/>'
    "</pattern></defs>"
)
_WIDTH, _LABEL, _BAR, _ROW = 720, 20, 22, 58
_NAMED = 60  # a part at least this wide has its name written on it


def chart(bars: Bars, key: str) -> str:
    described = "; ".join(_said(label, parts, levels=bars.levels) for label, parts in bars.rows)
    height = _ROW * len(bars.rows) + 10
    rows = "".join(
        _row(number, label, parts, levels=bars.levels)
        for number, (label, parts) in enumerate(bars.rows)
    )
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {_WIDTH} {height}" aria-labelledby="{key}-title {key}-desc">'
        f'<title id="{key}-title">{_escape(bars.title)}</title>'
        f'<desc id="{key}-desc">{_escape(described)}</desc>{_DEFS}{rows}</svg>'
        f"<figcaption>{_escape(bars.title)}</figcaption></figure>"
    )


def _said(label: str, parts: tuple[tuple[str, int], ...] | None, *, levels: bool) -> str:
    if parts is None:
        return f"{label}: too few records"
    return f"{label}: " + ", ".join(name if levels else f"{name} {count}" for name, count in parts)


def _row(
    number: int, label: str, parts: tuple[tuple[str, int], ...] | None, *, levels: bool
) -> str:
    top = number * _ROW + 4
    out = [f'<text x="0" y="{top + 14}" font-size="13">{_escape(label[:110])}</text>']
    bar = top + _LABEL
    if parts is None:
        out.append(f'<text x="0" y="{bar + 15}" font-size="12">too few records</text>')
        return "".join(out)
    if levels:  # one block per self-assessment, as tall as its rating, with its words
        step = min(180, _WIDTH // max(len(parts), 1))
        for place, (name, level) in enumerate(parts):
            tall = 6 * level + 4
            left = place * step
            day, _, rating = name.partition(" ")
            out.append(
                f'<rect x="{left}" y="{bar + _BAR - tall}" width="36" height="{tall}" '
                f'fill="{_FILLS[3 - level if level else 5]}" stroke="#000"/>'
                f'<text x="{left + 42}" y="{bar + 9}" font-size="11">{_escape(day)}</text>'
                f'<text x="{left + 42}" y="{bar + 21}" font-size="11">{_escape(rating)}</text>'
            )
        return "".join(out)
    total = sum(count for _, count in parts) or 1
    x = 0.0
    for place, (name, count) in enumerate(parts):
        if not count:
            continue
        wide = (_WIDTH - 4) * count / total
        fill = _FILLS[place % len(_FILLS)]
        out.append(
            f'<rect x="{x:.1f}" y="{bar}" width="{wide:.1f}" height="{_BAR}" fill="{fill}" '
            f'stroke="#000"><title>{_escape(f"{name} {count}")}</title></rect>'
        )
        if wide > _NAMED:
            colour = "#fff" if fill == _FILLS[0] else "#000"
            out.append(
                f'<text x="{x + 4:.1f}" y="{bar + 15}" font-size="11" fill="{colour}" '
                f'style="paint-order:stroke" stroke="{"#222" if colour == "#fff" else "#fff"}" '
                f'stroke-width="3">{_escape(f"{name} {count}")}</text>'
            )
        x += wide
    return "".join(out)
