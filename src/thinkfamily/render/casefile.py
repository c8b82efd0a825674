"""The story of a case and the changes between two walks: as terminal lines and as JSON
data."""

from __future__ import annotations

from datetime import date
from typing import Any

from thinkfamily.casefile import Changes, Story
from thinkfamily.dates import day_text
from thinkfamily.render.actions import action_data, action_line
from thinkfamily.render.text import Line
from thinkfamily.render.wording import label, plural

_WHEN_WIDTH = 19  # "12 Oct 2026, 14:07" and a space


def story_lines(story: Story, today: date) -> list[Line]:
    overdue = sum(1 for a in story.actions if a.status(today) == "overdue")
    heading = (
        f"Case {story.case}: {plural(story.records, 'record')}, "
        f"{plural(story.discussions, 'supervision discussion')}, "
        f"{plural(len(story.actions), 'action')} ({overdue} overdue), "
        f"{plural(story.drafts, 'unfinished walk')}"
    )
    lines: list[Line] = [(0, heading, "heading")]
    for event in story.events:
        when = day_text(event.day) + (f", {event.time}" if event.time else "")
        lines.append((0, f"{when:<{_WHEN_WIDTH}}{event.title}", "", _WHEN_WIDTH))
        lines += [(_WHEN_WIDTH, detail, "") for detail in event.details]
        lines += [(_WHEN_WIDTH, action_line(a, today), "", _WHEN_WIDTH + 2) for a in event.actions]
    return lines


def story_data(story: Story, today: date) -> dict[str, Any]:
    return {
        "case": story.case,
        "records": story.records,
        "discussions": story.discussions,
        "unfinished_walks": story.drafts,
        "events": [
            {
                "day": e.day.isoformat(),
                "time": e.time,
                "kind": e.kind,
                "record": e.record_id,
                "title": e.title,
                "details": e.details,
                "actions": [action_data(a, today) for a in e.actions],
            }
            for e in story.events
        ],
    }


_KIND = {
    "raised": "Concern raised",
    "resolved": "Concern resolved",
    "moved": "Answer changed",
    "note": "What was written changed",
}


def changes_lines(found: Changes, *, since: bool = False) -> list[Line]:
    """What changed between two walks; `since` for the end of a walk that started from
    the earlier one."""
    earlier, later = found.earlier, found.later
    counted = f"{plural(len(found.changes), 'change')}; {found.unchanged} unchanged"
    lines: list[Line] = (
        [(0, f"Since your walk of {day_text(earlier.finished_at.date())}: {counted}", "heading")]
        if since
        else [
            (0, f"{later.checklist.title}, case {later.case or '(none)'}", "heading"),
            (0, f"From {earlier.id} ({day_text(earlier.finished_at.date())})", "", 2),
            (0, f"to   {later.id} ({day_text(later.finished_at.date())})", "", 2),
            (0, counted, ""),
        ]
    )
    for kind in ("raised", "resolved", "moved", "note"):
        picked = [c for c in found.changes if c.kind == kind]
        if not picked:
            continue
        lines += [(0, "", ""), (0, f"{_KIND[kind]}:", "heading")]
        for change in picked:
            lines.append((2, change.text, "", 4))
            lines.append((4, f"{label(change.before)} -> {label(change.after)}", ""))
            if change.note_before != change.note_after:
                lines.append((4, f"was: {change.note_before or '(nothing)'}", "", 9))
                lines.append((4, f"now: {change.note_after or '(nothing)'}", "", 9))
    for heading, texts in (
        ("Asked only in the earlier walk:", found.only_earlier),
        ("Asked only in the later walk:", found.only_later),
    ):
        if texts:
            lines += [(0, "", ""), (0, heading, "heading")]
            lines += [(2, text, "", 4) for text in texts]
    return lines


def changes_data(found: Changes) -> dict[str, Any]:
    return {
        "checklist": found.later.checklist.id,
        "case": found.later.case,
        "earlier": found.earlier.id,
        "later": found.later.id,
        "unchanged": found.unchanged,
        "changes": [
            {
                "question": c.question_id,
                "text": c.text,
                "kind": c.kind,
                "before": c.before,
                "after": c.after,
                "written_before": c.note_before,
                "written_after": c.note_after,
            }
            for c in found.changes
        ],
        "only_earlier": found.only_earlier,
        "only_later": found.only_later,
    }
