"""CSV and JSON: records and reports for spreadsheets and other systems.

Every CSV cell that a spreadsheet would run as a formula is guarded with a leading
apostrophe, whatever field it comes from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from thinkfamily.convert import dump
from thinkfamily.models.common import ALL_WORDS
from thinkfamily.models.record import Record
from thinkfamily.render.inert import inert, inert_json
from thinkfamily.report import ChecklistReport, QuestionFigures, Report

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a CSV cell that a spreadsheet shows as text, never runs."""
    text = "" if value is None else inert(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def json_text(data: Any) -> str:
    return inert_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


# --- records -------------------------------------------------------------------------

RECORD_COLUMNS = (
    "record_id",
    "checklist",
    "checklist_version",
    "case",
    "finished",
    "section",
    "number",
    "question_id",
    "question",
    "scale",
    "answer",
    "concern",
    "note",
    "action",
    "currently_in_place",
    "more_could_be_in_place",
    "response",
    "correct",
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def record_csv(record: Record) -> str:
    return csv_text(
        RECORD_COLUMNS,
        (
            [
                record.id,
                record.checklist.id,
                record.checklist.version,
                record.case,
                record.finished_at.isoformat(),
                answer.section,
                number,
                answer.question_id,
                answer.text,
                answer.scale,
                answer.answer,
                _yes_no(answer.concern),
                answer.note,
                answer.action,
                answer.currently_in_place,
                answer.more_could_be_in_place,
                answer.response,
                _yes_no(answer.correct),
            ]
            for number, answer in enumerate(record.answers, 1)
        ),
    )


def record_json(record: Record) -> str:
    return json_text(dump(record))


# --- reports -------------------------------------------------------------------------

REPORT_COLUMNS = (
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


def report_csv(report: Report) -> str:
    rows = []
    for entry in report.checklists.values():
        for question in entry.ranked():
            shown = report.shown(question, entry)
            figures = (
                [question.concerns, round(100 * question.concern_share)]
                + [question.counts[w] for w in ALL_WORDS]
                + [len(question.actions)]
                if shown
                else [""] * (3 + len(ALL_WORDS))
            )
            rows.append(
                [
                    entry.checklist_id,
                    question.question_id,
                    question.section,
                    question.text,
                    question.scale,
                    question.records,
                    _yes_no(shown),
                    *figures,
                    _yes_no(not entry.partial(question)),
                ]
            )
    return csv_text(REPORT_COLUMNS, rows)


def report_data(report: Report, *, details: bool) -> dict[str, Any]:
    def question_data(entry: ChecklistReport, q: QuestionFigures) -> dict[str, Any]:
        shown = report.shown(q, entry)
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
                "counts": {w: q.counts[w] for w in q.words},
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
