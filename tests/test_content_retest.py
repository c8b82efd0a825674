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
from .test_content_review import _glossary, _guide
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


# (ID, where, text of the place, what it must no longer say, what it must say)
FINDINGS = [
    (
        "A2",
        "guide legal-duties",
        lambda: _guide("legal-duties"),
        ["likely to suffer", "children suffering, or likely"],
        [
            "children suffering or at risk of suffering significant harm",
            "a duty to investigate and assess where there are concerns about significant harm",
        ],
    ),
    (
        "A2",
        "glossary s47",
        lambda: _glossary("s47"),
        ["where a child is suffering"],
        [
            "children suffering or at risk of suffering significant harm",
            "a duty to investigate and assess where there are concerns about significant harm",
        ],
    ),
    (
        "A4",
        "guide adult-safeguarding-concern",
        lambda: _guide("adult-safeguarding-concern"),
        [],
        [
            "is at risk of abuse or neglect",
            "you do not need to show that the test is met",
            "the local authority decides",
        ],
    ),
    (
        "§6 item 2",
        "guide adult-safeguarding-concern",
        lambda: _guide("adult-safeguarding-concern"),
        [],
        ["no decision chart is reproduced here"],
    ),
    (
        "§6 item 1",
        "guide child-safeguarding-concern",
        lambda: _guide("child-safeguarding-concern"),
        [],
        [
            "must be responded to by any practitioner",
            "a duty to investigate and assess where there are concerns about significant harm",
            "you do not need proof of harm to raise a concern",
            "thinkfamily contacts area --for children",
            "call 999",
        ],
    ),
    (
        "A5",
        "family-factors combined-risk note",
        lambda: normal(Catalog(user_paths()).load("family-factors").checklist.combined_risk.note),
        ["which add self neglect and coercive control"],
        ["which add self neglect and name domestic abuse together with coercive control"],
    ),
    (
        "A7",
        "guide leeds-principles",
        lambda: _guide("leeds-principles"),
        [],
        ["may be at risk of significant harm, do not wait", "call 999"],
    ),
    (
        "A7",
        "guide supervision",
        lambda: _guide("supervision"),
        [],
        ["may be at risk of significant harm, do not wait", "call 999"],
    ),
    (
        "A8",
        "guide legal-duties",
        lambda: _guide("legal-duties"),
        [],
        ["as the leeds 2014 protocol summarises the act"],
    ),
    (
        "A8",
        "glossary s17",
        lambda: _glossary("s17"),
        [],
        ["as the leeds 2014 protocol summarises the act"],
    ),
]


@pytest.mark.parametrize(
    ("finding", "where", "text", "gone", "said"),
    FINDINGS,
    ids=[f"{row[0]} {row[1]}" for row in FINDINGS],
)
def test_a_retest_finding_stays_fixed(
    finding: str, where: str, text, gone: list[str], said: list[str]
) -> None:
    shown = text()
    assert [w for w in gone if normal(w) in shown] == [], f"{finding}: {where}"
    assert [w for w in said if normal(w) not in shown] == [], f"{finding}: {where}"


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
