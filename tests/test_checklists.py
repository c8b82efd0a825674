"""The shipped checklists: counts, citations and the sources' own words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from thinkfamily.catalog import Catalog, parse_checklist
from thinkfamily.models.checklist import Checklist, Question
from thinkfamily.paths import user_paths

from .conftest import REPO, SOURCES, Run
from .test_support import normal

SHIPPED = sorted((REPO / "checklists").glob("*.yaml"))

EXPECTED_COUNTS = {
    "practitioner": {"ask-yourself": 16},
    "leeds-coordinated-response": {"response-will-need-to": 16},
    "organisation": {"principles": 2, "areas": 7},
    "professional-curiosity": {"in-practice": 3},
    "working-with-children": {"stages": 5},
    "working-with-adults": {"stages": 5},
    "hips-commitments": {"professionals": 3},
    "hips-agency-commitments": {"agencies": 5},
    "hips-partnership-commitments": {"partnerships": 9},
    "leeds-dissemination": {"disseminate": 5},
    "family-factors": {
        "hips-scope": 5,
        "parental-background": 4,
        "hips-wider": 33,
        "slides-further": 3,
    },
    "quiz": {"statements": 8},
}

LEEDS_PRACTITIONER = [
    "Have I asked who is the family and understood family members' roles and relationships "
    "to each other?",
    "Do I know who else lives in the household / has regular contact?",
    "Do I have a picture of the family as a whole?",
    "Have I taken time to understand all the demands on the family?",
    "Have I considered the strengths of the family and what is working well?",
    "Have I considered their resilience to cope with the demands they face?",
    "Have I considered if other family members are in need of support?",
    "Have I considered if other family members are at risk?",
    "Have I explored caring responsibilities?",
    "Do I know if other practitioners are working with the family?",
    "Have I listened to what support the family want?",
    "Have I explored what their solutions may be?",
    "Have I been open and honest about my concerns?",
    "Have I made assumptions about the family?",
    "Have the family response helped my decision making?",
    "Have I taken my concerns to supervision?",
]


def load(checklist_id: str) -> Checklist:
    return parse_checklist(REPO / "checklists" / f"{checklist_id}.yaml")


def test_every_expected_checklist_is_shipped() -> None:
    assert [p.stem for p in SHIPPED] == sorted(EXPECTED_COUNTS)


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED_COUNTS))
def test_question_counts_per_section(checklist_id: str) -> None:
    checklist = load(checklist_id)
    counts = {s.id: len(s.questions) for s in checklist.sections}
    assert counts == EXPECTED_COUNTS[checklist_id]


def test_practitioner_questions_are_the_leeds_questions_in_order() -> None:
    assert [q.text for _, q in load("practitioner").questions] == LEEDS_PRACTITIONER


def test_assumptions_is_the_one_practitioner_question_where_yes_is_a_concern() -> None:
    """Having made assumptions, even partly, is the gap to take to supervision (N19)."""
    concerns = {q.id: q.concern_answers for _, q in load("practitioner").questions}
    assert concerns.pop("assumptions") == ("yes", "partly")
    assert set(concerns.values()) == {("no", "partly")}


def test_organisation_areas_use_the_in_place_scale() -> None:
    checklist = load("organisation")
    principles, areas = checklist.sections
    assert [q.scale for q in principles.questions] == ["reflect", "reflect"]
    assert [q.text for q in areas.questions] == [
        "Policies and procedures",
        "Workforce Development / Training",
        "Assessments for support",
        "Risk Assessments",
        "Supervision arrangements",
        "Audit programmes",
        "Information for service users / members of public",
    ]
    assert {q.scale for q in areas.questions} == {"in-place"}


def test_family_factors_screen_carries_the_combined_risk_note() -> None:
    checklist = load("family-factors")
    assert {q.scale for _, q in checklist.questions} == {"present"}
    assert checklist.combined_risk is not None
    assert checklist.combined_risk.min_present == 2
    assert "updated frequently" in checklist.combined_risk.note


# The HIPS factors asked in the scope section are left out of its wider list.
ASKED_IN_SCOPE = {
    "Adult or child substance misuse, including alcohol",
    "Domestic abuse, unhealthy behaviours in intimate relationships",
    "Adult exploitation",
    "Child exploitation",
}


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the guidance sources are not beside the repo")
def test_family_factors_asks_every_wider_hips_factor_in_its_words_and_order() -> None:
    source = (SOURCES / "hips-family-approach-guidance-2024.txt").read_text(encoding="utf-8")
    listed = source.split("These include, but are not limited to:", 1)[1]
    listed = listed.split("The guidance should be used by:", 1)[0]
    items = [line[2:].strip() for line in listed.splitlines() if line.startswith("- ")]
    assert len(items) == 37
    (wider,) = [s for s in load("family-factors").sections if s.id == "hips-wider"]
    assert [q.text for q in wider.questions] == [i for i in items if i not in ASKED_IN_SCOPE]
    assert wider.intro is not None
    for item in ("Substance misuse", "Domestic abuse", "Exploitation"):
        assert item.lower() in wider.intro.lower()


def test_family_factors_carries_the_slides_headline_factors() -> None:
    """The training slides' six headline factors are each asked, or named where asked."""
    questions = {q.id: q for _, q in load("family-factors").questions}
    named = {
        "domestic-abuse": "Domestic abuse and coercive control",
        "exploitation": "Exploitation including sexual, criminal, county lines and financial",
        "neglect-of-self-care": "Self neglect",
    }
    for question_id, words in named.items():
        guidance = questions[question_id].guidance or ""
        assert f"\u201c{words}\u201d" in guidance, question_id
        assert "HIPS training slides" in guidance, question_id
    for question_id in ("mental-ill-health", "learning-disabilities", "substance-misuse"):
        assert question_id in questions


