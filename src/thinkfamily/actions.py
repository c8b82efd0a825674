"""Agreed actions across records: those supervision agreed, and those written at a concern
during a walk, with whether each is done, overdue or due soon.

Actions are found where they were written (the records index and the supervision notes);
only the fact that one is done is kept apart, in the actions log, so that no record or
supervision file is ever rewritten to mark it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .dates import parse_day
from .errors import NotFoundError, StoreError, ThinkFamilyError
from .models.actions import Done
from .models.supervision import Supervision
from .store import Store, record_day
from .store.index import AnswerText, RecordSummary

Status = Literal["overdue", "due", "open", "done"]
SHORT = 6  # the fewest characters of an id shown, and typed


@dataclass(frozen=True)
class Action:
    id: str
    action: str
    kind: Literal["supervision", "walk"]
    record_id: str
    checklist: str
    case: str | None
    agreed: date  # the supervision's day, or the day the walk finished
    by: str | None  # by when, as typed
    due: date | None
    question: str | None  # for an action written during a walk: the question's text
    done: Done | None
    discussion: int | None = None  # for an agreed action: the discussion's number

    def status(self, today: date) -> Status:
        if self.done:
            return "done"
        if self.due is None:
            return "open"
        return "overdue" if self.due < today else "due"


def action_id(*parts: str) -> str:
    """An id that stays the same for the same action on every run."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def collect(store: Store) -> tuple[list[Action], list[str]]:
    """Every action, and a warning for each file that could not be read."""
    found, texts, skipped = store.asked(
        lambda summaries: (
            summaries.found,
            summaries.index.texts(),
            summaries.skipped,
        )
    )
    warnings = [f"skipped {path}: {reason}" for path, reason in skipped]
    done = done_by_id(store)
    actions: list[Action] = []
    records = {}
    for summary in found:
        records[summary.id] = summary
        actions += walk_actions(summary, texts.get(summary.key, []), done)
    for record_id in sorted(store.supervised_ids()):
        if record_id not in records:
            continue  # notes of a record that is gone
        summary = records[record_id]
        try:
            supervision = store.read_supervision(record_id)
        except StoreError as exc:
            warnings.append(f"skipped the supervision notes of {record_id}: {exc.message}")
            continue
        if supervision:
            actions += supervision_actions(
                supervision, summary.checklist, summary.case, record_day(summary.finished), done
            )
    return actions, warnings


def walk_actions(
    summary: RecordSummary, texts: list[AnswerText], done: dict[str, Done]
) -> list[Action]:
    """The actions written at concerns during a walk, from the records index."""
    actions = []
    for text in texts:
        if text.action:
            key = action_id(summary.id, "answer", text.question_id)
            actions.append(
                Action(
                    key, text.action, "walk", summary.id, summary.checklist, summary.case,
                    record_day(summary.finished), None, None, text.text, done.get(key),
                )
            )  # fmt: skip
    return actions


def supervision_actions(
    supervision: Supervision,
    checklist: str,
    case: str | None,
    finished: date,
    done: dict[str, Done],
) -> list[Action]:
    """The actions of a record's supervision notes, each discussion as corrected. An
    action is named by its discussion (when first recorded, and its number) and its place
    in it, so that a correction keeps what was marked done."""
    actions = []
    for discussion in supervision.discussions():
        session = discussion.session
        held = _day(session.date) or finished
        for number, agreed in enumerate(session.actions, 1):
            key = action_id(
                supervision.record_id,
                discussion.original.recorded,  # with its number: two saved in one second
                str(discussion.number),
                str(number),
            )
            due = _day(agreed.due) if agreed.due else _day(agreed.by, held)
            actions.append(
                Action(
                    key, agreed.action, "supervision", supervision.record_id, checklist,
                    case, held, agreed.by, due, None, done.get(key), discussion.number,
                )
            )  # fmt: skip
    return actions


def done_by_id(store: Store) -> dict[str, Done]:
    """Each action marked done, by its id (the first marking stands)."""
    done: dict[str, Done] = {}
    for marked in store.read_actions_log().done:
        done.setdefault(marked.id, marked)
    return done


def _day(text: str | None, base: date | None = None) -> date | None:
    """The day a stored date names (notes written before days were stored may hold what
    was typed, read here against the supervision's day); None when it names none."""
    if not text:
        return None
    try:
        return parse_day(text, relative=base is not None, base=base)
    except ThinkFamilyError:
        return None


def ordered(actions: list[Action], today: date) -> list[Action]:
    """Overdue first (the longest overdue first), then by due day, then those with no day
    by when they were agreed, then those done."""
    rank = {"overdue": 0, "due": 1, "open": 2, "done": 3}
    return sorted(
        actions,
        key=lambda a: (rank[a.status(today)], a.due or date.max, a.agreed, a.record_id, a.id),
    )


def short_ids(actions: list[Action]) -> dict[str, str]:
    """The shortest start of each id, at least `SHORT` characters, that no other shares."""
    ids = sorted({a.id for a in actions})
    shown = {}
    for i, full in enumerate(ids):
        length = SHORT
        for other in (ids[i - 1] if i else "", ids[i + 1] if i + 1 < len(ids) else ""):
            while other.startswith(full[:length]) and length < len(full):
                length += 1
        shown[full] = full[:length]
    return shown


def find(actions: list[Action], typed: str) -> Action:
    """The action whose id starts with `typed`."""
    start = typed.strip().lower()
    if len(start) < SHORT:
        raise ThinkFamilyError(
            f"'{typed}' is too short to name an action.",
            hint=f"Give at least {SHORT} characters of its id, as `thinkfamily actions` shows.",
        )
    matches = [a for a in actions if a.id.startswith(start)]
    if not matches:
        raise NotFoundError(
            f"There is no action '{typed}'.", hint="Run `thinkfamily actions --all` to list them."
        )
    if len(matches) > 1:
        raise ThinkFamilyError(f"'{typed}' starts the ids of {len(matches)} actions; give more.")
    return matches[0]


def mark_done(store: Store, action: Action, *, note: str | None, when: str) -> Done:
    """Mark one action done in the actions log."""
    entry = Done(id=action.id, record_id=action.record_id, done=when, note=note)
    store.mark_done(entry)
    return entry
