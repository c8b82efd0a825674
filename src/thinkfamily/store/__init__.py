"""Everything under the data folder: records and their index, drafts, supervision notes and
the exports log.

This is the only module that reads or writes those files' bytes (through `files`),
and `read_record` is the one reader of a record, so that a later change of storage,
such as encryption at rest, is made here alone.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import hashlib
import os
import sqlite3
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Generic, NamedTuple, Self, TypeVar

from thinkfamily import dates
from thinkfamily.convert import Problems, convert, dump, format_loc
from thinkfamily.errors import NotFoundError, StoreError
from thinkfamily.files import (
    MAX_RECORD_BYTES,
    TMP_SUFFIX,
    WINDOWS,
    Busy,
    SideFile,
    TooLargeError,
    ensure_private_dir,
    json_data,
    lock,
    read_limited,
    read_regular,
    remove,
    remove_stale_temporaries,
    write_json,
)
from thinkfamily.files import atomic_write as _atomic_write
from thinkfamily.models.actions import ActionsLog, Done
from thinkfamily.models.record import (
    DRAFT_SCHEMA,
    RECORD_NAME,
    RECORD_SCHEMA,
    Draft,
    Record,
    record_stem,
)
from thinkfamily.models.sidefiles import Exported, ExportsLog
from thinkfamily.models.supervision import Supervision, SupervisionSession
from thinkfamily.paths import Paths

from .index import INDEX_NAME, RecordIndex, RecordSummary, discard, stamp


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
        return datetime.fromisoformat(self.stamp)


def parse_record_name(path: Path) -> RecordFile | None:
    return _parse_name(str(path.parent), path.name)


def _parse_name(folder: str, name: str) -> RecordFile | None:
    if not name.endswith(".json"):
        return None
    match = RECORD_NAME.fullmatch(name, 0, len(name) - 5)
    if match is None:
        return None
    return RecordFile(name[:-5], folder, name, match["stamp"], match["checklist"], match["case"])


def _of_case(files: list[RecordFile], ref: str) -> list[RecordFile]:
    """The record files of the case `ref` (whatever its letter case), if they are one;
    when they are several, the error lists them, newest first, to choose from."""
    wanted = ref.strip().casefold()
    matches = [f for f in files if (f.case or "").casefold() == wanted]
    if len(matches) > 1:
        listed = "\n".join(
            f"  {f.id}  {f.when.astimezone():%d/%m/%Y %H:%M}  {f.checklist}" for f in matches
        )
        raise NotFoundError(
            f"Case {matches[0].case} has {len(matches)} records, newest first:\n{listed}",
            hint="Give one of these ids (a unique start is enough).",
        )
    return matches


def _newest_key(name: str) -> tuple[str, int, str]:
    """Sorts record names by finishing time, then by the `-n` a record finished in the
    same second as another gets (`-10` after `-9`; none counts as 1)."""
    if name[16:17] != "-":
        return name[:16], 1, name
    n = name[17:].partition("_")[0]
    return name[:16], int(n) if n.isdigit() else 0, name


_T = TypeVar("_T")


def record_day(finished: str) -> date:
    """The day a record was finished, as the clock where it was made showed it."""
    return date.fromisoformat(finished[:10])


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


@dataclass
class Summaries(Generic[_T]):
    """What was asked of the records index, brought in step with the folder (`found`,
    newest first); the files that could not be read, with why; the files not named like
    records; and the index, to ask more of (close it when done: `with`)."""

    found: list[_T]
    skipped: list[tuple[Path, str]]
    foreign: list[Path]
    index: RecordIndex

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.index.close()


# How far ahead of this computer's clock another's may have been when a record was made.
_CLOCK_SKEW = timedelta(minutes=5)
# How long a command waits for another to finish changing the data folder.
_LOCK_WAIT = 30.0


class Store:
    """Records, drafts, supervision notes and the exports log under one data folder."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.records = paths.records
        self.drafts = paths.drafts

    # --- the folders ---------------------------------------------------------------

    def check_folders(self) -> list[str]:
        """Refuse a data folder another user could change, or a store folder that is a
        link or a file; return warnings for folders other users could read."""
        warnings: list[str] = []
        data = self.paths.data
        for folder in (data, self.records, self.drafts, self.paths.supervision):
            try:
                info = folder.lstat() if folder != data else folder.stat()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(f"Cannot use {folder}: {exc.strerror}.") from None
            if stat.S_ISLNK(info.st_mode):
                raise StoreError(
                    f"{folder} is a link to another place, so records could be written where "
                    "you did not mean them to be.",
                    hint=f"Replace the link with a real folder (move it aside, and "
                    f"thinkfamily will make a new {folder.name} folder), or point "
                    "THINKFAMILY_HOME at the place you want.",
                )
            if not stat.S_ISDIR(info.st_mode):
                raise StoreError(
                    f"{folder} should be a folder, but it is a file.",
                    hint="Move the file aside; thinkfamily will make the folder again.",
                )
            if WINDOWS:
                continue  # the profile's access control protects the data folder there
            if info.st_uid != os.getuid():
                raise StoreError(
                    f"{folder} belongs to another user of this computer, who could read, "
                    "change or plant records in it.",
                    hint="Keep your records in a folder of your own: unset THINKFAMILY_HOME, "
                    "or point it at a folder you made.",
                )
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                raise StoreError(
                    f"{folder} can be changed by other users of this computer, who could "
                    "delete or plant records in it.",
                    hint=f"Make it yours alone with: chmod 700 {folder}",
                )
            if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                warnings.append(
                    f"{folder} can be read by other users of this computer, and records "
                    f"describe real families. Fix it with: chmod 700 {folder}"
                )
        return warnings

    def tidy(self) -> None:
        """Remove the temporary copies of drafts, supervision notes and the exports log that
        a killed process left behind (the records folder is tidied as it is listed)."""
        for folder in (self.drafts, self.paths.supervision, self.paths.data):
            try:
                with os.scandir(folder) as entries:
                    left = [e.name for e in entries if e.name.endswith(TMP_SUFFIX)]
            except OSError:
                continue
            remove_stale_temporaries(folder, left)

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Hold the data folder while a file is read, changed and written again (supervision
        notes, the exports log), so that two commands at once never lose each other's work."""
        return _held(
            self.paths.data / ".lock",
            _LOCK_WAIT,
            StoreError(
                "Another thinkfamily command has been changing the data folder for too long.",
                hint="Wait for it to finish, then run this again.",
            ),
        )

    def walking(
        self, checklist_id: str, case: str | None
    ) -> contextlib.AbstractContextManager[None]:
        """Hold a draft for one walk: a second walk of the same checklist and case at once
        is refused, so that neither can overwrite or delete the other's answers."""
        draft = self.draft_path(checklist_id, case)
        who = f" for case {case}" if case else ""
        return _held(
            draft.with_name(f".{draft.stem}.lock"),
            0.0,
            StoreError(
                f"This checklist{who} is open in another thinkfamily window or terminal.",
                hint="Carry on there, or leave it there with q (its answers are kept as a "
                "draft), then run this again to resume.",
            ),
        )

    # --- records -------------------------------------------------------------------

    def read_record(self, path: Path) -> Record:
        """A saved record, checked against the record format; its id must be its file's
        name, since supervision notes and exports are filed under it."""
        record = read_record(path)
        if record.id != path.stem:
            raise RecordError(path, f"its id '{record.id}' is not its file's name")
        return record

    def save_record(self, record: Record) -> tuple[Record, Path]:
        """Write a new record file, never replacing one: two records finishing in the same
        second get distinct ids (`...Z-2_...`). Returns the record as saved, with its id."""
        try:
            ensure_private_dir(self.records)
        except StoreError as exc:
            raise StoreError(f"Cannot save the record: {exc.message}") from None
        for n in range(1, 1000):
            stem = record_stem(record.finished_at, record.checklist.id, record.case, n)
            path = self.records / f"{stem}.json"
            if path.exists():
                continue
            saved = record.with_id(stem)
            try:
                write_json(path, dump(saved), overwrite=False)
            except FileExistsError:
                continue
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise StoreError(f"Cannot save the record in {self.records}: {reason}.") from None
            if (self.records / INDEX_NAME).is_file():  # kept in step once there is one
                with (
                    contextlib.suppress(OSError, sqlite3.Error),  # the index only saves time
                    RecordIndex.open(self.records) as index,
                ):
                    info = path.stat()
                    index.add(path.name, saved, stamp(info.st_size, info.st_mtime_ns))
            return saved, path
        raise StoreError(f"Cannot find a free record name in {self.records}.")

    def _names(
        self, stamps: dict[str, str] | None = None, ending: Callable[[str], bool] | None = None
    ) -> list[str]:
        """The names of the JSON files in the records folder, newest record first (ids
        start with the time); with `ending`, only those it accepts, before any are sorted.
        Names are checked against the record pattern by the callers, and only where the
        index cannot vouch for them: at 100,000 records that check is a good part of a
        listing's time."""
        names: list[str] = []
        left: list[str] = []  # temporary files of writes a killed process never finished
        try:
            with os.scandir(self.records) as entries:
                for e in entries:
                    name = e.name
                    if name.endswith(".json"):
                        if ending is not None and not ending(name):
                            continue
                        if name[0] != "." and e.is_file(follow_symlinks=False):
                            names.append(name)
                            if stamps is not None:  # what the index is checked against
                                info = e.stat(follow_symlinks=False)
                                stamps[name] = stamp(info.st_size, info.st_mtime_ns)
                    elif name.endswith(TMP_SUFFIX):
                        left.append(name)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(
                f"Cannot read the records folder {self.records}: {exc.strerror}.",
                hint="It should be a folder that you own; move aside whatever is there.",
            ) from None
        remove_stale_temporaries(self.records, left)
        # By text, which is by time to the second (100,000 names in a few hundredths of a
        # second); then, only within a second that holds `-n` names, by that number.
        names.sort()
        for second in {n[:16] for n in names if n[16:17] == "-"}:
            first = bisect.bisect_left(names, second)
            end = bisect.bisect_right(names, second + "\x7f")
            names[first:end] = sorted(names[first:end], key=_newest_key)
        names.reverse()
        return names

    def latest_of(self, checklist_id: str, case: str | None) -> Path | None:
        """The last walk of a checklist for a case (in any letter case), or with no case,
        found from file names alone: newest first, so the search stops at the first."""
        folder = str(self.records)
        wanted = case.casefold() if case else None
        # What such a name ends with: the others are neither sorted nor parsed.
        end = f"_{checklist_id}_{wanted}.json" if wanted else f"_{checklist_id}.json"
        names = (
            name
            for name in self._names(
                ending=lambda name: (name.casefold() if wanted else name).endswith(end)
            )
            if (found := _parse_name(folder, name))
            and found.checklist == checklist_id
            and (found.case.casefold() if found.case else None) == wanted
        )
        latest = self._latest(names)
        return latest[0].path if latest else None

    def _latest(self, names: Iterable[str]) -> list[RecordFile]:
        """The record finished last, passing over any dated later than now (saved while the
        clock was wrong): otherwise it would stay `latest` for years. The names are newest
        first, so only those before the answer are parsed, not all of them."""
        soon = (dates.now().astimezone(UTC) + _CLOCK_SKEW).strftime("%Y%m%dT%H%M%SZ")
        folder = str(self.records)
        first: RecordFile | None = None  # the newest, if every record is dated too late
        for name in names:
            found = _parse_name(folder, name)
            if found is not None:
                if found.stamp <= soon:
                    return [found]
                first = first or found
        return [first] if first else []

    def record_files(self) -> tuple[list[RecordFile], list[Path]]:
        """Record files newest first, and files in the folder that are not records."""
        folder = str(self.records)
        found: list[RecordFile] = []
        foreign: list[Path] = []
        for name in self._names():
            parsed = _parse_name(folder, name)
            if parsed is None:
                foreign.append(Path(folder, name))
            else:
                found.append(parsed)
        return found, sorted(foreign)

    def resolve(self, ref: str) -> Path:
        """A record id, a unique prefix of one, `latest`, a case reference that names one
        record, or a path to a record file of the store (never a file elsewhere: what is
        done to a record must stay in the store)."""
        if not ref.strip():  # a prefix of every id: `delete ""` must not mean them all
            raise NotFoundError(
                "Give a record id, a unique start of one, or `latest`: an empty reference "
                "names no record.",
                hint="Run `thinkfamily records` to see record ids.",
            )
        candidate = Path(ref).expanduser()
        if candidate.suffix == ".json" and (candidate.exists() or candidate.is_symlink()):
            return self._own(candidate)
        folder = str(self.records)
        names = self._names()  # newest first; only names that could answer are checked

        def parsed(name: str) -> RecordFile | None:
            return _parse_name(folder, name)

        if ref == "latest":
            matches = self._latest(names)
        elif f"{ref}.json" in names and (exact := parsed(f"{ref}.json")):
            matches = [exact]
        else:
            matches = [f for n in names if n[:-5].startswith(ref) and (f := parsed(n))]
        if not matches:  # a case reference, in any letter case, names that case's records
            matches = _of_case([f for n in names if (f := parsed(n))], ref)
        if len(matches) == 1:
            return matches[0].path
        if not matches and not any(map(parsed, names)):
            raise NotFoundError(
                "There are no saved records yet.",
                hint="Run a checklist first: thinkfamily check practitioner",
            )
        if not matches:
            raise NotFoundError(
                f"No record matches '{ref}'.",
                hint="Run `thinkfamily records` to see record ids, or give `latest`.",
            )
        shown = ", ".join(f.id for f in matches[:5])
        more = ", ..." if len(matches) > 5 else ""  # noqa: PLR2004
        raise NotFoundError(
            f"'{ref}' matches {len(matches)} records ({shown}{more}).", hint="Give more of the id."
        )

    def _own(self, path: Path) -> Path:
        """`path`, if it names a record file in the records folder itself."""
        try:
            inside = path.resolve().parent == self.records.resolve()
        except OSError:
            inside = False
        if inside and not path.is_symlink() and _parse_name("", path.name) and path.is_file():
            return self.records / path.name
        raise NotFoundError(
            f"{path} is not a record of thinkfamily's records folder ({self.records}).",
            hint="Give a record id from `thinkfamily records`; to see patterns in record "
            "files from elsewhere, use `thinkfamily report PATH`.",
        )

    def summaries(
        self,
        *,
        checklist: str | None = None,
        case: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Summaries[RecordSummary]:
        """Every record's summary, newest first, from the index (reading only the records it
        does not know), with the files skipped and those not named like records.
        `progress(done, total)` counts the files read."""
        # Filtered by what the records hold, known or just read, so that a record renamed by
        # hand is found by the same filter on every run.
        return self._refreshed(
            progress, lambda index: index.summaries(checklist=checklist, case=case)
        )

    def asked(
        self,
        work: Callable[[Summaries[RecordSummary]], _T],
        *,
        checklist: str | None = None,
        case: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> _T:
        """`work` done on the records' summaries and the index behind them. If the index
        proves damaged while `work` reads it (a page or a table lost), it is made again from
        the records and `work` is done once more."""
        for _ in range(2):
            with self.summaries(checklist=checklist, case=case, progress=progress) as found:
                try:
                    return work(found)
                except sqlite3.Error as exc:
                    if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                        break
            discard(self.records)
        raise StoreError(
            "The records index is in use by another thinkfamily command.",
            hint="Try again when it has finished.",
        )

    def _refreshed(
        self,
        progress: Callable[[int, int], None] | None,
        query: Callable[[RecordIndex], list[_T]],
    ) -> Summaries[_T]:
        """The index brought in step with the files, and what `query` asks of it. An index
        found damaged is made again from the records; one another command holds for longer
        than the wait is left to it, and this command uses one in memory."""
        stamps: dict[str, str] = {}
        names = self._names(stamps)
        for _ in range(2):
            index = RecordIndex.open(self.records)
            try:
                return self._indexed(index, names, stamps, progress, query)
            except sqlite3.Error as exc:
                index.close()
                if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                    break
                discard(self.records)
        return self._indexed(RecordIndex.open(None), names, stamps, progress, query)

    def _indexed(
        self,
        index: RecordIndex,
        names: list[str],
        stamps: dict[str, str],
        progress: Callable[[int, int], None] | None,
        query: Callable[[RecordIndex], list[_T]],
    ) -> Summaries[_T]:
        """The index brought in step with the files (`stamps`: each file's state now)."""
        folder = str(self.records)
        recorded = {
            n for n in names if n.endswith(".json") and RECORD_NAME.fullmatch(n, 0, len(n) - 5)
        }
        foreign = sorted(Path(folder, n) for n in names if n not in recorded)
        skipped: list[tuple[Path, str]] = []
        known = index.stamps()
        if len(known) != len(recorded) or any(known.get(n) != stamps[n] for n in recorded):
            # Under the write lock, looked at again: another command may have just done it.
            index.begin()
            known = index.stamps()
            index.forget(name for name in known if name not in recorded)
            unread = [n for n in names if n in recorded and known.get(n) != stamps[n]]
            for done, name in enumerate(unread, 1):
                if progress:
                    progress(done, len(unread))
                path = self.records / name
                try:
                    index.add(name, self.read_record(path), stamps[name])
                except RecordError as exc:
                    skipped.append((path, exc.reason))
                    index.forget([name])
                except StoreError as exc:
                    skipped.append((path, exc.message))
                    index.forget([name])
        index.snapshot()
        return Summaries(query(index), skipped, foreign, index)

    def list_records(
        self,
        *,
        checklist: str | None = None,
        case: str | None = None,
        since: date | None = None,
    ) -> tuple[list[Listed], list[str]]:
        """Records matching the filters, newest first, and warnings for files skipped."""
        start = f"{self.records}{os.sep}"
        with self._refreshed(
            None, lambda index: index.listing(checklist=checklist, case=case)
        ) as found:
            warnings = [f"skipped {p}: not named like a thinkfamily record" for p in found.foreign]
            warnings += [f"skipped {path}: {reason}" for path, reason in found.skipped]
        supervised = self.supervised_ids()
        listed = [
            Listed(*row[:7], start + row[7], row[0] in supervised)
            for row in found.found
            if not since or record_day(row[1]) >= since
        ]
        return listed, warnings

    # --- drafts --------------------------------------------------------------------

    def draft_path(self, checklist_id: str, case: str | None) -> Path:
        """A draft's file: case references differing only in letter case never share one,
        even where the file system ignores letter case (Windows, macOS)."""
        if not case:
            return self.drafts / f"{checklist_id}.json"
        return self.drafts / f"{checklist_id}_{case.lower()}_{zlib.crc32(case.encode()):08x}.json"

    def _draft_files(self, checklist_id: str, case: str | None) -> list[Path]:
        # Drafts saved before names were made case-safe were named by the case as typed.
        older = self.drafts / f"{checklist_id}_{case}.json" if case else None
        return [self.draft_path(checklist_id, case), *([older] if older else [])]

    def load_draft(self, checklist_id: str, case: str | None) -> Draft | None:
        for path in self._draft_files(checklist_id, case):
            try:
                raw = _read(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(
                    f"The draft {path} cannot be read ({exc.strerror}).",
                    hint="Move it aside to start again: it may still hold answers you typed.",
                ) from None
            draft = _draft_from(path, raw)
            if draft.checklist_id == checklist_id and draft.case == case:
                return draft
        return None

    def open_drafts(self) -> tuple[list[tuple[Path, Draft]], list[str]]:
        """Every unfinished walk, most recently started first, and a warning for each
        draft that cannot be read."""
        found: list[tuple[Path, Draft]] = []
        warnings: list[str] = []
        for path in self.draft_files():
            try:
                found.append((path, _draft_from(path, _read(path))))
            except OSError as exc:
                warnings.append(f"skipped {path}: {exc.strerror or exc}")
            except StoreError as exc:
                warnings.append(f"skipped {path}: {exc.message}")
        found.sort(key=lambda item: item[1].started, reverse=True)
        return found, warnings

    def has_draft(self, checklist_id: str, case: str | None) -> bool:
        return any(p.exists() for p in self._draft_files(checklist_id, case))

    def saved_from(self, draft: Draft) -> Path | None:
        """The record already saved from `draft`, if its walk stopped between saving the
        record and removing the draft."""
        started = datetime.fromisoformat(draft.started)
        folder = str(self.records)
        for name in self._names():
            found = _parse_name(folder, name)
            if not found or found.checklist != draft.checklist_id or found.case != draft.case:
                continue
            if found.when < started:
                break  # newest first: the rest finished before this draft began
            # A walk's start, to the second, with its checklist and case, is that walk's
            # alone: a new walk starts a new draft.
            with contextlib.suppress(StoreError):
                if self.read_record(found.path).started_at == started:
                    return found.path
        return None

    def save_draft(self, draft: Draft) -> Path:
        path = self.draft_path(draft.checklist_id, draft.case)
        _write(path, dump(draft), "your answers as a draft")
        return path

    def delete_draft(self, checklist_id: str, case: str | None) -> None:
        for path in self._draft_files(checklist_id, case):
            with contextlib.suppress(FileNotFoundError):
                remove(path)

    # --- supervision notes ---------------------------------------------------------

    def supervision_path(self, record_id: str) -> Path:
        if not RECORD_NAME.fullmatch(record_id):  # an id from a file must not steer a path
            raise StoreError(f"'{record_id}' is not a record id.")
        return self.paths.supervision / f"{record_id}.json"

    def read_supervision(self, record_id: str) -> Supervision | None:

        return _load(
            self.supervision_path(record_id),
            Supervision,
            "a readable supervision file",
            "Move it aside; `thinkfamily supervise` will start a new one.",
        )

    def add_supervision(
        self, record_id: str, session: SupervisionSession
    ) -> tuple[Supervision, Path]:
        """Append one discussion to the record's supervision file (written atomically, and
        with the data folder held, so that two at once both stay)."""

        path = self.supervision_path(record_id)
        with self.writing():
            current = self.read_supervision(record_id)
            updated = Supervision(
                record_id=record_id, sessions=(*(current.sessions if current else ()), session)
            )
            _write(path, dump(updated), "the supervision notes")
        return updated, path

    def supervised_ids(self) -> set[str]:
        """Record ids that have a supervision file, found from file names alone."""
        folder = self.paths.supervision
        if not folder.is_dir():
            return set()
        return {p.stem for p in folder.iterdir() if p.suffix == ".json"}

    # --- the actions log -----------------------------------------------------------

    def read_actions_log(self) -> ActionsLog:
        """Which agreed actions are done; none when nothing has been marked yet."""
        found = _load(
            self.paths.actions_log,
            ActionsLog,
            "a readable actions log",
            "Move it aside; the actions it marked done then show as open, to mark again "
            "with `thinkfamily actions done ID`.",
        )
        return found or ActionsLog()

    def mark_done(self, done: Done) -> None:
        """Add one entry to the actions log (with the data folder held, so that two at once
        both stay); records and supervision notes are not touched."""
        with self.writing():
            log = self.read_actions_log()
            updated = ActionsLog(done=(*log.done, done))
            _write(self.paths.actions_log, dump(updated), "the actions log")

    def _forget_actions(self, record_ids: set[str]) -> None:
        """Drop the done entries of deleted records: what was noted of them goes too."""
        log = self.read_actions_log()
        kept = tuple(d for d in log.done if d.record_id not in record_ids)
        if len(kept) != len(log.done):
            _write(self.paths.actions_log, dump(ActionsLog(done=kept)), "the actions log")

    # --- the exports log -----------------------------------------------------------

    def _read_log(self) -> dict[str, list[Exported]]:
        """Which files `export -o` wrote, by record id, with a hash of what was written; a
        missing or damaged log is empty. A log written before it named its format is read
        as it was written."""
        # Read entry by entry, so that one damaged entry does not lose the others; a log
        # written before it named its format is the mapping of exports itself.
        try:
            data = json_data(read_regular(self.paths.exports_log))
        except (OSError, ValueError):
            return {}
        entries = data.get("exports", data) if isinstance(data, dict) else None
        found: dict[str, list[Exported]] = {}
        for rid, files in entries.items() if isinstance(entries, dict) else ():
            for item in files if isinstance(files, list) else ():
                with contextlib.suppress(Problems):  # a bare path: a log before hashes
                    entry = (
                        Exported(path=item) if isinstance(item, str) else convert(item, Exported)
                    )
                    found.setdefault(str(rid), []).append(entry)
        return found

    def _write_log(self, known: dict[str, list[Exported]]) -> None:
        exports = {rid: tuple(files) for rid, files in known.items()}
        SideFile(self.paths.exports_log, ExportsLog).save(ExportsLog(exports=exports))

    def write_export(self, path: Path, data: bytes, *, force: bool, record_id: str) -> None:
        """Write an export of a record where the user asked (`write_outside`), and log it
        for `delete`."""
        self.write_outside(path, data, force=force)

        entry = Exported(path=str(path.resolve()), sha256=hashlib.sha256(data).hexdigest())
        with self.writing():
            known = self._read_log()
            for other in known.values():  # the file now holds this export alone
                other[:] = [e for e in other if e.path != entry.path]
            known.setdefault(record_id, []).append(entry)
            known = {rid: files for rid, files in known.items() if files}
            self._write_log(known)

    def write_outside(self, path: Path, data: bytes, *, force: bool) -> None:
        """Write a file where the user asked. Only a regular file is ever replaced (with
        `force`): never a device, a folder or a link; and never a file of the data folder,
        where records, drafts, the logs and locks live."""
        for folder, name in ((self.paths.data, "data"), (self.paths.config_dir, "settings")):
            if _inside(path, folder):
                raise StoreError(
                    f"{path} is in thinkfamily's {name} folder ({folder}), where only the tool "
                    "writes its own files.",
                    hint="Export to a file outside it, for example in your documents.",
                )
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            pass
        else:
            if not stat.S_ISREG(info.st_mode):
                raise NotRegularError(path)
        _atomic_write(path, data, overwrite=force)

    def _exports(
        self, known: dict[str, list[Exported]], record_id: str
    ) -> tuple[list[Path], list[Path]]:
        """A record's exports that still hold what was written (to delete with it), and
        those changed since or not known to be unchanged (kept)."""
        same: list[Path] = []
        changed: list[Path] = []
        for entry in known.get(record_id, []):
            path = Path(entry.path)
            try:
                info = os.lstat(path)
            except OSError:
                continue  # gone already
            if entry.sha256 and stat.S_ISREG(info.st_mode) and _sha256(path) == entry.sha256:
                same.append(path)
            else:
                changed.append(path)
        return same, changed

    # --- removal -------------------------------------------------------------------

    def older_than(self, before: datetime) -> list[Path]:
        files, _ = self.record_files()
        return sorted(f.path for f in files if f.when < before)

    def draft_files(self, before: datetime | None = None) -> list[Path]:
        """Every draft, or those last changed before `before` (a walk left unfinished is
        kept no longer than a record)."""
        cutoff = before.timestamp() if before else None
        try:
            with os.scandir(self.drafts) as entries:
                return sorted(
                    Path(e.path)
                    for e in entries
                    if e.name.endswith(".json")
                    and e.is_file(follow_symlinks=False)
                    and (cutoff is None or e.stat(follow_symlinks=False).st_mtime < cutoff)
                )
        except OSError:
            return []

    def extras(self, paths: list[Path]) -> list[tuple[Path, bool, list[Path], list[Path]]]:
        """For each record: whether it has supervision notes, its exports that will go with
        it, and those that will be kept because they changed since they were written (the
        log and the supervision folder are read once, for all of them)."""
        known = self._read_log()
        supervised = self.supervised_ids()
        return [(path, path.stem in supervised, *self._exports(known, path.stem)) for path in paths]

    def delete(self, paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
        """Remove records (and drafts), their supervision notes and the exports the tool
        wrote of them that still hold what it wrote; returns what was removed and the
        exports kept because they changed. The record goes last, so a failure leaves it to
        be deleted again. The exports log and the index are rewritten once."""
        removed: list[Path] = []
        kept: list[Path] = []
        forgotten = False
        deleted: set[str] = set()
        with self.writing():
            known = self._read_log()
            try:
                for path in paths:
                    record_id = path.stem
                    deleted.add(record_id)
                    same, changed = self._exports(known, record_id)
                    kept += changed
                    targets = [*same]
                    if RECORD_NAME.fullmatch(record_id):
                        targets.append(self.supervision_path(record_id))
                    for target in [*targets, path]:
                        try:
                            if remove(target):
                                removed.append(target)
                        except OSError as exc:
                            raise StoreError(f"Cannot delete {target}: {exc.strerror}.") from None
                    forgotten |= known.pop(record_id, None) is not None
            finally:
                if forgotten:
                    self._write_log(known)
                if deleted and self.paths.actions_log.exists():
                    with contextlib.suppress(StoreError):  # a damaged log is said when read
                        self._forget_actions(deleted)
                if (self.records / INDEX_NAME).is_file():
                    with (
                        contextlib.suppress(sqlite3.Error),
                        RecordIndex.open(self.records) as index,
                    ):
                        index.forget(p.name for p in removed if p.parent == self.records)
        return removed, kept


@contextlib.contextmanager
def _held(path: Path, wait: float, busy: StoreError) -> Iterator[None]:
    """Hold the lock file `path` for the block, raising `busy` if another command holds it
    for longer than `wait` seconds. Where the folder cannot be written there is no lock,
    and the write that follows says why; something else where the lock file goes (a
    folder, a link) is refused, since working unlocked could lose another window's work."""
    try:
        ensure_private_dir(path.parent)
        held = lock(path, wait=wait)
        held.__enter__()
    except Busy:
        raise busy from None
    except (OSError, StoreError):
        if os.path.lexists(path) and (path.is_symlink() or not path.is_file()):
            raise StoreError(
                f"{path} is not a lock file, so thinkfamily cannot make sure no other window "
                "is changing the same files.",
                hint="Move it aside, then run this again.",
            ) from None
        yield
        return
    try:
        yield
    finally:
        held.__exit__(None, None, None)


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (which need not exist) is in `folder` or below it, links followed and
    letter case ignored where the file system ignores it (Windows, most macOS disks)."""
    try:
        where = os.path.normcase(path.parent.resolve() / path.name)
        root = os.path.normcase(folder.resolve())
    except OSError:
        return False
    if sys.platform == "darwin":
        where, root = where.casefold(), root.casefold()
    return where == root or where.startswith(root.rstrip(os.sep) + os.sep)


def _read(path: Path) -> bytes:
    """A record, draft or supervision file's bytes; OSError (with a reason) for a file too
    large to be one, a FIFO (never waited on), a device or a folder."""
    try:
        return read_limited(path, MAX_RECORD_BYTES)
    except TooLargeError as exc:
        raise OSError(errno.EFBIG, str(exc), str(path)) from None


def _load(path: Path, kind: type[_T], what: str, hint: str) -> _T | None:
    """A JSON file of the store as `kind`; None when there is none; a StoreError naming
    the file when it cannot be read or is not `what` it should be."""
    try:
        raw = _read(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return convert(json_data(raw), kind)
    except (ValueError, Problems):
        raise StoreError(f"{path} is not {what}.", hint=hint) from None


def _write(path: Path, data: object, what: str) -> None:
    """Write a JSON file of the store, or say which folder could not take `what`."""
    try:
        ensure_private_dir(path.parent)
        write_json(path, data)
    except OSError as exc:
        raise StoreError(f"Cannot save {what} in {path.parent}: {exc.strerror or exc}.") from None


class NotRegularError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is not a regular file (a folder, a device or a link), so it is never "
            "replaced.",
            hint="Give the name of a new file, or of a file to replace with --force.",
        )


def _sha256(path: Path) -> str | None:

    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


class RecordError(StoreError):
    """A file that is not a readable record; `reason` says why in a few words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} is not a readable thinkfamily record ({reason}).")
        self.reason = reason


def read_record(path: Path) -> Record:
    """A record file anywhere (a saved one, or one given to `report`), checked."""
    try:
        raw = _read(path)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror}.") from None
    return _record_from(path, raw)


def _record_from(path: Path, raw: bytes) -> Record:
    try:
        data = json_data(raw)
    except ValueError as exc:
        reason = str(exc) if type(exc) is ValueError else "not valid JSON"  # ours, or a decoder's
        raise RecordError(path, reason) from None
    if not isinstance(data, dict) or data.get("schema") != RECORD_SCHEMA:
        raise RecordError(path, "not a thinkfamily record")
    try:
        record: Record = convert(data, Record)
    except Problems as exc:
        loc, message = exc.problems[0]
        raise RecordError(path, f"{format_loc(loc) or '(top level)'}: {message}") from None
    if record.finished_at < record.started_at:
        raise RecordError(path, "finished: before it was started")
    return record


def _draft_from(path: Path, raw: bytes) -> Draft:
    try:
        data = json_data(raw)
    except ValueError as exc:
        raise StoreError(
            f"The draft {path} cannot be read ({exc}).",
            hint="Move it aside to start again: it may still hold answers you typed.",
        ) from None
    if not isinstance(data, dict) or data.get("schema") != DRAFT_SCHEMA:
        raise StoreError(
            f"The draft {path} is not a thinkfamily draft.", hint="Move it aside to start again."
        )
    try:
        return convert(data, Draft)
    except Problems:
        raise StoreError(
            f"The draft {path} is damaged.",
            hint="Move it aside to start again; it may still hold answers you typed.",
        ) from None
