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

from thinkfamily.models.scale import rates_areas

from .errors import NotFoundError, StoreError, ThinkFamilyError
from .models.common import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED
from .store import RecordError, Store, read_record, record_day
from .store.index import RecordIndex, RecordSummary


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
        return [q for q in self.ranked() if not rates_areas(q.scale)]

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

    def keep(self, summary: RecordSummary) -> bool:
        if self.checklist and summary.checklist != self.checklist:
            return False
        if self.case and (summary.case or "") != self.case:
            return False
        if not (self.since or self.until):
            return True
        day = record_day(summary.finished)
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
) -> tuple[RecordIndex, list[RecordSummary], list[tuple[Path, str]]]:
    """An index (in memory) of record files given by path, their summaries in the order
    given, and the files that are not records."""
    index = RecordIndex.open(None)
    names: list[str] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()  # a file given twice (itself, and in its folder) counts once
    for number, path in enumerate(files, 1):
        if progress:
            progress(number, len(files))
        if (same := path.resolve()) in seen:
            continue
        seen.add(same)
        try:  # named by number: a file's own name may not be text SQLite can hold
            index.add(str(number), read_record(path), "")  # read now: no state to keep
        except RecordError as exc:
            skipped.append((path, exc.reason))
            continue
        except StoreError as exc:
            skipped.append((path, exc.message))
            continue
        names.append(str(number))
    summaries = {summary.name: summary for summary in index.summaries()}
    return index, [summaries[name] for name in names], skipped


def report_on(
    source: list[Path] | Store,
    filters: Filters,
    *,
    min_records: int,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The report on the record files under some paths, or on the store's records."""
    if not isinstance(source, Store):
        files, missing = record_files(source)
        if missing:
            raise ThinkFamilyError(
                "; ".join(f"{p}: {why}" for p, why in missing),
                hint="Give record files, or folders that hold them.",
            )
        index, found, skipped = summaries_of(files, progress)
        with index:
            return _built(index, found, skipped, filters, min_records)
    return source.asked(
        lambda summaries: _built(
            summaries.index, summaries.found, summaries.skipped, filters, min_records
        ),
        checklist=filters.checklist,
        case=filters.case,
        progress=progress,
    )


def _built(
    index: RecordIndex,
    found: list[RecordSummary],
    skipped: list[tuple[Path, str]],
    filters: Filters,
    min_records: int,
) -> Report:
    if not (found or skipped):
        raise NotFoundError(
            "There are no records to report on.",
            hint="Give the files or folders of exported JSON records, or save some records first.",
        )
    return build(index, found, filters, min_records=min_records, skipped=skipped)


@dataclass
class _Group:
    """The records of one checklist made from one shape (one version of its questions)."""

    shape: int
    records: int = 0
    newest: datetime | None = None


def build(
    index: RecordIndex,
    summaries: Iterable[RecordSummary],
    filters: Filters,
    *,
    min_records: int = 5,
    skipped: list[tuple[Path, str]] | None = None,
) -> Report:
    """Add up the records' answers, checklist by checklist; texts (titles, question wording)
    follow the newest record."""
    report = Report(min_records=min_records, skipped=list(skipped or []))
    groups: dict[tuple[str, int], _Group] = {}
    kept = [summary for summary in summaries if filters.keep(summary)]
    for summary in kept:
        report.read += 1
        moment = _add_dates(report, summary)
        group = groups.get((summary.checklist, summary.shape))
        if group is None:
            group = groups[(summary.checklist, summary.shape)] = _Group(summary.shape)
        group.records += 1
        if group.newest is None or moment >= group.newest:
            group.newest = moment
    _add_groups(report, groups, index, None if len(kept) == index.count() else kept)
    _add_texts(report, index, kept)
    return report


def _add_dates(report: Report, summary: RecordSummary) -> datetime:
    """Count a record towards its checklist: first and last dates, versions, the title."""
    finished, cid = summary.finished, summary.checklist
    moment = datetime.fromisoformat(finished)
    checklist = report.checklists.get(cid)
    if checklist is None:
        checklist = report.checklists[cid] = ChecklistReport(cid, summary.title)
    checklist.records += 1
    if checklist.first_moment is None or moment < checklist.first_moment:
        checklist.first, checklist.first_moment = finished, moment
    if checklist.newest is None or moment >= checklist.newest:
        checklist.last, checklist.newest, checklist.title = finished, moment, summary.title
    checklist.versions.add(summary.version)
    return moment


def _add_texts(report: Report, index: RecordIndex, kept: list[RecordSummary]) -> None:
    """The records' actions, in the order of the records, and each self-assessment's
    rating of each area with its two texts, in date order."""
    by_record = index.texts()
    areas: dict[tuple[str, str], list[AreaRating]] = {}
    for summary in kept:
        cid = summary.checklist
        for text in by_record.get(summary.key, []):
            figures = report.checklists[cid].questions[text.question_id]
            if text.action:
                figures.actions.append(text.action)
            if rates_areas(text.scale):
                areas.setdefault((cid, text.question_id), []).append(
                    AreaRating(
                        summary.finished,
                        text.answer,
                        text.currently_in_place,
                        text.more_could_be_in_place,
                    )
                )
    for (cid, qid), ratings in areas.items():
        report.checklists[cid].areas[qid] = sorted(
            ratings, key=lambda r: datetime.fromisoformat(r.finished)
        )


def _add_groups(
    report: Report,
    groups: dict[tuple[str, int], _Group],
    index: RecordIndex,
    kept: list[RecordSummary] | None,
) -> None:
    """Each question's figures: its wording from the newest version that asks it, and
    its answers counted by the index (those of `kept`, or of every record it knows)."""
    counts: dict[tuple[int, int], list[tuple[str, bool, int]]] = {}
    for shape, position, word, concern, count in index.answer_counts(kept):
        counts.setdefault((shape, position), []).append((word, bool(concern), count))
    wording: dict[tuple[str, str], datetime] = {}  # when each question's text was set
    for (cid, shape), group in groups.items():
        questions = report.checklists[cid].questions
        for position, qid, text, section, scale in index.questions(shape):
            figures = questions.get(qid)
            if figures is None:
                figures = questions[qid] = QuestionFigures(
                    qid, text, section, scale, order=position
                )
            newest = group.newest
            if newest is not None and newest >= wording.get((cid, qid), newest):
                figures.text, figures.section, figures.order = text, section, position
                wording[(cid, qid)] = newest
            figures.records += group.records
            for word, concern, count in counts.get((shape, position), []):
                figures.counts[word] += count
                figures.concerns += count if concern else 0
