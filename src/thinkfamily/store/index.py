"""The records index: a SQLite database derived from the record files, so that listing,
reporting on and following thousands of records opens only the files it does not know.

The record files are the truth. The index keeps, for each file it has read, the file's
size and modification time then (`stamp`): a file changed since is read again, a file
gone is forgotten, and an index that is missing, damaged or of another version is
rebuilt from the files. Nothing about it is ever an error a user sees: where it cannot
be opened or written, an index in memory serves the one command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import NamedTuple, Self

from thinkfamily.models.record import Record
from thinkfamily.models.scale import rates_areas

INDEX_NAME = ".index.sqlite"
VERSION = 2  # the tables' version (SQLite's user_version): another is rebuilt

# Every value is checked as it is written, so that an index edited by hand cannot hold
# what the tool would not have written (a damaged file is refused when it is read).
_TABLES = """
CREATE TABLE shapes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE CHECK (typeof(key) = 'text'),
    checklist TEXT NOT NULL CHECK (typeof(checklist) = 'text'),
    title TEXT NOT NULL CHECK (typeof(title) = 'text'),
    version TEXT NOT NULL CHECK (typeof(version) = 'text')
);
CREATE TABLE questions (
    shape INTEGER NOT NULL REFERENCES shapes (id),
    position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 0),
    question_id TEXT NOT NULL CHECK (typeof(question_id) = 'text'),
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    section TEXT NOT NULL CHECK (typeof(section) = 'text'),
    scale TEXT NOT NULL CHECK (scale IN ('reflect', 'in-place', 'present', 'true-false', 'text')),
    PRIMARY KEY (shape, position)
) WITHOUT ROWID;
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (typeof(name) = 'text'),  -- the file's name
    stamp TEXT NOT NULL CHECK (typeof(stamp) = 'text'),  -- its size and time when read
    finished TEXT NOT NULL CHECK (typeof(finished) = 'text'),
    shape INTEGER NOT NULL REFERENCES shapes (id),
    case_ref TEXT CHECK (case_ref IS NULL OR typeof(case_ref) = 'text'),
    answered INTEGER NOT NULL CHECK (typeof(answered) = 'integer' AND answered >= 0),
    questions INTEGER NOT NULL CHECK (typeof(questions) = 'integer' AND questions >= answered),
    concerns INTEGER NOT NULL CHECK (typeof(concerns) = 'integer' AND concerns >= 0)
);
CREATE TABLE answers (  -- every answer, as counted by report
    record INTEGER NOT NULL REFERENCES records (id),
    position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 0),
    shape INTEGER NOT NULL REFERENCES shapes (id),
    answer TEXT NOT NULL CHECK (typeof(answer) = 'text'),
    concern INTEGER NOT NULL CHECK (concern IN (0, 1)),
    PRIMARY KEY (record, position)
) WITHOUT ROWID;
CREATE INDEX answers_counted ON answers (shape, position, answer, concern);
CREATE TABLE texts (  -- the answers with words beyond their answer word, and area ratings
    record INTEGER NOT NULL REFERENCES records (id),
    position INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 0),
    answer TEXT NOT NULL CHECK (typeof(answer) = 'text'),
    action TEXT CHECK (action IS NULL OR typeof(action) = 'text'),
    currently_in_place TEXT
        CHECK (currently_in_place IS NULL OR typeof(currently_in_place) = 'text'),
    more_could_be_in_place TEXT
        CHECK (more_could_be_in_place IS NULL OR typeof(more_could_be_in_place) = 'text'),
    PRIMARY KEY (record, position)
) WITHOUT ROWID;
"""


class RecordSummary(NamedTuple):
    """What the index keeps of one record to list it and to count its answers."""

    key: int  # the index's own number for it
    name: str  # its file's name
    id: str  # the record's id: its file's name without `.json`
    finished: str
    checklist: str
    title: str
    version: str
    shape: int  # which version of the checklist's questions it answered
    case: str | None
    answered: int
    questions: int
    concerns: int


class AnswerText(NamedTuple):
    """One answer that has words beyond its answer word (an action, or an area's two
    texts), or that rates an area, with its question."""

    record: int  # RecordSummary.key
    position: int
    question_id: str
    text: str
    scale: str
    answer: str
    action: str | None
    currently_in_place: str | None
    more_could_be_in_place: str | None


class Question(NamedTuple):
    position: int
    question_id: str
    text: str
    section: str
    scale: str


def stamp(size: int, mtime_ns: int) -> str:
    """What the index keeps of a file's state."""
    return f"{size}:{mtime_ns}"


