"""Patterns across many records: per question, how often each answer was given.

A file that is not a record is counted and named, never fatal. Figures for a question
are withheld when fewer than `min_records` records contribute, so that a report cannot
single out one practitioner.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import NotFoundError, StoreError
from .models.common import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED
from .models.record import Record
from .store import RecordError, read_record, record_day


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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

    @property
    def words(self) -> tuple[str, ...]:
        """The answers this question's scale allows, and `skipped`."""
        return (*SCALE_ANSWERS.get(self.scale, ()), SKIPPED)

    @property
    def answers_text(self) -> str:
        return ", ".join(f"{ANSWER_LABELS[w]} {self.counts[w]}" for w in self.words)

    @property
    def concern_text(self) -> str:
        share = round(100 * self.concern_share)
        return f"{share}% a concern ({self.concerns} of {self.records} records)"


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

    @property
    def span(self) -> str:
        first, last = self.first[:10], self.last[:10]
        return first if first == last else f"{first} to {last}"


@dataclass
class Report:
    checklists: dict[str, ChecklistReport] = field(default_factory=dict)
    read: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    min_records: int = 5

    def shown(self, question: QuestionFigures) -> bool:
        """Whether a question's figures may be shown (in-place areas describe the
        organisation, not a practitioner, and are always shown)."""
        return question.records >= self.min_records or question.scale == "in-place"

    def too_few(self, question: QuestionFigures) -> str:
        return f"too few records ({question.records}; at least {self.min_records} are needed)"

    @property
    def summary(self) -> str:
        return _plural(self.read, "record")


@dataclass(frozen=True)
class Filters:
    checklist: str | None = None
    case: str | None = None
    since: date | None = None
    until: date | None = None

    def keep(self, record: Record) -> bool:
        if self.checklist and record.checklist.id != self.checklist:
            return False
        if self.case and record.case != self.case:
            return False
        day = record_day(record.finished)
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
            record = read_record(path)
        except RecordError as exc:
            report.skipped.append((path, exc.reason))
            continue
        except StoreError as exc:
            report.skipped.append((path, exc.message))
            continue
        if filters.keep(record):
            add(report, record)
            report.read += 1
    for entry in report.checklists.values():
        for ratings in entry.areas.values():
            ratings.sort(key=lambda r: datetime.fromisoformat(r.finished))
    return report


def add(report: Report, record: Record) -> None:
    """Add one record; texts (titles, question wording) follow the newest record."""
    meta = record.checklist
    moment = record.finished_at
    finished = record.finished
    entry = report.checklists.get(meta.id)
    if entry is None:
        entry = report.checklists[meta.id] = ChecklistReport(meta.id, meta.title)
    newest = entry.newest is None or moment >= entry.newest
    entry.records += 1
    if entry.first_moment is None or moment < entry.first_moment:
        entry.first, entry.first_moment = finished, moment
    if newest:
        entry.last, entry.newest, entry.title = finished, moment, meta.title
    entry.versions.add(meta.version)
    for order, answer in enumerate(record.answers):
        qid = answer.question_id
        figures = entry.questions.get(qid)
        if figures is None:
            figures = entry.questions[qid] = QuestionFigures(
                qid, answer.text, answer.section, answer.scale, order=order
            )
        elif newest:
            figures.text, figures.section, figures.order = answer.text, answer.section, order
        figures.records += 1
        figures.counts[answer.answer] += 1
        figures.concerns += answer.concern
        if answer.action:
            figures.actions.append(answer.action)
        if answer.scale == "in-place":
            entry.areas.setdefault(qid, []).append(
                AreaRating(
                    finished,
                    answer.answer,
                    answer.currently_in_place,
                    answer.more_could_be_in_place,
                )
            )
