"""The content review's defects (../shared/reviews/content-review.md), each pinned: what the
product said that its source does not is gone, and what the source says is there.

Each row is a defect ID, where it was, words the product must no longer say, and words
it must say instead (whitespace and typography aside). The general proof, that every
claim's quoted support stands in its source, is the support test; these rows keep each
reviewed defect from coming back in other words.
"""

from __future__ import annotations

import pytest

from thinkfamily.catalog import load_glossary, load_guides
from thinkfamily.paths import user_paths

from .test_support import normal


def _guide(guide_id: str) -> str:
    (guide,) = [g for g in load_guides(user_paths()) if g.id == guide_id]
    return normal(guide.body)


def _glossary(term: str) -> str:
    (entry,) = [e for e in load_glossary(user_paths()) if e.term == term]
    return normal(entry.meaning)


# (ID, where, text of the place, what it must no longer say, what it must say)
DEFECTS = [
    (
        "S1",
        "guide legal-duties",
        lambda: _guide("legal-duties"),
        ["may be being abused or neglected"],
        ["is at risk of abuse or neglect", "cannot protect themselves because of those needs"],
    ),
    (
        "S2",
        "glossary s42",
        lambda: _glossary("s42"),
        ["is being abused or neglected"],
        ["is at risk of abuse or neglect", "cannot protect themselves because of those needs"],
    ),
    (
        "M5",
        "guide legal-duties",
        lambda: _guide("legal-duties"),
        ["reasonable standard", "whose development would be"],
        [
            "reach or maintain satisfactory health or development",
            "health and development will be significantly impaired",
        ],
    ),
    (
        "M6",
        "glossary s17",
        lambda: _glossary("s17"),
        ["reasonable standard"],
        [
            "reach or maintain satisfactory health or development",
            "health and development will be significantly impaired",
        ],
    ),
    (
        "M9",
        "guide legal-duties",
        lambda: _guide("legal-duties"),
        ["children or parents"],
        ["or with adults whose family includes children"],
    ),
]


DEFECTS += [
    (
        "M1",
        "guide vulnerability-factors",
        lambda: _guide("vulnerability-factors"),
        ["abuse between partners"],
        ["risks to a child: domestic abuse,"],
    ),
    (
        "M3",
        "guide family-approach",
        lambda: _guide("family-approach"),
        ["adult children living with parents"],
        ["adults with care and support needs who live with their parents or wider family"],
    ),
    (
        "N6",
        "guide family-approach",
        lambda: _guide("family-approach"),
        ["are the ones that improve outcomes"],
        ["the most effective at improving outcomes"],
    ),
]


DEFECTS += [
    (
        "M2",
        "glossary was not brought",
        lambda: _glossary("was not brought"),
        ["for an adult making their own choices", "depends on others"],
        ["adults and children alike"],
    ),
    (
        "M7",
        "guide was-not-brought",
        lambda: _guide("was-not-brought"),
        ["adults who depend on others, have a right"],
        ["every child and every adult is entitled"],
    ),
    (
        "M8",
        "guide protective-factors",
        lambda: _guide("protective-factors"),
        ["enough for most families"],
        ["or the family as a whole, can be a protective factor", "families often get"],
    ),
    (
        "N9",
        "guide protective-factors",
        lambda: _guide("protective-factors"),
        ["a child is never the protection"],
        ["a child is not protection for an adult"],
    ),
    (
        "N4",
        "glossary JWP",
        lambda: _glossary("JWP"),
        ["earlier hips document", "replaced."],
        ["summary and flow chart can still be found"],
    ),
    (
        "N5",
        "glossary care and support needs",
        lambda: _glossary("care and support needs"),
        ["counterpart of a child in need"],
        ["is an adult at risk when they are also at risk of abuse or neglect"],
    ),
]


DEFECTS += [
    (
        "C8",
        "guide partnership-working sources",
        lambda: " ".join(
            normal(s.section or "")
            for g in load_guides(user_paths())
            if g.id == "partnership-working"
            for s in g.sources
        ),
        ["3-5. what partnerships"],
        ["2. family approach principles"],
    ),
    (
        "N1",
        "guide information-sharing-and-consent",
        lambda: _guide("information-sharing-and-consent"),
        ["avoids problems later"],
        ["can remove some of the barriers", "may reassure people"],
    ),
    (
        "N2",
        "guide professional-curiosity",
        lambda: _guide("professional-curiosity"),
        ["at serious risk"],
        ["significant risk"],
    ),
    (
        "N3",
        "guide transitional-safeguarding",
        lambda: _guide("transitional-safeguarding"),
        ["and its multi-agency risk management"],
        ["separate multi-agency risk management (marm) framework"],
    ),
    (
        "N7",
        "guide mental-capacity-act",
        lambda: _guide("mental-capacity-act"),
        ["particular decision at a particular time"],
        ["consider a person's mental capacity regularly"],
    ),
]


# The content re-test (reviews/2026-12-06/content.md): A1-A10 and §6.
DEFECTS += [
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
        ["does not hold the decision aid itself", "so it is not reproduced here"],
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
        "A7",
        "guide leeds-principles",
        lambda: _guide("leeds-principles"),
        [],
        [
            "a child may be at risk of significant harm, or an adult may be at risk of abuse "
            "or neglect, do not wait",
            "call 999",
        ],
    ),
    (
        "A7",
        "guide supervision",
        lambda: _guide("supervision"),
        [],
        [
            "a child may be at risk of significant harm, or an adult may be at risk of abuse "
            "or neglect, do not wait",
            "call 999",
        ],
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
    ("defect", "where", "text", "gone", "said"), DEFECTS, ids=[row[0] for row in DEFECTS]
)
def test_a_reviewed_defect_stays_fixed(
    defect: str, where: str, text, gone: list[str], said: list[str]
) -> None:
    shown = text()
    assert [w for w in gone if normal(w) in shown] == [], f"{defect}: {where}"
    assert [w for w in said if normal(w) not in shown] == [], f"{defect}: {where}"
