"""The record store: atomic private writes, record files, drafts and look-ups."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from .errors import NotFoundError, StoreError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

# 20261123T163012Z[-2]_practitioner[_ABC123].json: time (UTC), checklist, case.
_RECORD_NAME = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?_(?P<checklist>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?:_(?P<case>[A-Za-z0-9_-]+))?\.json$"
)


def ensure_private_dir(path: Path) -> None:
    """Create a folder (and parents) readable by the user alone, whatever the umask."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {folder}: {exc.strerror}.") from None
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is filtered by the umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` all at once or not at all, as a 0600 file.

    The bytes go to a temporary file in the same folder, are flushed to disk, then
    renamed into place; without `overwrite`, an existing file is never replaced
    (FileExistsError).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        try:
            if hasattr(os, "fchmod"):  # not on Windows, where modes mean little
                os.fchmod(fd, PRIVATE_FILE)  # the umask may have narrowed os.open's mode
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if `path` exists: never overwrites
            os.unlink(tmp)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_json(path: Path, data: Any, *, overwrite: bool = True) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8"), overwrite=overwrite)


class RecordFile(NamedTuple):
    """What a record's file name says, without opening it (a tuple: thousands are made)."""

    id: str
    folder: str
    name: str
    stamp: str  # 20261123T163012Z: when it was finished, in UTC, to the second
    checklist: str
    case: str | None

    @property
    def path(self) -> Path:
        return Path(self.folder, self.name)

    @property
    def when(self) -> datetime:
        s = self.stamp  # parsed by hand: strptime is slow across thousands of names
        return datetime(
            int(s[:4]),
            int(s[4:6]),
            int(s[6:8]),
            int(s[9:11]),
            int(s[11:13]),
            int(s[13:15]),
            tzinfo=UTC,
        )


def parse_record_name(path: Path) -> RecordFile | None:
    return _parse_name(str(path.parent), path.name)


def _parse_name(folder: str, name: str) -> RecordFile | None:
    match = _RECORD_NAME.match(name)
    if match is None:
        return None
    return RecordFile(name[:-5], folder, name, match["stamp"], match["checklist"], match["case"])


def record_stem(when: datetime, checklist_id: str, case: str | None, n: int = 1) -> str:
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{n}" if n > 1 else ""
    return f"{stamp}{suffix}_{checklist_id}" + (f"_{case}" if case else "")


class Store:
    """Records and drafts under one data folder."""

    def __init__(self, records: Path, drafts: Path) -> None:
        self.records = records
        self.drafts = drafts

    # --- records ---------------------------------------------------------------

    def save_record(self, build: Any, when: datetime, checklist_id: str, case: str | None) -> Path:
        """Write a new record file; `build(id)` gives its JSON data for a given id.

        Two records finishing in the same second get distinct names; none is ever
        overwritten.
        """
        try:
            ensure_private_dir(self.records)
        except StoreError as exc:
            raise StoreError(f"Cannot save the record: {exc.message}") from None
        for n in range(1, 1000):
            stem = record_stem(when, checklist_id, case, n)
            path = self.records / f"{stem}.json"
            if path.exists():
                continue
            try:
                write_json(path, build(stem), overwrite=False)
            except FileExistsError:
                continue
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise StoreError(f"Cannot save the record in {self.records}: {reason}.") from None
            return path
        raise StoreError(f"Cannot find a free record name in {self.records}.")

    def record_files(self) -> tuple[list[RecordFile], list[Path]]:
        """Record files newest first, and files in the folder that are not records."""
        if not self.records.is_dir():
            return [], []
        found: list[RecordFile] = []
        foreign: list[Path] = []
        folder = str(self.records)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                parsed = _parse_name(folder, entry.name)
                if parsed is None:
                    if entry.name.endswith(".json"):
                        foreign.append(Path(entry.path))
                    continue
                found.append(parsed)
        found.sort(reverse=True)  # by id, which starts with the time: newest first
        return found, sorted(foreign)

    def resolve(self, ref: str) -> Path:
        """A record id, a unique prefix of one, `latest`, or a path to a record file."""
        candidate = Path(ref).expanduser()
        if candidate.suffix == ".json" and candidate.is_file():
            return candidate
        files, _ = self.record_files()
        if not files:
            raise NotFoundError(
                "There are no saved records yet.",
                hint="Run a checklist first: thinkfamily check practitioner",
            )
        if ref == "latest":
            return files[0].path
        exact = [f for f in files if f.id == ref]
        matches = exact or [f for f in files if f.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0].path
        if not matches:
            raise NotFoundError(
                f"No record matches '{ref}'.",
                hint="Run `thinkfamily records` to see record ids, or give `latest`.",
            )
        shown = ", ".join(f.id for f in matches[:5])
        raise NotFoundError(
            f"'{ref}' matches {len(matches)} records ({shown}{', ...' if len(matches) > 5 else ''}).",  # noqa: PLR2004, E501
            hint="Give more of the id.",
        )

    # --- drafts ----------------------------------------------------------------

    def draft_path(self, checklist_id: str, case: str | None) -> Path:
        return self.drafts / (f"{checklist_id}_{case}.json" if case else f"{checklist_id}.json")

    def save_draft(self, checklist_id: str, case: str | None, data: dict[str, Any]) -> Path:
        path = self.draft_path(checklist_id, case)
        try:
            ensure_private_dir(self.drafts)
            write_json(path, data)
        except OSError as exc:
            raise StoreError(
                f"Cannot save your answers as a draft in {self.drafts}: {exc.strerror or exc}."
            ) from None
        return path

    def load_draft(self, checklist_id: str, case: str | None) -> dict[str, Any] | None:
        path = self.draft_path(checklist_id, case)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(
                f"The draft {path} cannot be read ({exc}).",
                hint="Move it aside to start again: it may still hold answers you typed.",
            ) from None
        if not isinstance(data, dict) or data.get("schema") != DRAFT_SCHEMA:
            raise StoreError(
                f"The draft {path} is not a thinkfamily draft.",
                hint="Move it aside to start again.",
            )
        return data

    def delete_draft(self, checklist_id: str, case: str | None) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.draft_path(checklist_id, case).unlink()


DRAFT_SCHEMA = "thinkfamily.draft/1"


def loose_permissions(path: Path) -> bool:
    """True when a folder can be read by the group or by others."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"'{text}' is not a date; write it as YYYY-MM-DD.") from None
