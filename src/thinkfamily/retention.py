"""Deleting records: one at a time, or all older than a retention period."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import export, supervision
from .errors import StoreError, ThinkFamilyError
from .paths import Paths
from .store import Store, parse_record_name

_AGE = re.compile(r"^(\d{1,3})([ymwd])$")


def cutoff(age: str, now: datetime | None = None) -> datetime:
    """The moment `age` (6y, 18m, 8w, 30d) before now; months and years by the calendar."""
    match = _AGE.match(age.strip().lower())
    if not match:
        raise ThinkFamilyError(
            f"'{age}' is not an age.", hint="Write it as a number and y, m, w or d: 6y, 18m, 30d."
        )
    count, unit = int(match[1]), match[2]
    now = now or datetime.now(UTC)
    if unit == "d":
        return now - timedelta(days=count)
    if unit == "w":
        return now - timedelta(weeks=count)
    months = count * 12 if unit == "y" else count
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)  # a day every month has; retention is not that precise
    return now.replace(year=year, month=month + 1, day=day)


def older_than_cutoff(store: Store, before: datetime) -> list[Path]:
    files, _ = store.record_files()
    return sorted(f.path for f in files if f.when < before)


def describe(paths: Paths, path: Path) -> str:
    parsed = parse_record_name(path)
    extra = []
    if supervision.path_for(paths.supervision, path.stem).exists():
        extra.append("supervision notes")
    exports = [p for p in export.exported_files(paths.exports_log, path.stem) if p.exists()]
    if exports:
        extra.append(f"{len(exports)} export{'s' if len(exports) != 1 else ''}")
    when = f"{parsed.when:%Y-%m-%d %H:%M} UTC, " if parsed else ""
    what = f"{parsed.checklist}, case {parsed.case or '(none)'}" if parsed else str(path)
    return f"{path.stem}: {when}{what}" + (f" (with {', '.join(extra)})" if extra else "")


def delete_record(paths: Paths, path: Path) -> list[Path]:
    """Remove a record, its supervision file and the exports the tool wrote of it."""
    record_id = path.stem
    targets = [
        path,
        supervision.path_for(paths.supervision, record_id),
        *export.exported_files(paths.exports_log, record_id),
    ]
    removed = []
    for target in targets:
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"Cannot delete {target}: {exc.strerror}.") from None
        removed.append(target)
    export.forget_exports(paths.exports_log, record_id)
    return removed
