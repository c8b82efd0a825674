"""Patterns across many records: per question, how often each answer was given.

Records are read as plain JSON (thousands of them, quickly); a file that is not a
record is counted and named, never fatal. Figures for a question are withheld
when fewer than `min_records` records contribute, so that a report cannot single
out one practitioner.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import NotFoundError
from .scales import RECORD_SCHEMA, SCALE_ANSWERS, SKIPPED


@dataclass
class QuestionFigures:
    """What a set of records answered to one question."""

    question_id: str
    text: str
    section: str
    scale: str
    records: int = 0  # records that include the question
    counts: Counter[str] = field(default_factory=Counter)
    concerns: int = 0
    actions: list[str] = field(default_factory=list)
    order: int = 0

    @property
    def concern_share(self) -> float:
        return self.concerns / self.records if self.records else 0.0


@dataclass(frozen=True)
class AreaRating:
    """One organisational self-assessment's answer for one area."""

    finished: str
    rating: str
    currently_in_place: str | None
    more_could_be_in_place: str | None


@dataclass
class ChecklistReport:
    checklist_id: str
    title: str
    records: int = 0
    first: str = ""
    last: str = ""
    versions: set[str] = field(default_factory=set)
    first_moment: datetime | None = None
    newest: datetime | None = None
    questions: dict[str, QuestionFigures] = field(default_factory=dict)
    # in-place areas: question id -> ratings in date order
    areas: dict[str, list[AreaRating]] = field(default_factory=dict)

    def ranked(self) -> list[QuestionFigures]:
        """Most often a concern first; ties keep the checklist's order."""
        return sorted(self.questions.values(), key=lambda q: (-q.concern_share, q.order))

    def partial(self, question: QuestionFigures) -> bool:
        """Asked in only some of the records (a question of some versions only)."""
        return question.records < self.records


@dataclass
class Report:
    checklists: dict[str, ChecklistReport] = field(default_factory=dict)
    read: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    min_records: int = 5


@dataclass(frozen=True)
class Filters:
    checklist: str | None = None
    case: str | None = None
    since: date | None = None
    until: date | None = None

    def keep(self, record: dict[str, Any]) -> bool:
        if self.checklist and record["checklist"]["id"] != self.checklist:
            return False
        if self.case and record.get("case") != self.case:
            return False
        day = date.fromisoformat(str(record["finished"])[:10])
        if self.since and day < self.since:
            return False
        return not (self.until and day > self.until)


def record_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The JSON files under the given files and folders, and the paths that do not exist."""
    found: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [
                    Path(folder, n)
                    for n in sorted(names)
                    if n.endswith(".json") and not n.startswith(".")
                ]
        elif path.is_file():
            found.append(path)
        else:
            missing.append((path, "no such file or folder"))
    return found, missing


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict) or data.get("schema") != RECORD_SCHEMA:
        raise ValueError("not a thinkfamily record")
    if not isinstance(data.get("answers"), list) or not isinstance(data.get("checklist"), dict):
        raise TypeError("not a thinkfamily record")
    return data


def build(
    files: list[Path],
    filters: Filters,
    *,
    min_records: int = 5,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Read the records and add up their answers, checklist by checklist."""
    if not files:
        raise NotFoundError(
            "There are no records to report on.",
            hint="Give the files or folders of exported JSON records, or save some records first.",
        )
    report = Report(min_records=min_records)
    for number, path in enumerate(files, 1):
        if progress:
            progress(number)
        try:
            record = _read(path)
            if not filters.keep(record):
                continue
            _add(report, record)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            reason = "not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
            report.skipped.append((path, reason or type(exc).__name__))
            continue
        report.read += 1
    for entry in report.checklists.values():
        for ratings in entry.areas.values():
            ratings.sort(key=lambda r: _moment(r.finished))
    return report


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _add(report: Report, record: dict[str, Any]) -> None:
    """Add one record; texts (titles, question wording) follow the newest record."""
    meta = record["checklist"]
    finished = str(record["finished"])
    moment = _moment(finished)
    answers = [
        (a["question_id"], a["text"], a["section"], a["scale"], a["answer"], a)
        for a in record["answers"]
    ]  # read everything first, so a malformed record changes nothing
    entry = report.checklists.get(meta["id"])
    if entry is None:
        entry = report.checklists[meta["id"]] = ChecklistReport(meta["id"], meta["title"])
    newest = entry.newest is None or moment >= entry.newest
    entry.records += 1
    if entry.first_moment is None or moment < entry.first_moment:
        entry.first, entry.first_moment = finished, moment
    if newest:
        entry.last, entry.newest, entry.title = finished, moment, meta["title"]
    entry.versions.add(str(meta.get("version")))
    for order, (qid, text, section, scale, word, answer) in enumerate(answers):
        figures = entry.questions.get(qid)
        if figures is None:
            figures = entry.questions[qid] = QuestionFigures(qid, text, section, scale, order=order)
        elif newest:
            figures.text, figures.section, figures.order = text, section, order
        figures.records += 1
        figures.counts[word] += 1
        figures.concerns += bool(answer.get("concern"))
        if answer.get("action"):
            figures.actions.append(str(answer["action"]))
        if scale == "in-place":
            entry.areas.setdefault(qid, []).append(
                AreaRating(
                    finished,
                    word,
                    answer.get("currently_in_place"),
                    answer.get("more_could_be_in_place"),
                )
            )


def answer_words(scale: str) -> tuple[str, ...]:
    return (*SCALE_ANSWERS.get(scale, ()), SKIPPED)
