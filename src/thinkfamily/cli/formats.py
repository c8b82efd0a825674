"""Which format a document is written in, taken from --format or the file name, and
writing it where the user asked."""

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from thinkfamily.errors import StoreError, ThinkFamilyError
from thinkfamily.render import html, markdown
from thinkfamily.render.document import Doc

# The options of every command that writes a document where the user asks.
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]


class ExportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"
    json = "json"
    csv = "csv"


# What a file name's ending says its format is (`export -o FILE`).
EXTENSIONS = {
    ".md": ExportFormat.markdown,
    ".markdown": ExportFormat.markdown,
    ".html": ExportFormat.html,
    ".htm": ExportFormat.html,
    ".docx": ExportFormat.docx,
    ".json": ExportFormat.json,
    ".csv": ExportFormat.csv,
}


def export_format(
    given: ExportFormat | None,
    output: Path | None,
    allowed: tuple[ExportFormat, ...] = tuple(ExportFormat),
) -> ExportFormat:
    """The format asked for: by --format, by the output file's ending, or Markdown; an
    ending that is not a format, or that contradicts --format, is refused."""
    endings = ", ".join(e for e, f in EXTENSIONS.items() if f in allowed)
    if given is not None and given not in allowed:
        names = ", ".join(f.value for f in allowed)
        raise ThinkFamilyError(f"--format {given.value} is not one of {names} here.")
    if output is not None:
        found = EXTENSIONS.get(output.suffix.lower())
        if found is None or found not in allowed:
            raise ThinkFamilyError(
                f"{output}: the file name does not say which format to write.",
                hint=f"End it with one of {endings}.",
            )
        if given is not None and given is not found:
            raise ThinkFamilyError(
                f"--format {given.value} does not match {output.name}, which is {found.value}.",
                hint=f"Leave out --format, or end the file name as that format does ({endings}).",
            )
        return found
    if given is ExportFormat.docx:
        raise ThinkFamilyError(
            "A Word file cannot be written to the terminal.",
            hint="Give a file name: -o summary.docx",
        )
    return given or ExportFormat.markdown


def written(doc: Doc, chosen: ExportFormat) -> bytes:
    """A document in the chosen format, as the bytes of its file."""
    if chosen is ExportFormat.docx:
        from thinkfamily.render import word  # noqa: PLC0415 - python-docx, for this format only

        return word.write(doc)
    if chosen is ExportFormat.html:
        return html.write(doc).encode("utf-8")

    return markdown.write(doc).encode("utf-8")


@contextlib.contextmanager
def writing_to(output: Path) -> Iterator[None]:
    """What a write to the user's file may fail with, said in their words."""
    try:
        yield
    except FileExistsError:
        raise ThinkFamilyError(
            f"{output} already exists.", hint="Give another file name, or --force to replace it."
        ) from None
    except OSError as exc:
        raise StoreError(f"Cannot write {output}: {exc.strerror or exc}.") from None
