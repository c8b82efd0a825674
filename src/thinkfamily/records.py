"""Listing saved records, newest first, without letting one bad file stop the list."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import StoreError
from .scales import RECORD_SCHEMA, SKIPPED
from .store import Store, atomic_write

if TYPE_CHECKING:
    from .models import Record


class Listed(NamedTuple):
    """One line of the record list (a tuple: thousands are made)."""

    id: str
    finished: str
    checklist: str
    case: str | None
    answered: int
    questions: int
    concerns: int
    path: str
    supervised: bool = False


INDEX_SCHEMA = "thinkfamily.index/2"
INDEX_NAME = ".index.json"
_TYPES = [str, int, int, int]  # finished, answered, questions, concerns
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _summary(raw: bytes) -> list[Any]:
    """What a listing shows of a record that its file name does not: finished, answered,
    questions, concerns."""
    data = json.loads(raw)
    if not isinstance(data, dict) or data.get("schema") != RECORD_SCHEMA:
        raise ValueError("not a thinkfamily record")
    finished = data["finished"]
    if not isinstance(finished, str) or not _ISO_TIME.fullmatch(finished):
        raise ValueError("its finishing time is not a date and time")
    answers = data["answers"]
    return [
        finished,
        sum(1 for a in answers if a["answer"] != SKIPPED),
        len(answers),
        sum(1 for a in answers if a.get("concern")),
    ]


class _Index:
    """Summaries of record files by file name, so listing thousands opens only new ones.

    Records are written once and never edited, so a name stands for its content; names
    the index does not know are read and added, and names that are gone are dropped.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / INDEX_NAME
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes())
            valid = (
                isinstance(data, dict)
                and data.get("schema") == INDEX_SCHEMA
                and isinstance(data.get("entries"), dict)
            )
            self.entries: dict[str, list[Any]] = data["entries"] if valid else {}
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def summary(self, path: str, name: str) -> list[Any]:
        """finished, answered, questions, concerns."""
        entry = self.entries.get(name)
        if type(entry) is list and [type(v) for v in entry] == _TYPES:
            return entry
        with open(path, "rb") as file:  # noqa: PTH123 - a plain path string, on purpose
            fields = _summary(file.read())
        self.entries[name] = fields
        self.changed = True
        return fields

    def save(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        for name in stale:
            del self.entries[name]
        if self.changed or stale:
            with contextlib.suppress(OSError):  # the index only saves time
                data = {"schema": INDEX_SCHEMA, "entries": self.entries}
                text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
                atomic_write(self.path, text.encode("utf-8"))


def list_records(
    store: Store,
    *,
    checklist: str | None = None,
    case: str | None = None,
    since: date | None = None,
    supervised: Collection[str] = (),
) -> tuple[list[Listed], list[str]]:
    """Records matching the filters, newest first, and warnings for files skipped."""
    files, foreign = store.record_files()
    warnings = [f"skipped {p}: not named like a thinkfamily record" for p in foreign]
    index = _Index(store.records)
    listed = []
    for entry in files:
        # The file name carries checklist, case and time: filter before opening.
        if checklist and entry.checklist != checklist:
            continue
        if case and entry.case != case:
            continue
        if since and entry.when.astimezone().date() < since:
            continue
        path = f"{entry.folder}{os.sep}{entry.name}"
        try:
            finished, answered, questions, concerns = index.summary(path, entry.name)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = "not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
            warnings.append(f"skipped {entry.path}: {reason or type(exc).__name__}")
            continue
        listed.append(
            Listed(
                entry.id,
                finished,
                entry.checklist,
                entry.case,
                answered,
                questions,
                concerns,
                path,
                entry.id in supervised,
            )
        )
    if files:
        index.save({f.name for f in files})
    return listed, warnings


def load_record(path: Path) -> Record:
    from pydantic import ValidationError  # noqa: PLC0415 - only `show` and `export` need it

    from .models import Record  # noqa: PLC0415

    try:
        return Record.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise StoreError(
            f"{path} is not a readable thinkfamily record ({where}: {first['msg']})."
        ) from None
