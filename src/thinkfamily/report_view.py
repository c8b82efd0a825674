"""Reports as text for the terminal, Markdown for filing, CSV and JSON for other tools."""

from __future__ import annotations

import csv
import io
import textwrap
from typing import Any

from . import markdown
from .report import ChecklistReport, QuestionFigures, Report, answer_words
from .scales import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED

BAR = 20
ALL_WORDS = tuple(dict.fromkeys([w for ws in SCALE_ANSWERS.values() for w in ws] + [SKIPPED]))


def _span(entry: ChecklistReport) -> str:
    first, last = entry.first[:10], entry.last[:10]
    return first if first == last else f"{first} to {last}"


def _answers(question: QuestionFigures) -> str:
    return ", ".join(
        f"{ANSWER_LABELS[w]} {question.counts[w]}" for w in answer_words(question.scale)
    )


def _concern(question: QuestionFigures) -> str:
    share = round(100 * question.concern_share)
    return f"{share}% a concern ({question.concerns} of {question.records} records)"


def _too_few(report: Report, question: QuestionFigures) -> str:
    return f"too few records ({question.records}; at least {report.min_records} are needed)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Lines:
    """Wrapped, styled lines for the terminal."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.out: list[tuple[str, str]] = []

    def add(self, text: str, indent: int = 0, style: str = "") -> None:
        lines = textwrap.wrap(
            text, self.width, initial_indent=" " * indent, subsequent_indent=" " * (indent + 4)
        )
        self.out += [(line, style) for line in lines or [""]]


def terminal_lines(
    report: Report, *, details: bool, bars: bool, width: int
) -> list[tuple[str, str]]:
    """(line, style) pairs; `bars` draws a bar per question (on a terminal only)."""
    lines = _Lines(width)
    lines.add(
        f"Report on {_plural(report.read, 'record')}. Questions most often a concern "
        f"come first; figures for fewer than {report.min_records} records are withheld.",
        style="hint",
    )
    for entry in report.checklists.values():
        lines.add("")
        lines.add(
            f"{entry.title} ({entry.checklist_id}): {_plural(entry.records, 'record')}, "
            f"{_span(entry)}",
            style="heading",
        )
        for number, question in enumerate(entry.ranked(), 1):
            if question.scale != "in-place":
                _question(lines, report, entry, number, question, details=details, bars=bars)
        if entry.areas:
            _areas(lines, entry)
    return lines.out


def _question(
    lines: _Lines,
    report: Report,
    entry: ChecklistReport,
    number: int,
    question: QuestionFigures,
    *,
    details: bool,
    bars: bool,
) -> None:
    lines.add(f"{number:>2}. {question.text}")
    if question.records < report.min_records:
        lines.add(_too_few(report, question), 4, "hint")
        return
    if bars:
        filled = round(BAR * question.concern_share)
        lines.out.append(
            ("    " + "█" * filled + "░" * (BAR - filled) + " " + _concern(question), "bar")
        )
    else:
        lines.add(_concern(question), 4)
    lines.add(_answers(question) + f"; {_plural(len(question.actions), 'action')}", 4, "hint")
    if entry.partial(question):
        lines.add(
            f"asked in {question.records} of {entry.records} records (not in every "
            "version of the checklist)",
            4,
            "hint",
        )
    if details:
        for action in question.actions:
            lines.add(f"- {action}", 6)


def _areas(lines: _Lines, entry: ChecklistReport) -> None:
    lines.add("")
    lines.add("Self-assessment over time", style="heading")
    for qid, ratings in entry.areas.items():
        lines.add(entry.questions[qid].text)
        lines.add(
            ", ".join(
                f"{r.finished[:10]} {ANSWER_LABELS.get(r.rating, r.rating)}" for r in ratings
            ),
            4,
        )
        latest = ratings[-1].more_could_be_in_place
        lines.add(f"What more could be in place (latest): {latest or 'none written'}", 4, "hint")


def markdown_text(report: Report, *, details: bool) -> str:
    smallest = (
        f"- **Smallest group shown:** {report.min_records} records; questions with fewer "
        'are marked "too few records"'
    )
    lines = ["# Think Family report", "", f"- **Records:** {report.read}", smallest]
    if report.skipped:
        lines.append(f"- **Files skipped:** {len(report.skipped)} (not thinkfamily records)")
    for entry in report.checklists.values():
        lines += _md_questions(report, entry)
        if details:
            lines += _md_actions(report, entry)
        if entry.areas:
            lines += _md_areas(entry)
    return "\n".join(lines) + "\n"


def _md_questions(report: Report, entry: ChecklistReport) -> list[str]:
    t = markdown.text
    about = (
        f"{_plural(entry.records, 'record')}, {_span(entry)}; checklist "
        f"`{entry.checklist_id}`. Most often a concern first."
    )
    lines = [
        "",
        f"## {t(entry.title)}",
        "",
        about,
        "",
        "| # | Question | Records | Concern | Answers | Actions |",
        "| --: | --- | --: | --- | --- | --: |",
    ]
    for number, question in enumerate(entry.ranked(), 1):
        if question.scale == "in-place":
            continue
        note = " (not in every version)" if entry.partial(question) else ""
        cells = [str(number), t(question.text) + note, str(question.records)]
        if question.records < report.min_records:
            cells += ["too few records", " ", " "]
        else:
            cells += [
                f"{round(100 * question.concern_share)}% ({question.concerns})",
                _answers(question),
                str(len(question.actions)),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _md_actions(report: Report, entry: ChecklistReport) -> list[str]:
    t = markdown.text
    shown = [
        q
        for q in entry.ranked()
        if q.actions and q.records >= report.min_records and q.scale != "in-place"
    ]
    lines = ["", "### Actions", ""] if shown else []
    for question in shown:
        lines.append(f"- **{t(question.text)}**")
        lines += [f"  - {t(action)}" for action in question.actions]
    return lines


def _md_areas(entry: ChecklistReport) -> list[str]:
    t = markdown.text
    dates = sorted({r.finished[:10] for ratings in entry.areas.values() for r in ratings})
    lines = [
        "",
        "### Self-assessment over time",
        "",
        "| Area | " + " | ".join(dates) + " | What more could be in place (latest) |",
        "| --- | " + " | ".join("---" for _ in dates) + " | --- |",
    ]
    for qid, ratings in entry.areas.items():
        by_date = {r.finished[:10]: ANSWER_LABELS.get(r.rating, r.rating) for r in ratings}
        latest = t(ratings[-1].more_could_be_in_place) or "none written"
        row = [t(entry.questions[qid].text), *(by_date.get(d, " ") for d in dates), latest]
        lines.append("| " + " | ".join(row) + " |")
    return lines


CSV_COLUMNS = (
    "checklist",
    "question_id",
    "section",
    "question",
    "scale",
    "records",
    "shown",
    "concerns",
    "concern_percent",
    *ALL_WORDS,
    "actions",
    "in_every_version",
)


def csv_text(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in report.checklists.values():
        for question in entry.ranked():
            shown = question.records >= report.min_records or question.scale == "in-place"
            figures = (
                [question.concerns, round(100 * question.concern_share)]
                + [question.counts[w] for w in ALL_WORDS]
                + [len(question.actions)]
                if shown
                else [""] * (3 + len(ALL_WORDS))
            )
            writer.writerow(
                [
                    entry.checklist_id,
                    question.question_id,
                    question.section,
                    question.text,
                    question.scale,
                    question.records,
                    "yes" if shown else "no",
                    *figures,
                    "no" if entry.partial(question) else "yes",
                ]
            )
    return out.getvalue()


def json_data(report: Report, *, details: bool) -> dict[str, Any]:
    def question_data(entry: ChecklistReport, q: QuestionFigures) -> dict[str, Any]:
        shown = q.records >= report.min_records or q.scale == "in-place"
        data: dict[str, Any] = {
            "id": q.question_id,
            "text": q.text,
            "section": q.section,
            "scale": q.scale,
            "records": q.records,
            "shown": shown,
            "in_every_version": not entry.partial(q),
        }
        if shown:
            data |= {
                "counts": {w: q.counts[w] for w in answer_words(q.scale)},
                "concerns": q.concerns,
                "concern_share": round(q.concern_share, 4),
                "actions": len(q.actions),
            }
            if details:
                data["action_texts"] = q.actions
        return data

    return {
        "records": report.read,
        "min_records": report.min_records,
        "skipped": [{"file": str(p), "reason": r} for p, r in report.skipped],
        "checklists": [
            {
                "id": e.checklist_id,
                "title": e.title,
                "records": e.records,
                "first": e.first,
                "last": e.last,
                "versions": sorted(e.versions),
                "questions": [question_data(e, q) for q in e.ranked()],
                "areas": {qid: [vars(r) for r in rs] for qid, rs in e.areas.items()},
            }
            for e in report.checklists.values()
        ],
    }
