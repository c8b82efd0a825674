"""A record as Markdown, JSON or CSV, optionally redacted, to stdout or a private file."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from . import markdown, privacy
from .errors import StoreError, ThinkFamilyError
from .models import Answer, Record, Supervision
from .store import atomic_write, ensure_private_dir, write_json

Format = Literal["markdown", "json", "csv"]
REDACTED = "[redacted]"

CSV_COLUMNS = (
    "record_id",
    "checklist",
    "checklist_version",
    "case",
    "finished",
    "section",
    "number",
    "question_id",
    "question",
    "scale",
    "answer",
    "concern",
    "note",
    "action",
    "currently_in_place",
    "more_could_be_in_place",
    "response",
    "correct",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Redactor = Callable[[str], str]


def name_redactor(*secrets: str | None) -> Redactor:
    """Replace each of the given texts (case-insensitively, whole words) with [redacted]."""
    words = sorted({s.strip() for s in secrets if s and s.strip()}, key=len, reverse=True)
    if not words:
        return lambda value: value
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
    )
    return lambda value: pattern.sub(REDACTED, value)


def redact(record: Record, watch_names: tuple[str, ...] = ()) -> Record:
    """The record without the practitioner's name or the case reference, and notes scrubbed
    of those and of anything else that looks like a personal identifier."""
    names = name_redactor(record.practitioner.name, record.case)
    identifiers = privacy.redactor(watch_names)

    def scrub(value: str) -> str:
        return identifiers(names(value))

    def clean(value: str | None) -> str | None:
        return scrub(value) if value else value

    answers = tuple(
        a.model_copy(
            update={
                "note": clean(a.note),
                "action": clean(a.action),
                "currently_in_place": clean(a.currently_in_place),
                "more_could_be_in_place": clean(a.more_could_be_in_place),
                "response": clean(a.response),
            }
        )
        for a in record.answers
    )
    record_id = record.id.replace(record.case, REDACTED) if record.case else record.id
    return record.model_copy(
        update={
            "id": record_id,
            "case": None,
            "practitioner": record.practitioner.model_copy(update={"name": None}),
            "answers": answers,
            "reflection": clean(record.reflection),
        }
    )


def _cell(value: str | None) -> str:
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value or ""


def csv_text(record: Record) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, answer in enumerate(record.answers, 1):
        writer.writerow(_csv_row(record, number, answer))
    return out.getvalue()


def _csv_row(record: Record, number: int, answer: Answer) -> list[str]:
    return [
        record.id,
        record.checklist.id,
        record.checklist.version,
        record.case or "",
        record.finished.isoformat(),
        _cell(answer.section),
        str(number),
        answer.question_id,
        _cell(answer.text),
        answer.scale,
        answer.answer,
        "yes" if answer.concern else "no",
        _cell(answer.note),
        _cell(answer.action),
        _cell(answer.currently_in_place),
        _cell(answer.more_could_be_in_place),
        _cell(answer.response),
        "" if answer.correct is None else ("yes" if answer.correct else "no"),
    ]


def render(
    record: Record,
    fmt: Format,
    supervision: Supervision | None = None,
    *,
    contacts: list[str] | None = None,
) -> str:
    if fmt == "json":
        return (
            json.dumps(record.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)
            + "\n"
        )
    if fmt == "csv":
        return csv_text(record)
    return markdown.render(record, supervision, contacts=contacts)


def write_file(path: Path, text: str, *, force: bool, log: Path, record_id: str) -> None:
    """Write an export as a private file, never replacing one unless asked to."""
    try:
        atomic_write(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise ThinkFamilyError(
            f"{path} already exists.", hint="Give another file name, or --force to replace it."
        ) from None
    except OSError as exc:
        raise StoreError(f"Cannot write {path}: {exc.strerror or exc}.") from None
    _log_export(log, record_id, path)


def _read_log(log: Path) -> dict[str, list[str]]:
    """Which files `export -o` wrote, by record id; a missing or damaged log is empty."""
    try:
        known = json.loads(log.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {
        str(rid): [f for f in files if isinstance(f, str)]
        for rid, files in known.items()
        if isinstance(files, list)
    }


def _write_log(log: Path, known: dict[str, list[str]]) -> None:
    with contextlib.suppress(OSError):  # the exports themselves are what matter; this helps
        ensure_private_dir(log.parent)
        write_json(log, known)


def _log_export(log: Path, record_id: str, path: Path) -> None:
    known = _read_log(log)
    files = known.setdefault(record_id, [])
    resolved = str(path.resolve())
    if resolved not in files:
        files.append(resolved)
    _write_log(log, known)


def exported_files(log: Path, record_id: str) -> list[Path]:
    return [Path(f) for f in _read_log(log).get(record_id, [])]


def forget_exports(log: Path, record_id: str) -> None:
    """Drop a deleted record's exports from the log."""
    known = _read_log(log)
    if known.pop(record_id, None) is not None:
        _write_log(log, known)
