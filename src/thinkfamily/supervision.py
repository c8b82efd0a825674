"""Supervision outcomes, stored beside records and never written into them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .clock import aware_now
from .errors import StoreError
from .store import ensure_private_dir, write_json

if TYPE_CHECKING:
    from .models import Supervision


def path_for(folder: Path, record_id: str) -> Path:
    return folder / f"{record_id}.json"


def load(folder: Path, record_id: str) -> Supervision | None:
    from pydantic import ValidationError  # noqa: PLC0415 - `records` lists without it

    from .models import Supervision  # noqa: PLC0415

    path = path_for(folder, record_id)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return Supervision.model_validate_json(raw)
    except ValidationError:
        raise StoreError(
            f"{path} is not a readable supervision file.",
            hint="Move it aside; `thinkfamily supervise` will start a new one.",
        ) from None


def add_session(
    folder: Path,
    record_id: str,
    *,
    date: str,
    supervisor: str | None,
    decisions: str | None,
    actions: list[tuple[str, str | None]],
) -> tuple[Supervision, Path]:
    """Append one discussion to the record's supervision file (written atomically)."""
    from .models import AgreedAction, Supervision, SupervisionSession  # noqa: PLC0415

    current = load(folder, record_id)
    session = SupervisionSession(
        date=date,
        supervisor=supervisor or None,
        decisions=decisions or None,
        actions=tuple(AgreedAction(action=a, by=b or None) for a, b in actions),
        recorded=aware_now(),
    )
    updated = Supervision(
        record_id=record_id,
        sessions=(*(current.sessions if current else ()), session),
    )
    path = path_for(folder, record_id)
    try:
        ensure_private_dir(folder)
        write_json(path, json.loads(updated.model_dump_json(by_alias=True)))
    except OSError as exc:
        raise StoreError(
            f"Cannot save the supervision notes in {folder}: {exc.strerror}."
        ) from None
    return updated, path


def supervised_ids(folder: Path) -> dict[str, Path]:
    """Record ids that have a supervision file, found from file names alone."""
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in folder.glob("*.json")}
