"""Agreed actions across records: listed with real days, overdue by the clock, marked done
without rewriting a record or supervision notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thinkfamily import check
from thinkfamily.catalog import Catalog
from thinkfamily.paths import user_paths
from thinkfamily.store import Store

from .conftest import Run, assert_private

CONCERN_WITH_ACTION = 'curious: {answer: no, action: "Ask the school about attendance"}\n'


@pytest.fixture
def agreed(run: Run, make_record, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A walk with an action at a concern (case ABC123), then a supervision of it on
    1 December 2026 agreeing two actions with days and one without."""
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-01T10:00:00+00:00")
    path = make_record("professional-curiosity", CONCERN_WITH_ACTION, "--case", "ABC123")
    result = run(
        "supervise", path.stem, "--date", "01/12/2026",
        "--action", "Refer to adult services", "--by", "05/01/2027",
        "--action", "Visit with the health visitor", "--by", "+1w",
        "--action", "Review at next supervision",
    )  # fmt: skip
    assert result.code == 0, result.err
    return path


def listed(run: Run, *options: str) -> tuple[int, list[dict[str, object]]]:
    result = run("actions", "--json", *options)
    return result.code, json.loads(result.out)


@pytest.mark.usefixtures("agreed")
class TestListing:
    def test_every_action_with_its_day_and_status(self, run: Run, agreed: Path) -> None:
        code, actions = listed(run)
        assert code == 0
        assert [(a["action"], a["from"], a["by"], a["due"], a["status"]) for a in actions] == [
            ("Visit with the health visitor", "supervision", "+1w", "2026-12-08", "due"),
            ("Refer to adult services", "supervision", "05/01/2027", "2027-01-05", "due"),
            ("Ask the school about attendance", "walk", None, None, "open"),
            ("Review at next supervision", "supervision", None, None, "open"),
        ]
        walk = actions[2]
        assert walk["question"] == (
            "Am I remaining CURIOUS and INQUISITIVE about what I am seeing and assessing?"
        )
        assert (walk["record"], walk["case"], walk["checklist"], walk["agreed"]) == (
            agreed.stem,
            "ABC123",
            "professional-curiosity",
            "2026-12-01",
        )

    def test_the_table_shows_days_and_a_short_id_to_type(self, run: Run) -> None:
        result = run("actions")
        assert result.code == 0
        lines = result.out.splitlines()
        assert lines[0].split() == ["id", "due", "status", "action", "case", "checklist"]
        first = lines[1].split()
        assert len(first[0]) == 6
        assert " ".join(first[1:11]) == "8 Dec 2026 due in 7 days Visit with the"
        assert result.err == (
            "2 actions due, 2 actions with no day. "
            "Mark one done with: thinkfamily actions done ID\n"
        )

    def test_a_clock_after_the_day_shows_it_overdue_and_exits_3(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2027-01-10T09:00:00+00:00")
        code, actions = listed(run)
        assert code == 3
        assert [(a["action"], a["status"]) for a in actions[:2]] == [
            ("Visit with the health visitor", "overdue"),
            ("Refer to adult services", "overdue"),
        ]
        result = run("actions")
        assert "overdue 33 days" in result.out
        assert "overdue 5 days" in result.out

    def test_overdue_and_due_within(self, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-22T09:00:00+00:00")
        code, actions = listed(run, "--overdue")
        assert (code, [a["action"] for a in actions]) == (3, ["Visit with the health visitor"])
        code, actions = listed(run, "--due-within", "2w")
        assert [a["action"] for a in actions] == [
            "Visit with the health visitor",
            "Refer to adult services",
        ]
        code, actions = listed(run, "--due-within", "13d")
        assert [a["action"] for a in actions] == ["Visit with the health visitor"]

    @pytest.mark.parametrize("typed", ["abc123", " AbC123 "])
    def test_a_case_reference_in_any_letter_case(self, run: Run, typed: str) -> None:
        assert len(listed(run, "--case", typed)[1]) == 4
        assert listed(run, "--case", "XYZ9")[1] == []

    def test_a_window_that_is_not_days(self, run: Run) -> None:
        result = run("actions", "--due-within", "a fortnight")
        assert (result.code, result.err) == (
            1,
            "Error: --due-within 'a fortnight' is not a number of days; write it as 14d or 2w.\n",
        )


@pytest.mark.usefixtures("agreed")
class TestDone:
    def test_done_is_kept_apart_and_the_record_and_notes_are_untouched(
        self, run: Run, agreed: Path, home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        notes = home / "supervision" / f"{agreed.stem}.json"
        before = (agreed.read_bytes(), notes.read_bytes())
        (first,) = [a for a in listed(run)[1] if a["action"] == "Refer to adult services"]
        monkeypatch.setenv("THINKFAMILY_NOW", "2027-01-10T09:00:00+00:00")
        result = run("actions", "done", str(first["id"])[:6], "--note", "Referral made")
        assert (result.code, result.err) == (
            0,
            "Done: Refer to adult services (case ABC123, professional-curiosity)\n",
        )
        assert (agreed.read_bytes(), notes.read_bytes()) == before
        actions = listed(run)[1]
        assert "Refer to adult services" not in [a["action"] for a in actions]
        (shown,) = [a for a in listed(run, "--all")[1] if a["id"] == first["id"]]
        assert (shown["status"], shown["done"], shown["done_note"]) == (
            "done",
            "2027-01-10T09:00:00Z",
            "Referral made",
        )
        again = run("actions", "done", str(first["id"])[:8])
        assert (again.code, again.err) == (
            0,
            "Already done (2027-01-10): Refer to adult services\n",
        )
        noted = run("actions", "done", str(first["id"]), "--note", "Made again")
        assert noted.err == (
            "Already done (2027-01-10): Refer to adult services; the note given now is not "
            "kept (the first marking stands)\n"
        )
        table = run("actions", "--all").out
        assert "done 10 Jan 2027  Refer to adult services" in table
        log = home / "actions.json"
        assert_private(log)
        assert len(json.loads(log.read_text(encoding="utf-8"))["done"]) == 1

    def test_once_the_overdue_one_is_done_the_exit_is_0(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-20T09:00:00+00:00")
        code, actions = listed(run, "--overdue")
        assert code == 3
        run("actions", "done", str(actions[0]["id"]))
        assert listed(run, "--overdue") == (0, [])

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("abc", "Error: 'abc' is too short to name an action.\n"),
            ("ffffffff", "Error: There is no action 'ffffffff'.\n"),
        ],
    )
    def test_an_id_that_names_no_action(self, run: Run, typed: str, message: str) -> None:
        result = run("actions", "done", typed)
        assert result.code == 1
        assert result.err.startswith(message)

    def test_deleting_the_record_forgets_its_actions(
        self, run: Run, agreed: Path, home: Path
    ) -> None:
        (first,) = listed(run)[1][:1]
        run("actions", "done", str(first["id"]), "--note", "Visited")
        assert run("delete", agreed.stem, "--yes").code == 0
        assert listed(run, "--all") == (0, [])
        assert json.loads((home / "actions.json").read_text(encoding="utf-8"))["done"] == []


def test_supervision_notes_from_before_days_were_stored(
    run: Run, make_record, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes whose "by" is what was typed, with no stored day, still give a day when the
    typed text names one."""
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-01T10:00:00+00:00")
    path = make_record("professional-curiosity", "curious: no\n")
    notes = home / "supervision" / f"{path.stem}.json"
    notes.parent.mkdir(mode=0o700, exist_ok=True)
    session = {"date": "2026-11-30", "recorded": "2026-11-30T10:00:00Z", "supervisor": None}
    actions = [
        {"action": "Ring", "by": "2026-12-05"},
        {"action": "Write", "by": "friday"},
        {"action": "Think", "by": "after the review"},
    ]
    notes.write_text(
        json.dumps(
            {
                "schema": "thinkfamily.supervision/1",
                "record_id": path.stem,
                "sessions": [{**session, "decisions": None, "actions": actions}],
            }
        ),
        encoding="utf-8",
    )
    assert [(a["action"], a["by"], a["due"]) for a in listed(run)[1]] == [
        ("Write", "friday", "2026-12-04"),  # the Friday after the supervision's Monday
        ("Ring", "2026-12-05", "2026-12-05"),
        ("Think", "after the review", None),
    ]


def test_a_clock_that_is_not_a_time(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINKFAMILY_NOW", "next tuesday")
    result = run("actions")
    assert (result.code, result.err.splitlines()[0]) == (
        1,
        "Error: THINKFAMILY_NOW is 'next tuesday', which is not a time.",
    )


def _draft(case: str, answered: int) -> Path:
    loaded = Catalog(user_paths()).load("practitioner")
    draft = check.new_draft(loaded, case)
    for _, question in loaded.checklist.questions[:answered]:
        draft.answers[question.id] = {"answer": "yes"}
    draft.questions = {q.id: q.text for _, q in loaded.checklist.questions}
    return Store(user_paths()).save_draft(draft)


@pytest.mark.usefixtures("frozen")
def test_records_drafts_lists_unfinished_walks_with_how_to_carry_on(run: Run) -> None:
    path = _draft("AB12", 3)
    result = run("records", "--drafts")
    assert result.code == 0
    assert result.out.splitlines() == [
        "started           checklist     case  answered  carry on with",
        "2026-11-23 10:30  practitioner  AB12  3/16      "
        "thinkfamily check practitioner --case AB12",
    ]
    data = json.loads(run("records", "--drafts", "--json", "--case", "ab12").out)
    assert data == [
        {
            "started": "2026-11-23T10:30:00+00:00",
            "checklist": "practitioner",
            "case": "AB12",
            "answered": 3,
            "questions": 16,
            "path": str(path),
        }
    ]
    assert json.loads(run("records", "--drafts", "--json", "--case", "CD34").out) == []


def test_the_welcome_says_what_is_waiting(
    run: Run, agreed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _draft("AB12", 1)
    monkeypatch.setenv("THINKFAMILY_NOW", "2027-01-10T09:00:00+00:00")
    result = run()
    assert result.code == 0
    assert result.out.splitlines()[-3:] == [
        "Waiting for you:",
        "  2 overdue actions      thinkfamily actions --overdue",
        "  1 unfinished walk      thinkfamily records --drafts",
    ]


@pytest.mark.usefixtures("agreed")
def test_done_json_gives_the_action_as_now_marked(run: Run) -> None:
    (first,) = listed(run)[1][:1]
    result = run("actions", "done", str(first["id"]), "--note", "Visited", "--json")
    data = json.loads(result.out)
    assert (data["id"], data["status"], data["done_note"]) == (first["id"], "done", "Visited")


@pytest.mark.usefixtures("agreed")
def test_plain_mode_gives_one_item_per_line(run: Run) -> None:
    out = run("--plain", "actions").out.splitlines()
    assert len(out[0]) == 6  # the id on its own line, then each column named
    assert out[1:6] == [
        "  due: 8 Dec 2026",
        "  status: due in 7 days",
        "  action: Visit with the health visitor",
        "  case: ABC123",
        "  checklist: professional-curiosity",
    ]
    story = run("--plain", "case", "ABC123").out.splitlines()
    assert story[0] == "Case ABC123: 1 record, 1 supervision discussion, 4 actions (0 overdue), 0"


@pytest.mark.usefixtures("frozen")
def test_two_discussions_saved_in_one_second_have_actions_of_their_own(
    run: Run, make_record
) -> None:
    make_record("professional-curiosity", "curious: no\n", "--case", "RC1")
    run("supervise", "RC1", "--action", "first", "--by", "+3d")
    run("supervise", "RC1", "--action", "second", "--by", "+4d")
    actions = listed(run)[1]
    assert [a["action"] for a in actions] == ["first", "second"]
    assert len({a["id"][:6] for a in actions}) == 2
    assert run("actions", "done", actions[1]["id"][:6]).code == 0
    assert [a["action"] for a in listed(run)[1]] == ["first"]


@pytest.mark.parametrize(
    "stored", ["0000-00-00", "2027-02-31", "2027-01-10T23:59:59", "9999-12-31"]
)
def test_a_stored_day_that_is_odd_never_stops_a_listing_or_an_export(
    run: Run, make_record, home: Path, stored: str
) -> None:
    path = make_record("professional-curiosity", "curious: no\n", "--case", "OD1")
    notes = home / "supervision" / f"{path.stem}.json"
    notes.parent.mkdir(mode=0o700, exist_ok=True)
    session = {"date": "2026-12-01", "recorded": "2026-12-01T10:00:00Z"}
    action = {"action": "Ring", "by": stored, "due": stored}
    data = {"schema": "thinkfamily.supervision/1", "record_id": path.stem}
    notes.write_text(
        json.dumps({**data, "sessions": [{**session, "actions": [action]}]}), encoding="utf-8"
    )
    (found,) = listed(run)[1]
    assert found["due"] == ("9999-12-31" if stored.startswith("9999") else None)
    for args in (["show", "OD1"], ["case", "OD1"], ["export", "OD1", "--format", "html"]):
        result = run(*args)
        assert result.code == 0, (args, result.err)
        assert "Ring" in result.out
