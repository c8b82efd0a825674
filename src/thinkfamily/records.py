"""Listing saved records, newest first, without letting one bad file stop the list."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from .errors import StoreError
from .models import RECORD_SCHEMA, SKIPPED, Record
from .store import Store


@dataclass(frozen=True)
class Listed:
    id: str
    finished: str
    checklist: str
    case: str | None
    answered: int
    questions: int
    concerns: int
    path: Path
    supervised: bool = False


def _summarise(path: Path, supervised: bool) -> Listed:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or data.get("schema") != RECORD_SCHEMA:
        raise ValueError("not a thinkfamily record")
    answers = data["answers"]
    return Listed(
        id=str(data["id"]),
        finished=str(data["finished"]),
        checklist=str(data["checklist"]["id"]),
        case=data.get("case"),
        answered=sum(1 for a in answers if a["answer"] != SKIPPED),
        questions=len(answers),
        concerns=sum(1 for a in answers if a.get("concern")),
        path=path,
        supervised=supervised,
    )


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
    listed = []
    for entry in files:
        # The file name carries checklist, case and time: filter before opening.
        if checklist and entry.checklist != checklist:
            continue
        if case and entry.case != case:
            continue
        if since and entry.when.astimezone().date() < since:
            continue
        try:
            listed.append(_summarise(entry.path, entry.id in supervised))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            reason = "not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
            warnings.append(f"skipped {entry.path}: {reason or type(exc).__name__}")
    return listed, warnings


def load_record(path: Path) -> Record:
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
