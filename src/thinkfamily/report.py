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
from operator import itemgetter
from pathlib import Path

from .errors import StoreError
from .models.common import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED
from .store import RecordError, read_record, record_day
from .summary import Entry, Shape, decode, summarize


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
    def answered(self) -> int:
        """Records that answered the question (skipping it says nothing either way)."""
        return self.records - self.counts[SKIPPED]

    @property
    def concern_share(self) -> float:
        return self.concerns / self.answered if self.answered else 0.0

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
        skipped = self.counts[SKIPPED]
        return f"{share}% a concern ({self.concerns} of {self.answered} answered" + (
            f"; {skipped} skipped)" if skipped else ")"
        )


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

    def ranked_questions(self) -> list[QuestionFigures]:
        """The questions that are not in-place areas (those are shown over time), ranked."""
        return [q for q in self.ranked() if q.scale != "in-place"]

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

    def shown(self, question: QuestionFigures, entry: ChecklistReport) -> bool:
        """Whether a question's figures may be shown: an organisation's self-assessment
        (a checklist with in-place areas) describes the organisation, not a practitioner,
        and is always shown, however few its records."""
        return question.records >= self.min_records or bool(entry.areas)

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

    def keep(self, entry: Entry, shape: Shape) -> bool:
        if self.checklist and shape[0] != self.checklist:
            return False
        if self.case and entry[4] != self.case:
            return False
        if not (self.since or self.until):
            return True
        day = record_day(entry[0])
        return not ((self.since and day < self.since) or (self.until and day > self.until))


def record_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The JSON files under the given files and folders, and the paths that cannot be read
    as either, with why."""
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
        elif path.exists():  # a device or a FIFO would never end, or never begin
            missing.append((path, "not a file or a folder (a device, a FIFO or a socket)"))
        else:
            missing.append((path, "no such file or folder"))
    return found, missing


def summaries_of(
    files: list[Path], progress: Callable[[int, int], None] | None = None
) -> tuple[list[tuple[Entry, Shape]], list[tuple[Path, str]]]:
    """The summaries of record files given by path, and the files that are not records."""
    found: list[tuple[Entry, Shape]] = []
    skipped: list[tuple[Path, str]] = []
    for number, path in enumerate(files, 1):
        if progress:
            progress(number, len(files))
        try:
            entry, _, shape = summarize(read_record(path), "")  # read now: no index to check
        except RecordError as exc:
            skipped.append((path, exc.reason))
            continue
        except StoreError as exc:
            skipped.append((path, exc.message))
            continue
        found.append((entry, shape))
    return found, skipped


@dataclass
class _Group:
    """The records of one checklist made from one shape (one version of its questions)."""

    shape: Shape
    codes: list[str] = field(default_factory=list)
    newest: datetime | None = None


def build(
    summaries: Iterable[tuple[Entry, Shape]],
    filters: Filters,
    *,
    min_records: int = 5,
    skipped: list[tuple[Path, str]] | None = None,
) -> Report:
    """Add up the records' answers, checklist by checklist; texts (titles, question wording)
    follow the newest record."""
    report = Report(min_records=min_records, skipped=list(skipped or []))
    groups: dict[tuple[str, str], _Group] = {}
    actions: dict[tuple[str, str], list[str]] = {}
    areas: dict[tuple[str, str], list[AreaRating]] = {}
    for entry, shape in summaries:
        if filters.keep(entry, shape):
            report.read += 1
            moment = _add_dates(report, entry, shape)
            group = groups.get((shape[0], entry[5]))
            if group is None:
                group = groups[(shape[0], entry[5])] = _Group(shape)
            group.codes.append(entry[6])
            if group.newest is None or moment >= group.newest:
                group.newest = moment
            _add_texts(entry, shape, actions, areas)
    _add_groups(report, groups)
    for (cid, qid), texts in actions.items():
        report.checklists[cid].questions[qid].actions = texts
    for (cid, qid), ratings in areas.items():
        report.checklists[cid].areas[qid] = sorted(
            ratings, key=lambda r: datetime.fromisoformat(r.finished)
        )
    return report


def _add_dates(report: Report, entry: Entry, shape: Shape) -> datetime:
    """Count a record towards its checklist: first and last dates, versions, the title."""
    finished, cid = entry[0], shape[0]
    moment = datetime.fromisoformat(finished)
    checklist = report.checklists.get(cid)
    if checklist is None:
        checklist = report.checklists[cid] = ChecklistReport(cid, shape[1])
    checklist.records += 1
    if checklist.first_moment is None or moment < checklist.first_moment:
        checklist.first, checklist.first_moment = finished, moment
    if checklist.newest is None or moment >= checklist.newest:
        checklist.last, checklist.newest, checklist.title = finished, moment, shape[1]
    checklist.versions.add(shape[2])
    return moment


def _add_texts(
    entry: Entry,
    shape: Shape,
    actions: dict[tuple[str, str], list[str]],
    areas: dict[tuple[str, str], list[AreaRating]],
) -> None:
    """A record's actions, and its self-assessment ratings with their two texts."""
    cid, questions = shape[0], shape[3]
    texts = {t[0]: t for t in entry[7]}
    for position, action, *_ in entry[7]:
        if action:
            actions.setdefault((cid, questions[position][0]), []).append(action)
    for position, (qid, _, _, scale) in enumerate(questions):
        if scale == "in-place":
            _, _, now, more = texts.get(position, (position, None, None, None))
            word, _ = decode(entry[6][position])
            areas.setdefault((cid, qid), []).append(AreaRating(entry[0], word, now, more))


def _add_groups(report: Report, groups: dict[tuple[str, str], _Group]) -> None:
    """Count each group's answers a question at a time (the counting runs in C)."""
    wording: dict[tuple[str, str], datetime] = {}  # when each question's text was set
    for (cid, _), group in groups.items():
        questions = report.checklists[cid].questions
        for position, (qid, text, section, scale) in enumerate(group.shape[3]):
            figures = questions.get(qid)
            if figures is None:
                figures = questions[qid] = QuestionFigures(
                    qid, text, section, scale, order=position
                )
            newest = group.newest
            if newest is not None and newest >= wording.get((cid, qid), newest):
                figures.text, figures.section, figures.order = text, section, position
                wording[(cid, qid)] = newest
            figures.records += len(group.codes)
            for letter, count in Counter(map(itemgetter(position), group.codes)).items():
                word, concern = decode(letter)
                figures.counts[word] += count
                figures.concerns += count if concern else 0
