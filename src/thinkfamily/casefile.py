"""One case through time: its records, supervision discussions, actions and unfinished
walks, in date order; what changed between two walks of the same checklist; and a
record's summary for supervision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from . import config
from .actions import Action, done_by_id, supervision_actions, walk_actions
from .contacts.select import Referral, referral
from .errors import NotFoundError, StoreError, ThinkFamilyError
from .models.record import Answer, Draft, Record
from .models.supervision import Discussion, Supervision
from .paths import Paths
from .store import Store, record_day


@dataclass(frozen=True)
class Event:
    """Something that happened in a case, on a day (and at a time, for a record)."""

    day: date
    time: str | None  # HH:MM where known
    kind: Literal["record", "supervision", "done", "draft"]
    record_id: str | None
    title: str
    details: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class Story:
    case: str
    events: list[Event]
    records: int
    discussions: int
    actions: list[Action]
    drafts: int


_ORDER = {"record": 0, "supervision": 1, "done": 2, "draft": 3}


def story(store: Store, ref: str) -> tuple[Story, list[str]]:
    """The story of case `ref` (whatever its letter case), and warnings for what could not
    be read."""
    wanted = ref.strip().casefold()
    if not wanted:
        raise ThinkFamilyError("Give a case reference, such as ABC123.")
    mine, texts, skipped = store.asked(
        lambda summaries: (
            summaries.found,
            summaries.index.texts(),
            summaries.skipped,
        ),
        case=wanted,
    )
    warnings = [f"skipped {path}: {reason}" for path, reason in skipped]
    done = done_by_id(store)
    actions: list[Action] = []
    events: list[Event] = []
    discussions = 0
    case = mine[-1].case if mine and mine[-1].case else ref.strip()  # as the first record wrote it
    for summary in mine:
        record_id = summary.id
        walked = walk_actions(summary, texts.get(summary.key, []), done)
        actions += walked
        events.append(
            Event(
                record_day(summary.finished), summary.finished[11:16], "record", record_id,
                f"{summary.title}: {summary.answered} of {summary.questions} answered, "
                f"{summary.concerns} for supervision",
                actions=walked,
            )
        )  # fmt: skip
        try:
            supervision = store.read_supervision(record_id)
        except StoreError as exc:
            warnings.append(f"skipped the supervision notes of {record_id}: {exc.message}")
            continue
        if supervision is None:
            continue
        agreed = supervision_actions(
            supervision, summary.checklist, summary.case, record_day(summary.finished), done
        )
        actions += agreed
        for discussion in supervision.discussions():
            discussions += 1
            events.append(_discussion(record_id, discussion, agreed))
    for action in actions:
        if action.done:
            note = [action.done.note] if action.done.note else []
            done_day = date.fromisoformat(action.done.done[:10])
            events.append(
                Event(
                    done_day, None, "done", action.record_id, f"Action done: {action.action}", note
                )
            )
    drafts, problems = store.open_drafts()
    warnings += problems
    events += [
        _unfinished(path, draft)
        for path, draft in drafts
        if (draft.case or "").casefold() == wanted
    ]
    if not events:
        raise NotFoundError(
            f"There are no records or unfinished walks for case '{ref.strip()}'.",
            hint="Run `thinkfamily records` to see the case references in use.",
        )
    events.sort(key=lambda e: (e.day, _ORDER[e.kind], e.time or ""))
    drafts_open = sum(1 for e in events if e.kind == "draft")
    return Story(case, events, len(mine), discussions, actions, drafts_open), warnings


def _unfinished(path: Path, draft: Draft) -> Event:
    total = len(draft.questions) or "?"
    return Event(
        date.fromisoformat(draft.started[:10]), draft.started[11:16], "draft", None,
        f"Unfinished walk of {draft.checklist_id}, {len(draft.answers)} of {total} "
        f"answered: thinkfamily check {draft.checklist_id} --case {draft.case}",
        [str(path)],
    )  # fmt: skip


def _discussion(record_id: str, discussion: Discussion, actions: list[Action]) -> Event:
    session = discussion.session
    details = [f"Decided: {session.decisions}"] if session.decisions else []
    details += [f"Corrected {c.recorded[:10]}: {c.reason}" for c in discussion.corrections]
    held = date.fromisoformat(session.date)
    agreed = [a for a in actions if a.discussion == discussion.number]
    who = f", {session.supervisor}" if session.supervisor else ""
    return Event(
        held, None, "supervision", record_id,
        f"Supervision discussion {discussion.number} of {record_id}{who}", details, agreed,
    )  # fmt: skip


# --- what changed between two walks ------------------------------------------------------


@dataclass(frozen=True)
class Change:
    question_id: str
    text: str
    before: str  # the answer word
    after: str
    concern_before: bool
    concern_after: bool
    note_before: str | None
    note_after: str | None

    @property
    def kind(self) -> Literal["raised", "resolved", "moved", "note"]:
        if self.concern_after and not self.concern_before:
            return "raised"
        if self.concern_before and not self.concern_after:
            return "resolved"
        return "moved" if self.before != self.after else "note"


@dataclass(frozen=True)
class Changes:
    earlier: Record
    later: Record
    changes: list[Change]
    unchanged: int
    only_earlier: list[str]  # questions asked in one walk and not the other
    only_later: list[str]


def since_started_from(store: Store, record: Record) -> Changes | None:
    """What changed since the walk a record started from, while that walk is still kept
    (deleted since, unreadable, or not of its checklist: nothing to say)."""
    if not record.started_from:
        return None
    try:
        return changes(store.read_record(store.resolve(record.started_from)), record)
    except ThinkFamilyError:  # StoreError and NotFoundError are kinds of it
        return None


def changes(first: Record, second: Record) -> Changes:
    """What changed from the earlier of two walks of one checklist to the later."""
    if first.checklist.id != second.checklist.id:
        raise ThinkFamilyError(
            f"These are walks of different checklists ({first.checklist.id} and "
            f"{second.checklist.id}); compare two walks of the same one."
        )
    earlier, later = sorted((first, second), key=lambda r: r.finished_at)
    before = {a.question_id: a for a in earlier.answers}
    after = {a.question_id: a for a in later.answers}
    found: list[Change] = []
    unchanged = 0
    for question_id, now in after.items():
        then = before.get(question_id)
        if then is None:
            continue
        if (then.answer, _said(then)) == (now.answer, _said(now)):
            unchanged += 1
            continue
        found.append(
            Change(
                question_id, now.text, then.answer, now.answer, then.concern, now.concern,
                _said(then), _said(now),
            )
        )  # fmt: skip
    return Changes(
        earlier,
        later,
        found,
        unchanged,
        [a.text for q, a in before.items() if q not in after],
        [a.text for q, a in after.items() if q not in before],
    )


def _said(answer: Answer) -> str | None:
    """What was written with an answer: its note, text answer, action and plans."""
    parts = [
        answer.response,
        answer.note,
        answer.action,
        answer.currently_in_place,
        answer.more_could_be_in_place,
    ]
    return " / ".join(p for p in parts if p) or None


@dataclass(frozen=True)
class Summary:
    """A record as its summary for supervision shows it: the record (redacted, if that was
    asked), its supervision notes, who to contact about its concerns in its area, and what
    moved since the walk it started from."""

    record: Record
    supervision: Supervision | None
    referral: Referral | None
    since: Changes | None


def summary_of(paths: Paths, store: Store, record: Record, shown: Record | None = None) -> Summary:
    """The summary of a saved record, showing `shown` (the record redacted) if given. The
    referral is for the record's area, or the one set now, in the order of its file."""
    return Summary(
        shown or record,
        store.read_supervision(record.id),
        referral_of(paths, record),
        since_started_from(store, record),
    )


def referral_of(paths: Paths, record: Record, *, live: bool = False) -> Referral | None:
    """Who to contact about a record's concerns, in its area (or the one set now, for a
    record that names none); `live` puts out-of-hours services first when it is out of
    hours now, as at the end of a walk."""
    if not (record.refer or record.services):
        return None
    area = record.area or config.load(paths.config_file).get("area")
    return referral(paths, area, record.refer, record.services, live=live)