class RecordIndex:
    """One records index; close it when done (`with`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._shapes: dict[str, int] = {}

    @classmethod
    def open(cls, folder: Path | None) -> RecordIndex:
        """The index of a records folder, or a new one in memory (`None`, or where the
        folder's cannot be used)."""
        if folder is not None:
            for _ in range(2):  # a damaged index is removed, then made again
                try:
                    return cls(_connect(folder / INDEX_NAME))
                except (sqlite3.Error, OSError):
                    discard(folder)
        return cls(_connect(None))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.commit()
        self.db.close()

    # --- keeping it in step with the files ---------------------------------------------

    def stamps(self) -> dict[str, str]:
        """Each file the index knows, with its state when it was read."""
        return dict(self.db.execute("SELECT name, stamp FROM records"))

    def forget(self, names: Iterable[str]) -> None:
        for name in names:
            row = self.db.execute("SELECT id FROM records WHERE name = ?", (name,)).fetchone()
            if row is not None:
                self.db.execute("DELETE FROM answers WHERE record = ?", row)
                self.db.execute("DELETE FROM texts WHERE record = ?", row)
                self.db.execute("DELETE FROM records WHERE id = ?", row)

    def add(self, name: str, record: Record, file_stamp: str) -> None:
        """Keep a record read from the file `name` in the state `file_stamp`."""
        self.forget([name])
        shape = self._shape(record)
        cursor = self.db.execute(
            "INSERT INTO records (name, stamp, finished, shape, case_ref, answered, questions,"
            " concerns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                file_stamp,
                record.finished,
                shape,
                record.case,
                record.answered,
                len(record.answers),
                len(record.concerns),
            ),
        )
        key = cursor.lastrowid
        self.db.executemany(
            "INSERT INTO answers VALUES (?, ?, ?, ?, ?)",
            [
                (key, position, shape, a.answer, a.concern)
                for position, a in enumerate(record.answers)
            ],
        )
        self.db.executemany(
            "INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?)",
            [
                (key, position, a.answer, a.action, a.currently_in_place, a.more_could_be_in_place)
                for position, a in enumerate(record.answers)
                if a.action
                or a.currently_in_place
                or a.more_could_be_in_place
                or rates_areas(a.scale)
            ],
        )

    def _shape(self, record: Record) -> int:
        ref = record.checklist
        questions = [(a.question_id, a.text, a.section, a.scale) for a in record.answers]
        shape = json.dumps([ref.id, ref.title, ref.version, questions])
        key = hashlib.blake2b(shape.encode("utf-8"), digest_size=16).hexdigest()
        found = self._shapes.get(key)
        if found is None:
            cursor = self.db.execute(  # another command may have added it meanwhile
                "INSERT OR IGNORE INTO shapes (key, checklist, title, version) VALUES (?, ?, ?, ?)",
                (key, ref.id, ref.title, ref.version),
            )
            if cursor.rowcount:
                self.db.executemany(
                    "INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?)",
                    [(cursor.lastrowid, position, *q) for position, q in enumerate(questions)],
                )
            row = self.db.execute("SELECT id FROM shapes WHERE key = ?", (key,)).fetchone()
            found = self._shapes[key] = row[0]
        return found

    def begin(self) -> None:
        """Take the index's write lock (waiting for another command that holds it)."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")

    def snapshot(self) -> None:
        """Read what follows as one view of the index, whatever other commands write."""
        self.commit()
        self.db.execute("BEGIN")
        self.db.execute("SELECT count(*) FROM shapes").fetchone()  # takes the read lock

    def commit(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # the index only saves time
            self.db.commit()

    # --- what features read ------------------------------------------------------------

    def summaries(
        self, *, checklist: str | None = None, case: str | None = None
    ) -> list[RecordSummary]:
        """The records the index knows, newest first; with `checklist`, of that checklist,
        and with `case`, of that case whatever its letter case."""
        where, given = _filter(checklist, case)
        rows = self.db.execute(
            "SELECT r.id, r.name, substr(r.name, 1, length(r.name) - 5), r.finished,"  # noqa: S608 - values are parameters
            " s.checklist, s.title, s.version, r.shape, r.case_ref, r.answered, r.questions,"
            f" r.concerns FROM records r JOIN shapes s ON s.id = r.shape{where} {_NEWEST_FIRST}",
            given,
        )
        return list(map(RecordSummary._make, rows))

    def listing(
        self, *, checklist: str | None = None, case: str | None = None
    ) -> list[tuple[str, str, str, str | None, int, int, int, str]]:
        """The records as `records` lists them, newest first: id, finished, checklist,
        case, answered, questions, concerns and the file's name."""
        where, given = _filter(checklist, case)
        return self.db.execute(
            "SELECT substr(r.name, 1, length(r.name) - 5), r.finished, s.checklist, r.case_ref,"  # noqa: S608 - values are parameters
            " r.answered, r.questions, r.concerns, r.name"
            f" FROM records r JOIN shapes s ON s.id = r.shape{where} {_NEWEST_FIRST}",
            given,
        ).fetchall()

    def count(self) -> int:
        """How many records the index knows."""
        return int(self.db.execute("SELECT count(*) FROM records").fetchone()[0])

    def questions(self, shape: int) -> list[Question]:
        """The questions of one version of a checklist, in order."""
        rows = self.db.execute(
            "SELECT position, question_id, text, section, scale FROM questions"
            " WHERE shape = ? ORDER BY position",
            (shape,),
        )
        return [Question._make(row) for row in rows]

    def answer_counts(
        self, records: Collection[RecordSummary] | None = None
    ) -> list[tuple[int, int, str, int, int]]:
        """How many records (of `records`, or of all) gave each answer to each question,
        concern or not: (shape, position, answer, concern, count)."""
        if records is None:
            return self.db.execute(
                "SELECT shape, position, answer, concern, count(*) FROM answers"
                " GROUP BY shape, position, answer, concern"
            ).fetchall()
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM chosen")
        self.db.executemany("INSERT OR IGNORE INTO chosen VALUES (?)", [(r.key,) for r in records])
        try:
            return self.db.execute(
                "SELECT shape, position, answer, concern, count(*) FROM answers"
                " WHERE record IN (SELECT id FROM chosen) GROUP BY shape, position, answer, concern"
            ).fetchall()
        finally:
            self.db.execute("DELETE FROM chosen")

    def texts(self) -> dict[int, list[AnswerText]]:
        """Every answer with an action or area texts, and every rating of an area, by
        record (RecordSummary.key), in question order."""
        rows = self.db.execute(
            "SELECT t.record, t.position, q.question_id, q.text, q.scale, t.answer, t.action,"
            " t.currently_in_place, t.more_could_be_in_place"
            " FROM texts t JOIN records r ON r.id = t.record"
            " JOIN questions q ON q.shape = r.shape AND q.position = t.position"
            " ORDER BY t.record, t.position"
        )
        by_record: dict[int, list[AnswerText]] = {}
        for text in map(AnswerText._make, rows):
            by_record.setdefault(text.record, []).append(text)
        return by_record


