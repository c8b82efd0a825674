"""A walk that starts from the last walk of the same checklist and case: each answer is
shown and kept with Enter, through the prompt interface (the pseudo-terminal test is in
test_e2e_follow_up)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thinkfamily import check, dates
from thinkfamily.casefile import changes
from thinkfamily.catalog import Catalog
from thinkfamily.errors import NotFoundError, ThinkFamilyError
from thinkfamily.paths import user_paths
from thinkfamily.render.casefile import changes_lines
from thinkfamily.store import Store
from thinkfamily.walk import ACTION_PROMPT, NOTE_PROMPT

from .conftest import Run
from .scripted import ScriptedPrompter

REFLECT = "[y/p/n/x/?/b/s/q]"
START = "Start from last time's answers? [y/n] (y)"
KEEP_NOTE = "Note (Enter keeps it, - clears it)"
KEEP_ACTION = "What will you do, or take to supervision? (Enter keeps it, - clears it)"
FIRST = 'curious: {answer: no, note: "Only mum seen", action: "Visit dad"}\n'
FIRST += "indicators-of-harm: yes\ntipping-point: no\n"


@pytest.fixture
def earlier(make_record, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 10, 12, 9, 30, tzinfo=UTC))
    path = make_record("professional-curiosity", FIRST, "--case", "LT1")
    monkeypatch.setattr(dates, "now", lambda: datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    return path.stem


def walk(prompter: ScriptedPrompter, start_from: str = check.ASK) -> check.Saved | None:
    loaded = Catalog(user_paths()).load("professional-curiosity")
    store = Store(user_paths())
    return check.walk(
        loaded, "lt1", prompter, store, {}, resume=None, start_from=start_from,
        warn=print, rescue=print,
    )  # fmt: skip


def test_each_answer_is_shown_and_kept_with_enter(earlier: str) -> None:
    prompter = ScriptedPrompter(
        [
            (START, ""),
            (f"{REFLECT} (n)", ""),  # kept: no
            (KEEP_NOTE, ""),
            (KEEP_ACTION, "Visit dad this week"),
            (f"{REFLECT} (y)", "n"),  # changed
            (NOTE_PROMPT, ""),
            (f"{REFLECT} (n)", ""),
            (NOTE_PROMPT, ""),
            ("What do you want to take to supervision? (Enter to skip)", ""),
        ]
    )
    saved = walk(prompter)
    assert saved is not None
    assert prompter.script == []
    assert prompter.hints()[1:4] == [
        "Last time (12 Oct 2026): no - Only mum seen - Visit dad",
        "Earlier: Only mum seen",
        "Earlier: Visit dad",
    ]
    assert "Last time (12 Oct 2026): yes" in prompter.hints()
    record = saved.record
    assert record.started_from == earlier
    assert [(a.answer, a.note, a.action) for a in record.answers] == [
        ("no", "Only mum seen", "Visit dad this week"),
        ("no", None, None),
        ("no", None, None),
    ]


def test_declining_starts_blank(earlier: str) -> None:
    del earlier
    prompter = ScriptedPrompter(
        [
            (START, "n"),
            (REFLECT, "y"),
            (NOTE_PROMPT, ""),
            (REFLECT, "s"),
            (REFLECT, "s"),
            ("What do you want to take to supervision? (Enter to skip)", ""),
        ]
    )
    saved = walk(prompter)
    assert saved is not None
    assert saved.record.started_from is None
    assert not any(h.startswith("Last time") for h in prompter.hints())


def test_from_latest_and_fresh_do_not_ask(earlier: str) -> None:
    prompter = ScriptedPrompter([(f"{REFLECT} (n)", "q")])
    assert walk(prompter, check.LATEST) is None
    assert prompter.script == []
    draft = Store(user_paths()).load_draft("professional-curiosity", "lt1")
    assert draft is not None
    assert draft.last is not None
    assert draft.last.record == earlier  # a resumed walk still offers last time's answers


def test_fresh_asks_nothing_about_last_time(earlier: str) -> None:
    del earlier
    prompter = ScriptedPrompter([(REFLECT, "q")])
    assert walk(prompter, check.FRESH) is None


def test_from_a_walk_of_another_checklist_is_refused(run: Run, make_record) -> None:
    other = make_record("practitioner", "supervision: no\n", "--case", "LT1")
    with pytest.raises(ThinkFamilyError) as caught:
        walk(ScriptedPrompter([]), other.stem)
    assert caught.value.message == (
        f"{other.stem} is a walk of practitioner, not of professional-curiosity."
    )
    with pytest.raises(NotFoundError) as missing:
        walk(ScriptedPrompter([]), check.LATEST)
    assert missing.value.message == (
        "There is no earlier walk of professional-curiosity for case lt1."
    )
    assert run("check", "professional-curiosity", "--fresh", "--from", "latest").code == 1


def test_the_end_of_the_walk_says_what_moved(earlier: str) -> None:
    prompter = ScriptedPrompter(
        [
            (START, ""),
            (f"{REFLECT} (n)", "y"),
            (KEEP_NOTE, "Dad seen too"),
            (f"{REFLECT} (y)", ""),
            (NOTE_PROMPT, ""),
            (ACTION_PROMPT, ""),
            (f"{REFLECT} (n)", ""),
            (NOTE_PROMPT, ""),
            ("What do you want to take to supervision? (Enter to skip)", ""),
        ]
    )
    saved = walk(prompter)
    assert saved is not None
    store = Store(user_paths())
    found = changes(store.read_record(store.resolve(earlier)), saved.record)
    lines = [line[1] for line in changes_lines(found, since=True)]
    assert lines == [
        "Since your walk of 12 Oct 2026: 1 change; 2 unchanged",
        "",
        "Concern resolved:",
        "Am I remaining CURIOUS and INQUISITIVE about what I am seeing and assessing?",
        "no -> yes",
        "was: Only mum seen / Visit dad",
        "now: Dad seen too",
    ]
