"""The content review's defects (../shared/reviews/content-review.md), each pinned: what the
product said that its source does not is gone, and what the source says is there.

Each row is a defect ID, where it was, words the product must no longer say, and words
it must say instead (whitespace and typography aside). The general proof, that every
claim's quoted support stands in its source, is the support test; these rows keep each
reviewed defect from coming back in other words.
"""

from __future__ import annotations

import re

import pytest

from thinkfamily.catalog import load_glossary, load_guides
from thinkfamily.contacts import referral
from thinkfamily.paths import user_paths
from thinkfamily.render.wording import referral_items


def _normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("*", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def _guide(guide_id: str) -> str:
    (guide,) = [g for g in load_guides(user_paths()) if g.id == guide_id]
    return _normal(guide.body)


def _glossary(term: str) -> str:
    (entry,) = [e for e in load_glossary(user_paths()) if e.term == term]
    return _normal(entry.meaning)


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


def test_s3_hackney_adults_have_phone_routes_in_the_referral_block() -> None:
    """The numbers the City & Hackney guidance gives for adults are shown as numbers,
    flagged for checking, in the block at the end of a walk and in the export; a form is
    shown with where to find it."""
    items = referral_items(referral(user_paths(), "hackney", ["adults"]))
    check = " CHECK: sources disagree or may be out of date."
    guidance = "City & Hackney, Think Family ... it's not just the thought that counts (undated)"
    assert items[1:] == [
        'Adult safeguarding (report a concern): Hackney Council\'s online "Report a concern" '
        "form, for the public and professionals; https://hackney.gov.uk/safeguarding-vulnerable-"
        "adults/ (Hackney Council, safeguarding vulnerable adults (2023-08-16))" + check,
        f"Adult Protection: 020 8356 5782 ({guidance})" + check,
        'Adult Social Care (information and assessment): "Ask for support" (the City & Hackney '
        "guidance calls it the ASC Request for Support Form); https://hackney.gov.uk/your-"
        "social-care-assessment/ (Hackney Council, your social care assessment (2020-10-25))"
        + check,
        f"Adult Social Care (phone): 020 8356 6262 ({guidance})" + check,
    ]


def test_s3_hackney_says_no_adult_out_of_hours_number_was_found(run) -> None:
    result = run("contacts", "hackney", "--for", "adults")
    assert result.code == 0
    assert "No Hackney page was found giving an out-of-hours number for adults" in " ".join(
        result.out.split()
    )


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


@pytest.mark.parametrize(
    ("defect", "where", "text", "gone", "said"), DEFECTS, ids=[row[0] for row in DEFECTS]
)
def test_a_reviewed_defect_stays_fixed(
    defect: str, where: str, text, gone: list[str], said: list[str]
) -> None:
    shown = text()
    assert [w for w in gone if _normal(w) in shown] == [], f"{defect}: {where}"
    assert [w for w in said if _normal(w) not in shown] == [], f"{defect}: {where}"
