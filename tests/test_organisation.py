"""The organisational self-assessment speaks to organisations, and a year on starts from
last year's ratings and texts, reporting the change per area."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thinkfamily import check, dates
from thinkfamily.casefile import changes
from thinkfamily.catalog import Catalog
from thinkfamily.paths import user_paths
from thinkfamily.store import Store
from thinkfamily.walk import (
    IN_PLACE_MORE,
    IN_PLACE_NOW,
    NOTE_PROMPT,
    ORGANISATION_ACTION_PROMPT,
    ORGANISATION_CLOSING_PROMPT,
)

from .conftest import Run
from .scripted import ScriptedPrompter

REFLECT = "[y/p/n/x/?/b/s/q]"
IN_PLACE = "[i/p/n/?/b/s/q]"
KEPT_NOW = "What is currently in place? (Enter keeps it, - clears it)"
KEPT_MORE = "What more could be in place? (Enter keeps it, - clears it)"
AREAS = [
    "policies-and-procedures",
    "workforce-development",
    "assessments-for-support",
    "risk-assessments",
    "supervision-arrangements",
    "audit-programmes",
    "information-for-public",
]
RATINGS = ["n", "p", "i", "n", "p", "i", "n"]
WORDS = {"i": "in-place", "p": "partly", "n": "not-in-place"}

FIRST_YEAR = [
    (REFLECT, "p"),
    (NOTE_PROMPT, ""),
    (ORGANISATION_ACTION_PROMPT, "Brief the board"),
    (REFLECT, "y"),
    (NOTE_PROMPT, ""),
    (ORGANISATION_ACTION_PROMPT, ""),
    *(
        step
        for number, key in enumerate(RATINGS, 1)
        for step in (
            (IN_PLACE, key),
            (IN_PLACE_NOW, f"Now {number}"),
            (IN_PLACE_MORE, f"More {number}"),
        )
    ),
    (ORGANISATION_CLOSING_PROMPT, ""),
]


def walk(prompter: ScriptedPrompter, when: datetime, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(dates, "now", lambda: when)
    loaded = Catalog(user_paths()).load("organisation")
    saved = check.walk(
        loaded, None, prompter, Store(user_paths()), {"organisation": "Leeds Care Trust"},
        resume=None, warn=print, rescue=print, intro=True,
    )  # fmt: skip
    assert prompter.script == []
    assert saved is not None
    return saved


def test_its_own_keys_from_the_start_and_no_supervision_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompter = ScriptedPrompter(list(FIRST_YEAR))
    saved = walk(prompter, datetime(2025, 11, 3, 10, tzinfo=UTC), monkeypatch)
    hints = prompter.hints()
    assert (
        "Keys: y yes, p partly, n no, x not applicable, ? guidance, b back, s skip, "
        "q save and quit." in hints
    )
    assert (
        "Keys (Areas: what is currently in place and what more could be in place): i in place, "
        "p partly, n not in place, ? guidance, b back, s skip, q save and quit."
    ) in hints
    assert not [p for p in prompter.asked if "supervision" in p]
    record = saved.record
    assert record.organisational
    assert [a.question_id for a in record.action_plan] == AREAS  # each has "what more"


def test_a_year_on_it_starts_from_last_year_and_reports_the_change_per_area(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = walk(
        ScriptedPrompter(list(FIRST_YEAR)), datetime(2025, 11, 3, 10, tzinfo=UTC), monkeypatch
    )
    second_year = [
        ("Start from last time's answers? [y/n] (y)", ""),
        (f"{REFLECT} (p)", "y"),
        (NOTE_PROMPT, ""),
        (f"{REFLECT} (y)", ""),
        (NOTE_PROMPT, ""),
        (ORGANISATION_ACTION_PROMPT, "Two joint sessions"),
        (f"{IN_PLACE} (n)", "p"),  # policies: moved on
        (KEPT_NOW, "Draft joint procedure"),
        (KEPT_MORE, ""),
        *(
            step
            for key in RATINGS[1:]
            for step in ((f"{IN_PLACE} ({key})", ""), (KEPT_NOW, ""), (KEPT_MORE, ""))
        ),
        (ORGANISATION_CLOSING_PROMPT, ""),
    ]
    prompter = ScriptedPrompter(second_year)
    second = walk(prompter, datetime(2026, 11, 2, 10, tzinfo=UTC), monkeypatch)
    assert "Last time (3 Nov 2025): not in place - Now 1 - More 1" in prompter.hints()
    answers = {a.question_id: a for a in second.record.answers}
    kept = [(WORDS[key], f"More {number}") for number, key in enumerate(RATINGS, 1)]
    assert [(answers[q].answer, answers[q].more_could_be_in_place) for q in AREAS] == [
        ("partly", "More 1"),
        *kept[1:],
    ]
    assert answers["policies-and-procedures"].currently_in_place == "Draft joint procedure"
    found = changes(first.record, second.record)
    assert [(c.question_id, c.kind, c.before, c.after) for c in found.changes] == [
        ("principles-embedded", "resolved", "partly", "yes"),
        ("more-could-be-done", "note", "yes", "yes"),
        ("policies-and-procedures", "moved", "not-in-place", "partly"),
    ]
    assert found.unchanged == 6
    exported = run("export", second.record.id).out
    assert exported.splitlines()[2:4] == [
        "- **Organisation:** Leeds Care Trust",
        "- **Started:** 2026-11-02 10:00 +0000",
    ]
    plan = exported.split("## Action plan\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert plan[:3] == [
        "- **Policies and procedures** (partly)",
        "  - More could be in place: More 1",
        "  - In place now: Draft joint procedure",
    ]
    since = exported.split("## Since the walk of 03 November 2025\n\n", 1)[1]
    assert since.split("\n\n", 1)[0].splitlines() == [
        "- **Are these principles embedded within your organisation?**: no longer a concern "
        "(partly to yes)",
        "- **Could more be done to promote this approach?**: what was written changed (yes to yes)",
        "- **Policies and procedures**: answer changed (not in place to partly)",
    ]
    assert "## Supervision discussion" not in exported
    assert "## Points for supervision" not in exported