@pytest.mark.parametrize(
    ("question_id", "words"),
    [
        ("learning-disabilities", "Learning needs / disability"),
        ("poor-physical-health", "Poor health or disability"),
        ("tolerance-of-abuse", "Tolerance of abuse by others"),
    ],
)
def test_where_the_slides_word_a_factor_more_widely_the_note_says_so(
    question_id: str, words: str
) -> None:
    (question,) = [q for _, q in load("family-factors").questions if q.id == question_id]
    assert f"\u201c{words}\u201d" in (question.guidance or "")


def test_the_combined_risk_note_counts_only_the_factors_its_sources_speak_of() -> None:
    checklist = load("family-factors")
    assert checklist.combined_risk is not None
    first = {q.id for s in checklist.sections[:2] for q in s.questions}
    slides = {"coercive-control", "neglect-of-self-care"}  # the slides' six add these
    assert set(checklist.combined_risk.factors) == first | slides
    assert len(checklist.combined_risk.factors) == len(first | slides)


@pytest.mark.parametrize("checklist_id", ["working-with-children", "working-with-adults"])
def test_city_and_hackney_checklists_follow_the_five_stages(checklist_id: str) -> None:
    questions = [q for _, q in load(checklist_id).questions]
    assert [q.id for q in questions] == ["identify", "refer", "assess", "plan", "intervene"]
    assert [q.text.split(":")[0] for q in questions] == [
        "Identify",
        "Refer",
        "Assess",
        "Plan",
        "Intervene",
    ]
    for question in questions:
        assert question.scale == "reflect"
        assert question.guidance is not None
        assert "City & Hackney guidance" in question.guidance


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_checklist_cites_document_and_section(path: Path) -> None:
    checklist = parse_checklist(path)
    assert checklist.source.document
    assert checklist.source.section
    assert checklist.source.short


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_guidance_note_ends_with_its_citation(path: Path) -> None:
    """A note cites its source, or says it is the tool's own practice advice."""
    for _, question in parse_checklist(path).questions:
        if question.guidance:
            own = question.guidance.startswith("Practice tip: ")
            cited = re.search(r"\([^()]+\)$", question.guidance)
            assert bool(own) != bool(cited), question.id


def _normalise(text: str) -> str:
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip().rstrip("?.").strip()


SOURCE_OF = {
    "practitioner": "leeds-think-family-work-family-protocol.txt",
    "leeds-coordinated-response": "leeds-think-family-work-family-protocol.txt",
    "organisation": "leeds-think-family-work-family-protocol.txt",
    "professional-curiosity": "hips-family-approach-guidance-2024.txt",
    "hips-commitments": "hips-family-approach-guidance-2024.txt",
    "hips-agency-commitments": "hips-family-approach-guidance-2024.txt",
    "hips-partnership-commitments": "hips-family-approach-guidance-2024.txt",
    "leeds-dissemination": "leeds-think-family-work-family-protocol.txt",
    "family-factors": None,  # two sources; checked below
    "quiz": "hips-family-approach-training-slides.txt",
}


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the guidance sources are not beside the repo")
@pytest.mark.parametrize("checklist_id", sorted(SOURCE_OF))
def test_question_text_stands_in_the_source(checklist_id: str) -> None:
    """Questions taken from a source are its own words (typography aside)."""
    names = (
        [SOURCE_OF[checklist_id]]
        if SOURCE_OF[checklist_id]
        else [
            "hips-family-approach-guidance-2024.txt",
            "city-hackney-think-family-guidance.txt",
            "hips-family-approach-training-slides.txt",
        ]
    )
    text = "\n".join((SOURCES / n).read_text(encoding="utf-8") for n in names)
    source = _normalise(text)
    for _, question in load(checklist_id).questions:
        assert _normalise(question.text) in source, question.id
        assert _whole_item(question.text, text), question.id


