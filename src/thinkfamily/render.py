"""Records as text for the terminal: the end-of-walk summary and `show`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .scales import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED

if TYPE_CHECKING:
    from .models import Record


def when(record: Record) -> str:
    return record.finished.strftime("%Y-%m-%d %H:%M")


def counts_line(record: Record) -> str:
    counts = Counter(a.answer for a in record.answers)
    order = [w for scale in SCALE_ANSWERS.values() for w in scale] + [SKIPPED]
    words = [w for w in dict.fromkeys(order) if counts[w]]
    return ", ".join(f"{ANSWER_LABELS[w]} {counts[w]}" for w in words)


def summary_lines(record: Record, path: Path) -> list[str]:
    lines = [
        (
            f"Finished: {record.answered} of {len(record.answers)} questions answered "
            f"({counts_line(record)})."
        ),
    ]
    concerns = record.concerns
    if concerns:
        lines.append("To take to supervision:")
        for answer in concerns:
            lines.append(f"  - {answer.text} ({ANSWER_LABELS[answer.answer]})")
            if answer.action:
                lines.append(f"    Action: {answer.action}")
    if record.combined_risk_note:
        lines.append(record.combined_risk_note)
    if record.reflection:
        lines.append(f"Your reflection: {record.reflection}")
    lines.append(f"Saved record {record.id}")
    lines.append(f"  in {path}")
    lines.append(f"See it again with: thinkfamily show {record.id}")
    return lines


def record_lines(record: Record) -> list[str]:
    """The whole record, section by section, one item per line."""
    who = ", ".join(
        p
        for p in (
            record.practitioner.name,
            record.practitioner.role,
            record.practitioner.organisation,
        )
        if p
    )
    lines = [
        record.checklist.title,
        f"Record:       {record.id}",
        f"Case:         {record.case or '(none)'}",
        f"Practitioner: {who or '(not set)'}",
        f"Started:      {record.started.isoformat(timespec='minutes')}",
        f"Finished:     {record.finished.isoformat(timespec='minutes')}",
        f"Checklist:    {record.checklist.id}, version {record.checklist.version}",
        f"Source:       {record.checklist.source}",
        f"Answers:      {counts_line(record)}",
    ]
    section = None
    for number, answer in enumerate(record.answers, 1):
        if answer.section != section:
            section = answer.section
            lines += ["", section]
        flag = "  (for supervision)" if answer.concern else ""
        lines.append(f"{number:>2}. {answer.text}")
        if answer.scale == "text" and answer.answer != SKIPPED:
            lines.append(f"    Answer: {answer.response}")
        else:
            lines.append(f"    Answer: {ANSWER_LABELS.get(answer.answer, answer.answer)}{flag}")
        for label, value in (
            ("Currently in place", answer.currently_in_place),
            ("More could be in place", answer.more_could_be_in_place),
            ("Note", answer.note),
            ("Action", answer.action),
        ):
            if value:
                lines.append(f"    {label}: {value}")
    if record.combined_risk_note:
        lines += ["", record.combined_risk_note]
    lines += ["", f"Reflection for supervision: {record.reflection or '(none)'}"]
    return lines
