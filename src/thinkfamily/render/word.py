"""A document (`render.document`) as a Word file (.docx, through python-docx): real
headings, lists and tables, so that it opens in Word and LibreOffice as their own. User
text is made inert first (a control character would make the file one Word must repair).

python-docx is imported only here, when a .docx is asked for."""

from __future__ import annotations

import io
from typing import Any

from thinkfamily.render.document import Bars, Bullets, Doc, Form, Heading, Inline, Para, Table
from thinkfamily.render.inert import inert


def write(doc: Doc) -> bytes:
    import docx  # noqa: PLC0415 - a dependency for this one format

    word = docx.Document()
    word.core_properties.title = inert(doc.title)
    for block in doc.blocks:
        if isinstance(block, Bars):
            continue  # a chart's figures are in the table beside it
        if isinstance(block, Heading):
            _runs(word.add_heading(level=block.level), block.spans)
        elif isinstance(block, Para):
            _runs(word.add_paragraph(), block.spans)
        elif isinstance(block, Bullets):
            for item in block.items:
                _runs(word.add_paragraph(style="List Bullet"), item.spans)
                for child in item.children:
                    _runs(word.add_paragraph(style="List Bullet 2"), child)
        else:
            _table(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _table(word: Any, block: Table | Form) -> None:
    if isinstance(block, Form):  # labels, with room to write by hand
        table = word.add_table(rows=0, cols=2, style="Table Grid")
        for label in block.labels:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].add_paragraph()
        return
    table = word.add_table(rows=1, cols=len(block.header), style="Table Grid")
    table.autofit = False
    widths = _widths(block.numeric, block.room)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by; Word reads each cell's
    for cell, name, width in zip(table.rows[0].cells, block.header, widths, strict=True):
        cell.paragraphs[0].add_run(name).bold = True
        cell.width = width
    for row in block.rows:
        for cell, spans, width in zip(table.add_row().cells, row, widths, strict=True):
            _runs(cell.paragraphs[0], spans)
            cell.width = width


def _widths(numeric: tuple[bool, ...], room: tuple[bool, ...]) -> list[Any]:
    """Column widths on an A4 page: narrow numbers; the first text column (the question)
    and any column left to write in twice the others."""
    from docx.shared import Cm  # noqa: PLC0415 - with python-docx, only for this format

    number, page = 1.0, 16.0
    texts = [i for i, n in enumerate(numeric) if not n]
    wide = {texts[0], *(i for i, r in enumerate(room) if r)} if texts else set()
    shares = {i: 2 if i in wide else 1 for i in texts}
    unit = (page - number * (len(numeric) - len(texts))) / max(sum(shares.values()), 1)
    return [Cm(number if n else unit * shares[i]) for i, n in enumerate(numeric)]


def _runs(paragraph: Any, spans: Inline) -> None:
    for span in spans:
        lines = inert(span.text).splitlines() or [""]
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = span.strong or None
            if span.kind == "code":
                run.font.name = "Consolas"
            if number < len(lines) - 1:
                run.add_break()
