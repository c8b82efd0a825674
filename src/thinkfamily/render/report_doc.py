"""The report across records as a document (`render.document`): per checklist, its
questions most often a concern first, the actions written (with --details), and an
organisation's self-assessment over time. Each format writes it; HTML adds charts."""

from __future__ import annotations

from thinkfamily.models.common import ANSWER_LABELS
from thinkfamily.render.document import (
    Bars,
    Block,
    Bullets,
    Doc,
    Heading,
    Inline,
    Item,
    Para,
    Span,
    Table,
    code,
    given,
    own,
    user,
)
from thinkfamily.render.wording import plural
from thinkfamily.report import ChecklistReport, Report

TITLE = "Think Family report"


def report_doc(report: Report, *, details: bool, charts: bool = False) -> Doc:
    """The report; `charts` adds a bar chart per checklist (for formats that draw them)."""
    facts = [
        Item((own("Records:", strong=True), own(f" {report.read}"))),
        Item(
            (
                own("Smallest group shown:", strong=True),
                own(
                    f" {report.min_records} records; questions with fewer are marked "
                    '"too few records"'
                ),
            )
        ),
    ]
    if report.skipped:
        skipped = f" {len(report.skipped)} (not thinkfamily records)"
        facts.append(Item((own("Files skipped:", strong=True), own(skipped))))
    blocks: list[Block] = [Heading(1, (own(TITLE),)), Bullets(tuple(facts))]
    for entry in report.checklists.values():
        blocks += _questions(report, entry, charts=charts)
        if details:
            blocks += _actions(report, entry)
        if entry.areas:
            blocks += _areas(entry, charts=charts)
    return Doc(TITLE, tuple(blocks))


def _questions(report: Report, entry: ChecklistReport, *, charts: bool) -> list[Block]:
    about = (
        own(f"{plural(entry.records, 'record')}, {entry.span}; checklist "),
        code(entry.checklist_id),
        own(". Most often a concern first."),
    )
    rows: list[tuple[Inline, ...]] = []
    bars: list[tuple[str, tuple[tuple[str, int], ...] | None]] = []
    for number, question in enumerate(entry.ranked_questions(), 1):
        note = (own(" (not in every version)"),) if entry.partial(question) else ()
        cells: list[Inline] = [(own(str(number)),), (user(question.text), *note)]
        cells.append((own(str(question.records)),))
        if report.shown(question, entry):
            share = f"{round(100 * question.concern_share)}% ({question.concerns})"
            cells += [(own(share),), (own(question.answers_text),)]
            cells.append((own(str(len(question.actions))),))
            counts = tuple((ANSWER_LABELS.get(w, w), question.counts[w]) for w in question.words)
            bars.append((f"{number}. {question.text}", counts))
        else:
            cells += [(own("too few records"),), (), ()]
            bars.append((f"{number}. {question.text}", None))
        rows.append(tuple(cells))
    header = ("#", "Question", "Records", "Concern", "Answers", "Actions")
    numeric = (True, False, True, False, False, True)
    blocks: list[Block] = [Heading(2, (user(entry.title),)), Para(about)]
    if charts and bars:
        blocks.append(Bars("Answers to each question, most often a concern first", tuple(bars)))
    return [*blocks, Table(header, numeric, tuple(rows))]


def _actions(report: Report, entry: ChecklistReport) -> list[Block]:
    shown = [q for q in entry.ranked_questions() if q.actions and report.shown(q, entry)]
    if not shown:
        return []
    items = tuple(
        Item((Span(q.text, "user", True),), tuple((user(a),) for a in q.actions)) for q in shown
    )
    return [Heading(3, (own("Actions"),)), Bullets(items)]


def _areas(entry: ChecklistReport, *, charts: bool) -> list[Block]:
    dates = sorted({r.finished[:10] for ratings in entry.areas.values() for r in ratings})
    rows = []
    timeline: list[tuple[str, tuple[tuple[str, int], ...] | None]] = []
    for qid, ratings in entry.areas.items():
        by_date = {r.finished[:10]: ANSWER_LABELS.get(r.rating, r.rating) for r in ratings}
        latest = given(ratings[-1].more_could_be_in_place, "none written")
        text = entry.questions[qid].text
        rows.append(((user(text),), *((own(by_date.get(d, "")),) for d in dates), (latest,)))
        levels = tuple(
            (f"{r.finished[:10]} {by_date[r.finished[:10]]}", _LEVEL.get(r.rating, 0))
            for r in ratings
        )
        timeline.append((text, levels))
    header = ("Area", *dates, "What more could be in place (latest)")
    blocks: list[Block] = [Heading(3, (own("Self-assessment over time"),))]
    if charts:
        blocks.append(
            Bars("Each area's rating at each self-assessment", tuple(timeline), levels=True)
        )
    blocks.append(Table(header, tuple(False for _ in header), tuple(rows)))
    items = []
    for qid, ratings in entry.areas.items():
        children = tuple(
            (
                own(f"{r.finished[:10]}, {ANSWER_LABELS.get(r.rating, r.rating)}: in place: "),
                given(r.currently_in_place, "none written"),
                own("; more: "),
                given(r.more_could_be_in_place, "none written"),
            )
            for r in ratings
        )
        items.append(Item((user(entry.questions[qid].text),), children))
    heading = "What was in place, and what more could be, each time"
    return [*blocks, Heading(4, (own(heading),)), Bullets(tuple(items))]


# An area's rating as a height on its chart: the higher, the more is in place.
_LEVEL = {"not-in-place": 1, "partly": 2, "in-place": 3}