# Where an item of a source starts: a line, a bullet or number, or a sentence.
_ITEM_START = r"(?:^|\n|[.?!:]\s|[\u2022\u2013\-]\s|\d+\.\s)"


def _whole_item(question: str, source: str) -> bool:
    """A question is a whole item of its source, not the start or end of one cut short
    (a mutation test's finding: "...towards the child, or adult with care and support
    needs?" cut to "...towards the child?" still stood in the source)."""
    words = _normalise(question).split()
    body = r"[\s\u00a0]+".join(re.escape(w) for w in words)
    plain = source.replace("\u2018", "'").replace("\u2019", "'").replace("`", "'")
    return bool(re.search(rf"{_ITEM_START}[\s\u00a0]*{body}[\s\u00a0]*(?=[?.!;:]|$|\n)", plain))


def test_the_readme_says_exactly_which_checklists_are_in_the_sources_words() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"]
    claim = re.search(r"the questions of (\w+) checklists are the published", readme)
    assert claim is not None
    assert claim.group(1) == words[len(SOURCE_OF) - 2]
    assert "those of the two City & Hackney checklists are built from" in readme
    built = {p.stem for p in SHIPPED} - set(SOURCE_OF)
    assert built == {"working-with-children", "working-with-adults"}
    table = readme.split("## The checklists\n\n", 1)[1].split("\n\n", 1)[0]
    table_ids = re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE)
    assert sorted(table_ids) == sorted(p.stem for p in SHIPPED)


def test_checklists_command_lists_every_shipped_checklist(run: Run) -> None:
    result = run("checklists")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["id", "title", "audience", "questions", "source"]
    rows = {line.split()[0]: re.split(r"\s{2,}", line) for line in lines[1:]}
    assert sorted(rows) == sorted(EXPECTED_COUNTS)
    assert rows["practitioner"] == [
        "practitioner",
        "Think Family, Work Family: practitioner checklist",
        "practitioner",
        "16",
        "Leeds protocol, Appendix B",
    ]
    assert result.err == ""


def test_checklists_json_gives_counts_and_sources(run: Run) -> None:
    result = run("checklists", "--json")
    assert result.code == 0
    data = {item["id"]: item for item in json.loads(result.out)}
    assert {cid: item["questions"] for cid, item in data.items()} == {
        cid: sum(counts.values()) for cid, counts in EXPECTED_COUNTS.items()
    }
    assert data["organisation"]["audience"] == "organisation"
    assert data["practitioner"]["source"].startswith(
        "The Leeds Approach to Think Family, Work Family, Appendix B"
    )
    assert all(item["shipped"] for item in data.values())


def test_user_checklist_is_listed_beside_the_shipped_ones(run: Run, home: Path) -> None:
    (home / "checklists").mkdir(parents=True)
    text = (REPO / "tests" / "data" / "valid-user.yaml").read_text(encoding="utf-8")
    (home / "checklists" / "valid-user.yaml").write_text(text, encoding="utf-8")
    data = {i["id"]: i for i in json.loads(run("checklists", "--json").out)}
    assert data["valid-user"]["shipped"] is False
    assert data["valid-user"]["questions"] == 2


def test_catalog_load_gives_the_file_hash() -> None:
    loaded = Catalog(user_paths()).load("practitioner")
    assert loaded.shipped is True
    assert len(loaded.sha256) == 64


def test_partly_is_a_concern_on_every_reflect_question() -> None:
    """Whichever way a question is framed ("Have I...?" or "Are there indicators...?"),
    "partly" is a concern to take to supervision: only yes or no can be the safe answer (a
    mutation test's finding: a concern list cut to "yes" left "partly" unflagged)."""
    catalog = Catalog(user_paths())
    missing = [
        (checklist_id, question.id)
        for checklist_id, (_, shipped) in sorted(catalog.files().items())
        if shipped
        for _, question in catalog.load(checklist_id).checklist.questions
        if question.scale == "reflect" and "partly" not in question.concern_answers
    ]
    assert missing == []


# --- the content review's defects, and the content re-test's -------------------------


