"""Finding a record the way people remember it: by its case, in any letter case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run


class TestRecordByCase:
    def test_a_case_reference_that_names_one_record_is_that_record(
        self, run: Run, make_record
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n", "--case", "ABC123")
        make_record("professional-curiosity", "curious: yes\n", "--case", "XYZ9")
        for typed in ("ABC123", "abc123"):
            result = run("show", typed)
            assert result.code == 0, result.err
            assert f"Record:       {path.stem}" in result.out
        assert run("export", "abc123", "-f", "json").code == 0

    def test_a_case_with_several_records_lists_them_to_choose_from(
        self, run: Run, make_record, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-11-02T10:00:00+00:00")
        older = make_record("professional-curiosity", "curious: no\n", "--case", "ABC123")
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-11-30T10:00:00+00:00")
        newer = make_record("practitioner", "supervision: no\n", "--case", "ABC123")
        result = run("show", "abc123")
        assert result.code == 1
        lines = result.err.splitlines()
        assert lines[0] == "Error: Case ABC123 has 2 records, newest first:"
        assert [line.split()[0] for line in lines[1:3]] == [newer.stem, older.stem]
        assert lines[1].split()[-1] == "practitioner"
        assert lines[3] == "Give one of these ids (a unique start is enough)."

    def test_an_id_prefix_wins_over_a_case(self, run: Run, make_record) -> None:
        path = make_record("professional-curiosity", "curious: no\n", "--case", "ABC123")
        assert path.stem in run("show", path.stem[:10]).out


class TestFilters:
    @pytest.mark.parametrize("typed", ["ABC123", "abc123", " Abc123 "])
    def test_case_in_any_letter_case(self, run: Run, make_record, typed: str) -> None:
        make_record("professional-curiosity", "curious: no\n", "--case", "ABC123")
        make_record("professional-curiosity", "curious: no\n", "--case", "XYZ9")
        listed = json.loads(run("records", "--json", "--case", typed).out)
        assert [r["case"] for r in listed] == ["ABC123"]

    def test_a_checklist_typo_gets_a_suggestion(self, run: Run, make_record) -> None:
        make_record("professional-curiosity", "curious: no\n")
        result = run("records", "--checklist", "practioner")
        assert (result.code, result.err) == (
            1,
            "Error: There is no checklist 'practioner'.\n"
            "Did you mean practitioner? Run `thinkfamily checklists` to see them all.\n",
        )

    def test_a_real_checklist_with_no_records_says_so(self, run: Run, make_record) -> None:
        make_record("professional-curiosity", "curious: no\n")
        result = run("records", "--checklist", "practitioner")
        assert (result.code, result.err) == (0, "No records found.\n")


@pytest.fixture
def two_walks(run: Run, make_record, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Case ABC123 walked in October and again in December, with supervision between."""
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-10-12T09:30:00+00:00")
    first = make_record(
        "professional-curiosity",
        'curious: {answer: no, action: "Ask the school"}\n'
        "indicators-of-harm: no\n"
        "tipping-point: {answer: no, note: Watching}\n",
        "--case",
        "ABC123",
    )
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-10-20T09:30:00+00:00")
    run(
        "supervise", first.stem, "--supervisor", "J. Patel", "--decisions", "Refer",
        "--action", "Make the referral", "--by", "+2w",
    )  # fmt: skip
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-01T14:00:00+00:00")
    second = make_record(
        "professional-curiosity",
        "curious: yes\nindicators-of-harm: {answer: yes, note: Bruise seen}\n"
        "tipping-point: {answer: no, note: Watching closely}\n",
        "--case",
        "abc123",
    )
    return first, second


class TestStory:
    def test_every_record_discussion_and_action_in_date_order(
        self, run: Run, two_walks: tuple[Path, Path]
    ) -> None:
        first, second = two_walks
        data = json.loads(run("case", "Abc123", "--json").out)
        assert (data["records"], data["discussions"], data["unfinished_walks"]) == (2, 1, 0)
        assert [(e["day"], e["kind"], e["record"]) for e in data["events"]] == [
            ("2026-10-12", "record", first.stem),
            ("2026-10-20", "supervision", first.stem),
            ("2026-12-01", "record", second.stem),
        ]
        walk, agreed = data["events"][0]["actions"], data["events"][1]["actions"]
        assert [a["action"] for a in walk] == ["Ask the school"]
        assert [(a["action"], a["due"], a["status"]) for a in agreed] == [
            ("Make the referral", "2026-11-03", "overdue")
        ]
        assert data["events"][1]["details"] == ["Decided: Refer"]
        text = run("case", "ABC123").out
        assert " ".join(text.splitlines()[:2]) == (
            "Case ABC123: 2 records, 1 supervision discussion, 2 actions (1 overdue), 0 "
            "unfinished walks"
        )
        assert "\n20 Oct 2026        Supervision discussion 1 of" in text
        assert "\n12 Oct 2026, 09:30 Professional curiosity: 3 of 3 answered" in text

    @pytest.mark.usefixtures("two_walks")
    def test_an_unknown_case(self, run: Run) -> None:
        result = run("case", "ZZZ9")
        assert (result.code, result.err.splitlines()[0]) == (
            1,
            "Error: There are no records or unfinished walks for case 'ZZZ9'.",
        )


class TestChanges:
    def test_what_moved_between_two_walks(self, run: Run, two_walks: tuple[Path, Path]) -> None:
        first, second = two_walks
        data = json.loads(run("compare", second.stem, first.stem, "--json").out)
        assert (data["earlier"], data["later"], data["unchanged"]) == (first.stem, second.stem, 0)
        assert [(c["question"], c["kind"], c["before"], c["after"]) for c in data["changes"]] == [
            ("curious", "resolved", "no", "yes"),
            ("indicators-of-harm", "raised", "no", "yes"),
            ("tipping-point", "note", "no", "no"),
        ]
        assert (data["changes"][2]["written_before"], data["changes"][2]["written_after"]) == (
            "Watching",
            "Watching closely",
        )
        assert json.loads(run("case", "abc123", "--changes", "--json").out) == [data]
        text = run("compare", first.stem, second.stem).out.splitlines()
        assert text[3:6] == ["3 changes; 0 unchanged", "", "Concern raised:"]

    def test_two_different_checklists_are_not_compared(self, run: Run, make_record) -> None:
        a = make_record("professional-curiosity", "curious: no\n")
        b = make_record("practitioner", "supervision: no\n")
        result = run("compare", a.stem, b.stem)
        assert result.code == 1
        assert result.err.startswith("Error: These are walks of different checklists")


# --- a second attack, made after the reliability review's fixes --------------------


class TestEmptyReference:
    """Second attack after the reliability review's fixes: a blank record reference
    matches nothing."""

    @pytest.mark.parametrize("command", ["show", "delete", "export", "supervise"])
    @pytest.mark.parametrize("ref", ["", "  "])
    def test_a_blank_record_reference_matches_nothing(
        self, run: Run, make_record, command: str, ref: str
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        result = run(command, ref, "--yes") if command == "delete" else run(command, ref)
        assert result.code == 1
        assert result.err.startswith("Error: Give a record id, a unique start of one")
        assert record.exists()
