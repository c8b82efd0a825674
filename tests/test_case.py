"""Finding a record the way people remember it: by its case, in any letter case."""

from __future__ import annotations

import json

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
