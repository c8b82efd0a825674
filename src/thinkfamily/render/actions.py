"""Agreed actions as a table row, as words, and as JSON data."""

from __future__ import annotations

from datetime import date
from typing import Any

from thinkfamily.actions import Action, Status
from thinkfamily.dates import day_text
from thinkfamily.render.wording import by_when, plural

_COUNTED = {"overdue": "overdue", "due": "due", "open": "with no day"}


def status_text(status: Status, count: int) -> str:
    """How many actions have this status: "2 overdue"."""
    return f"{plural(count, 'action')} {_COUNTED[status]}"


def when_text(action: Action, today: date) -> str:
    """An action's status in words: overdue 3 days, due in 5 days, due today, done."""
    status = action.status(today)
    if action.done:
        return f"done {day_text(date.fromisoformat(action.done.done[:10]))}"
    if action.due is None:
        return "no day set"
    days = (action.due - today).days
    if status == "overdue":
        return f"overdue {plural(-days, 'day')}"
    return "due today" if days == 0 else f"due in {plural(days, 'day')}"


def action_line(action: Action, today: date) -> str:
    """One action in a sentence: its short id, where it was written, by when, its status."""
    where = f' at "{action.question}"' if action.question else ""
    when = by_when(action.by, action.due.isoformat() if action.due else None)
    by = f", by {when}" if when else ""
    return f"Action {action.id[:6]}{where}: {action.action}{by} ({when_text(action, today)})"


def action_row(action: Action, short_id: str, today: date) -> list[str]:
    return [
        short_id,
        day_text(action.due) if action.due else "",
        when_text(action, today),
        action.action,
        action.case or "",
        action.checklist,
    ]


def action_data(action: Action, today: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "action": action.action,
        "from": action.kind,
        "record": action.record_id,
        "checklist": action.checklist,
        "case": action.case,
        "question": action.question,
        "agreed": action.agreed.isoformat(),
        "by": action.by,
        "due": action.due.isoformat() if action.due else None,
        "status": action.status(today),
        "done": action.done.done if action.done else None,
        "done_note": action.done.note if action.done else None,
    }