# Newest first: by finishing time, then by the `-n` of a record finished in the same second
# as another (`-10` after `-9`; none counts as 1), as record ids are made.
_NEWEST_FIRST = (
    "ORDER BY substr(r.name, 1, 16) DESC, CASE WHEN substr(r.name, 17, 1) = '-'"
    " THEN CAST(substr(r.name, 18, instr(substr(r.name, 18), '_') - 1) AS INTEGER) ELSE 1 END"
    " DESC, r.name DESC"
)


def _filter(checklist: str | None, case: str | None) -> tuple[str, tuple[str, ...]]:
    """A WHERE clause for records of a checklist or a case (any letter case), and its
    values."""
    clauses, given = [], []
    if checklist:
        clauses.append("s.checklist = ?")
        given.append(checklist)
    if case:
        clauses.append("lower(r.case_ref) = ?")
        given.append(case.strip().lower())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(given)


def discard(folder: Path) -> None:
    """Remove a records folder's index (found damaged), if it is a file."""
    path = folder / INDEX_NAME
    with contextlib.suppress(OSError):
        if path.is_file() and not path.is_symlink():
            path.unlink()


def _connect(path: Path | None) -> sqlite3.Connection:
    """A connection to the index at `path` (in memory for None), its tables made if new;
    sqlite3.Error for a file that is not such an index. Two commands that find no index
    at once make one between them: the file is made by whichever is first, and its tables
    by whichever takes the write lock first."""
    if path is not None:
        with contextlib.suppress(FileExistsError):
            # Made private before SQLite writes to it: it holds what the records hold.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        if path.is_symlink() or not path.is_file():
            raise sqlite3.DatabaseError("not a regular file")
    db = sqlite3.connect(":memory:" if path is None else path, timeout=30)
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
            db.execute("BEGIN IMMEDIATE")  # looked at again, and made, under the write lock
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if (version not in (0, VERSION)) or (version == 0 and tables):
                raise sqlite3.DatabaseError("not a records index of this version")
            if version == 0:
                for statement in _TABLES.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {VERSION}")
            db.commit()
        db.execute("PRAGMA synchronous = OFF")  # it can always be rebuilt from the records
        db.execute("PRAGMA secure_delete = ON")  # a deleted record leaves nothing behind
        db.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.Error:
        db.close()
        raise
    return db