def _checklist(checklist_id: str) -> Checklist:
    return Catalog(user_paths()).load(checklist_id).checklist


def _section_source(checklist_id: str, section_id: str) -> str:
    (section,) = [s for s in _checklist(checklist_id).sections if s.id == section_id]
    return normal(section.source.cite() if section.source else "")


def _question(checklist_id: str, question_id: str) -> Question:
    (question,) = [q for _, q in _checklist(checklist_id).questions if q.id == question_id]
    return question


def _guidance(checklist_id: str, question_id: str) -> str:
    return normal(_question(checklist_id, question_id).guidance or "")


# (ID, where, text of the place, what it must no longer say, what it must say)
DEFECTS = [
    (
        "M4",
        "family-factors combined-risk note",
        lambda: normal(_checklist("family-factors").combined_risk.note),
        ["both guidance documents say"],
        [
            "hips says that any of its five factors found together",
            "the risk to the child builds up",
        ],
    ),
    (
        "C9",
        "family-factors parental-background source",
        lambda: _section_source("family-factors", "parental-background"),
        ["counts, pathways to harm"],
        ["national learning from case reviews", "(citing pathways to harm"],
    ),
    (
        "C1",
        "practitioner household guidance",
        lambda: _guidance("practitioner", "household"),
        ["who sleeps there", "leeds protocol, working within"],
        ["who cares for whom", "(hips family approach guidance 2024, 5. what will professionals"],
    ),
    (
        "C2",
        "practitioner assumptions guidance",
        lambda: _guidance("practitioner", "assumptions"),
        ["(leeds protocol, appendix b)"],
        ["practice tip:"],
    ),
    (
        "N19",
        "practitioner assumptions concern",
        lambda: " ".join(_question("practitioner", "assumptions").concern or ()),
        [],
        ["yes partly"],
    ),
    (
        "N18",
        "practitioner intro",
        lambda: normal(_checklist("practitioner").intro or ""),
        ['anything you answer "no" or "partly"'],
        ['"yes" or "partly" for the question about assumptions'],
    ),
    (
        "C3",
        "working-with-children identify guidance",
        lambda: _guidance("working-with-children", "identify"),
        ["only if someone asks"],
        ["a starting point, not the limit"],
    ),
    (
        "C4",
        "working-with-children intervene guidance",
        lambda: _guidance("working-with-children", "intervene"),
        ["coordinated means"],
        ["led by skilled professionals and volunteers"],
    ),
    (
        "C5",
        "working-with-adults intervene guidance",
        lambda: _guidance("working-with-adults", "intervene"),
        ["coordinated means"],
        ["led by skilled professionals and volunteers"],
    ),
    (
        "N8",
        "working-with-adults identify guidance",
        lambda: _guidance("working-with-adults", "identify"),
        ["who they look after"],
        ["those who may have regular contact with the adult"],
    ),
    (
        "C7",
        "quiz publisher",
        lambda: normal(_checklist("quiz").source.publisher or ""),
        ["safeguarding children partnerships"],
        ["4 safeguarding children boards (4lscbs) and 4 safeguarding adult boards (4lsabs)"],
    ),
    (
        "C10",
        "organisation supervision-arrangements guide",
        lambda: str(_question("organisation", "supervision-arrangements").guide),
        ["partnership-working"],
        [],
    ),
]

# The content re-test (reviews/2026-12-06/content.md): A1-A10 and §6.
DEFECTS += [
    (
        "A5",
        "family-factors combined-risk note",
        lambda: normal(Catalog(user_paths()).load("family-factors").checklist.combined_risk.note),
        ["which add self neglect and coercive control"],
        ["which add self neglect and name domestic abuse together with coercive control"],
    ),
]


@pytest.mark.parametrize(
    ("defect", "where", "text", "gone", "said"), DEFECTS, ids=[row[0] for row in DEFECTS]
)
def test_a_reviewed_defect_stays_fixed(
    defect: str, where: str, text, gone: list[str], said: list[str]
) -> None:
    """Content review (../shared/reviews/content-review.md) and content re-test
    (../shared/reviews/2026-12-06/content.md): each reviewed defect in a checklist stays fixed.
    Each row is a defect ID, where it was, words the product must no longer say, and words it
    must say instead (whitespace and typography aside). The general proof, that every claim's
    quoted support stands in its source, is the support test; these rows keep each reviewed
    defect from coming back in other words."""
    shown = text()
    assert [w for w in gone if normal(w) in shown] == [], f"{defect}: {where}"
    assert [w for w in said if normal(w) not in shown] == [], f"{defect}: {where}"
