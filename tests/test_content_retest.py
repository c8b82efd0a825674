"""The content re-test's findings (../shared/reviews/2026-12-06/content.md, A1 to A10 and
the N17 remainder), each pinned where a general rule cannot say it: what a practitioner
could act on wrongly is gone, and the source's words are there."""

from __future__ import annotations

import json

import pytest

from thinkfamily.catalog import Catalog, parse_area
from thinkfamily.models.checklist import Question
from thinkfamily.paths import user_paths

from .conftest import REPO, Run
from .test_support import normal


def _question(checklist_id: str, question_id: str) -> Question:
    checklist = Catalog(user_paths()).load(checklist_id).checklist
    (question,) = [q for _, q in checklist.questions if q.id == question_id]
    return question


class TestA1TippingPoint:
    """A "partly" at the tipping point must not wait weeks for supervision."""

    @pytest.mark.parametrize("answer", ["yes", "partly"])
    def test_every_concern_answer_says_act_now(self, run: Run, make_record, answer: str) -> None:
        record = make_record("professional-curiosity", f"tipping-point: {answer}\n")
        saved = json.loads(record.read_text("utf-8"))
        (urgent,) = [a for a in saved["answers"] if a["act_now"]]
        assert urgent["question_id"] == "tipping-point"
        exported = run("export", record.stem).out
        headings = [line for line in exported.splitlines() if line.startswith("## ")]
        assert headings[0] == "## Act now"

    def test_no_does_not(self, run: Run, make_record) -> None:
        record = make_record("professional-curiosity", "tipping-point: no\n")
        assert "## Act now" not in run("export", record.stem).out


class TestA3ActNowIsTheToolsOwnAdvice:
    def test_the_urgency_is_marked_as_a_practice_tip_and_each_area_has_its_procedures(
        self,
    ) -> None:
        act_now = _question("professional-curiosity", "tipping-point").act_now
        assert act_now is not None
        note = normal(act_now.note)
        assert note.startswith("practice tip:")
        assert "your area's safeguarding procedures" in note
        assert "in hampshire, the isle of wight, portsmouth and southampton, hips points to" in note
        assert "call 999" in note


class TestA5OneFactorInTheSlidesCountsOnce:
    def test_domestic_abuse_with_coercive_control_is_one_factor(self, make_record) -> None:
        answers = "domestic-abuse: present\ncoercive-control: present\n"
        saved = json.loads(make_record("family-factors", answers).read_text("utf-8"))
        assert saved["combined_risk_note"] is None

    def test_two_of_the_factors_give_the_note(self, make_record) -> None:
        answers = "coercive-control: present\nsubstance-misuse: present\n"
        saved = json.loads(make_record("family-factors", answers).read_text("utf-8"))
        assert saved["combined_risk_note"].startswith("Two or more factors are present.")


class TestN17:
    @pytest.mark.parametrize("area", ["hackney", "city-of-london"])
    def test_the_second_adult_learning_disability_number_is_a_phone(self, area: str) -> None:
        contacts = parse_area(REPO / "contacts" / f"{area}.yaml").contacts
        (service,) = [c for c in contacts if c.service == "Adult Learning Disability Service"]
        assert [p.number for p in service.phones] == ["020 8356 7444", "020 8356 7400"]

    def test_it_is_shown_with_the_first(self, run: Run) -> None:
        out = run("contacts", "hackney", "--for", "adults", "--brief").out
        assert "Hackney, adults: 020 8356 7400 (check) - Adult Learning Disability Service" in (
            out.splitlines()
        )
