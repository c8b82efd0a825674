"""Guides, glossary and quiz: all cite their sources, none copies them, links resolve."""

from __future__ import annotations

import re

import pytest
import yaml

from thinkfamily.catalog import Catalog, load_glossary, load_guides
from thinkfamily.models.checklist import Checklist
from thinkfamily.models.record import Draft
from thinkfamily.paths import user_paths
from thinkfamily.walk import Walker, run_quiz, shuffled

from .conftest import REPO, SOURCES, Run
from .scripted import ScriptedPrompter
from .test_support import normal

TOPICS = [
    "family-approach",
    "vulnerability-factors",
    "protective-factors",
    "professional-curiosity",
    "mental-capacity-act",
    "was-not-brought",
    "transitional-safeguarding",
    "restorative-practice",
    "strengths-based",
    "person-centred",
    "carers",
    "information-sharing-and-consent",
    "partnership-working",
    "legal-duties",
    "escalation",
    "adult-safeguarding-concern",
    "child-safeguarding-concern",
    "supervision",
    "leeds-principles",
    "case-review-lessons",
]
TERMS = [
    "MASH",
    "EDT",
    "LSCP",
    "SCP",
    "SAB",
    "LSAB",
    "4LSAB",
    "HIPS",
    "CSPR",
    "SCR",
    "SAR",
    "DHR",
    "MARAC",
    "MARM",
    "MCA",
    "LPS",
    "s17",
    "s47",
    "s42",
    "Early Help",
    "thresholds",
    "ACEs",
    "JWP",
]


def test_every_topic_has_a_guide() -> None:
    assert sorted(g.id for g in load_guides(user_paths())) == sorted(TOPICS)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_guide_renders_with_its_sources(run: Run, topic: str) -> None:
    result = run("guide", topic)
    assert result.code == 0
    lines = result.out.splitlines()
    guide = next(g for g in load_guides(user_paths()) if g.id == topic)
    assert lines[0] == guide.title
    sources = lines[lines.index("Sources:") + 1 :]
    assert sources == [
        *(f"- {s.document}, {s.section}" for s in guide.sources),
        f"The words of the sources behind it: thinkfamily guide {topic} --sources",
    ]
    assert guide.sources


def test_the_guide_list(run: Run) -> None:
    result = run("guide")
    assert [line.split()[0] for line in result.out.splitlines()[1:]] == sorted(TOPICS)


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("mca", "mental-capacity-act"),
        ("Young carers", "carers"),
        ("trans", "transitional-safeguarding"),
        ("CONSENT", "information-sharing-and-consent"),
        ("msp", "person-centred"),
        ("professional challenge", "escalation"),
        ("Escalation", "escalation"),
        ("reflective practice", "supervision"),
    ],
)
def test_topic_matching(run: Run, typed: str, topic: str) -> None:
    out = run("guide", typed).out
    expected = next(g.title for g in load_guides(user_paths()) if g.id == topic)
    assert out.splitlines()[0] == expected


def test_a_topic_typo_and_an_ambiguous_start(run: Run) -> None:
    typo = run("guide", "protectve-factors")
    assert (typo.code, typo.err) == (
        1,
        "Error: There is no guide on 'protectve-factors'.\n"
        "Did you mean protective-factors or "
        "vulnerability-factors? Run `thinkfamily guide` to "
        "list them.\n",
    )
    ambiguous = run("guide", "p")
    assert ambiguous.code == 1
    assert ambiguous.err.startswith("Error: 'p' could be ")


def test_an_alias_two_guides_share_names_both_and_opens_neither(run: Run) -> None:
    """ "Raise a concern" is about a child or an adult: the tool asks which, never opening
    the adult guide for someone worried about a child (a reader's finding)."""
    owners: dict[str, list[str]] = {}
    for guide in load_guides(user_paths()):
        for name in (guide.id, *guide.aliases):
            owners.setdefault(name.lower(), []).append(guide.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert shared == {
        name: ["adult-safeguarding-concern", "child-safeguarding-concern"]
        for name in ("safeguarding concern", "raising a concern", "raise a concern")
    }
    for name, ids in shared.items():
        result = run("guide", name)
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            f"Error: '{name}' could be {' or '.join(ids)}.\nRead one with: "
            f"{', or '.join(f'thinkfamily guide {i}' for i in ids)}.\n"
        )


@pytest.mark.parametrize(
    ("checklist_id", "question_id", "topic"),
    [
        ("practitioner", "supervision", "supervision"),
        ("organisation", "supervision-arrangements", "supervision"),
    ],
)
def test_supervision_questions_open_the_supervision_guide(
    checklist_id: str, question_id: str, topic: str
) -> None:
    checklist = Catalog(user_paths()).load(checklist_id).checklist
    (question,) = [q for _, q in checklist.questions if q.id == question_id]
    assert question.guide == topic


def test_the_supervision_question_says_to_escalate_concerns_not_heard() -> None:
    checklist = Catalog(user_paths()).load("practitioner").checklist
    (question,) = [q for _, q in checklist.questions if q.id == "supervision"]
    assert question.guidance is not None
    assert "not being heard" in question.guidance
    assert "thinkfamily guide escalation" in question.guidance


def test_every_checklist_guide_link_resolves() -> None:
    guides = {g.id for g in load_guides(user_paths())}
    loaded, problems = Catalog(user_paths()).load_all()
    assert problems == []
    links = {q.guide for item in loaded for _, q in item.checklist.questions if q.guide}
    assert links
    assert links <= guides


@pytest.mark.parametrize("term", TERMS)
def test_glossary_terms(run: Run, term: str) -> None:
    result = run("glossary", term)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert any(line.startswith("  Source: ") for line in lines)
    assert max(map(len, lines)) <= 80


def test_the_two_workforces_words_are_both_given(run: Run) -> None:
    out = run("glossary", "making safeguarding personal").out
    assert "  Children's services say: child-centred approach\n" in out
    assert "  Adults' services say: making safeguarding personal\n" in out


def test_every_glossary_entry_names_a_source() -> None:
    for entry in load_glossary(user_paths()):
        assert entry.source.strip(), entry.term


# --- the project's own words ---------------------------------------------------------

WINDOW = 9  # words in a row that may not be copied from a source


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')  # words in quotation marks


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Runs of words, leaving out the closing citation and what is marked as a quotation
    (the support test holds each quotation to its source)."""
    text = QUOTED.sub(" ", re.sub(r"\([^()]*\)\s*$", "", text.strip()))
    words = _words(text)
    return {tuple(words[i : i + WINDOW]) for i in range(len(words) - WINDOW + 1)}


def _our_paragraphs() -> list[tuple[str, str]]:
    found = []
    for guide in load_guides(user_paths()):
        found += [(guide.id, p) for p in guide.body.split("\n\n") if p.strip()]
    found += [(e.term, e.meaning) for e in load_glossary(user_paths())]
    quiz = yaml.safe_load((REPO / "checklists" / "quiz.yaml").read_text(encoding="utf-8"))
    found += [(q["id"], q["reason"]) for q in quiz["sections"][0]["questions"]]
    for path in sorted((REPO / "checklists").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [
            (f"{path.stem}:{q['id']}", q["guidance"])
            for s in data["sections"]
            for q in s["questions"]
            if q.get("guidance")
        ]
    return found


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the guidance sources are not beside the repo")
def test_no_paragraph_is_copied_from_the_sources() -> None:
    source = set().union(*(_shingles(p.read_text(encoding="utf-8")) for p in SOURCES.glob("*.txt")))
    copied = [
        (where, " ".join(run))
        for where, text in _our_paragraphs()
        for run in sorted(_shingles(text) & source)
    ]
    assert copied == []


# --- the quiz ------------------------------------------------------------------------


def quiz() -> Checklist:
    return Catalog(user_paths()).load("quiz").checklist


def test_the_quiz_has_the_eight_statements_of_the_slides() -> None:
    texts = [q.text for _, q in quiz().questions]
    assert len(texts) == 8
    assert texts[1] == (
        "All professionals need to focus ONLY on the individuals to whom they "
        "have a responsibility to offer support."
    )
    assert [q.answer for _, q in quiz().questions] == [
        False,
        False,
        True,
        False,
        True,
        True,
        False,
        False,
    ]


def test_a_seed_fixes_the_order_and_orders_differ() -> None:
    order = [q.id for _, q in shuffled(quiz(), 4).questions]
    assert order == [q.id for _, q in shuffled(quiz(), 4).questions]
    assert sorted(order) == sorted(q.id for _, q in quiz().questions)
    orders = {tuple(q.id for _, q in shuffled(quiz(), seed).questions) for seed in range(6)}
    assert len(orders) > 1


def test_a_scripted_quiz_is_scored() -> None:
    order = [q for _, q in shuffled(quiz(), 7).questions]
    # Right on every statement but the first, which is answered wrongly.
    replies = [("t" if q.answer else "f") for q in order]
    replies[0] = "f" if order[0].answer else "t"
    prompter = ScriptedPrompter([("[t/f/?/b/s/q]", r) for r in replies])
    assert run_quiz(quiz(), prompter, seed=7) == (7, 8, 8)
    verdicts = [text for kind, text in prompter.shown if kind in ("good", "bad")]
    assert verdicts[0].startswith("Not quite: the answer is ")
    assert all(v.startswith("Right. ") for v in verdicts[1:])
    assert all(v.endswith(")") for v in verdicts)  # every reason ends with its source


def test_the_quiz_says_nothing_of_saving_and_q_stops_it() -> None:
    prompter = ScriptedPrompter([("[t/f/?/b/s/q]", "?"), ("[t/f/?/b/s/q]", "q")])
    assert run_quiz(quiz(), prompter, seed=7) == (0, 0, 8)
    said = " ".join(text for _, text in prompter.shown)
    assert "save" not in said
    assert prompter.hints()[0] == "Keys: t true, f false, ? guidance, b back, s skip, q quit."


def test_the_quiz_needs_a_terminal(run: Run) -> None:
    result = run("quiz")
    assert result.code == 1


def test_question_mark_shows_the_linked_guide() -> None:
    practitioner = Catalog(user_paths()).load("practitioner").checklist
    guides = {g.id: g for g in load_guides(user_paths())}
    prompter = ScriptedPrompter([("[y/p/n/x/?/b/s/q]", "?"), ("[y/p/n/x/?/b/s/q]", "q")])
    state = Draft(
        checklist_id="practitioner",
        sha256="",
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current="caring-responsibilities",
    )
    Walker(
        practitioner, prompter, lambda _: None, guide=lambda gid: guides[gid].first_paragraph
    ).run(state)
    assert ("guidance", guides["carers"].first_paragraph) in prompter.shown
    assert ("hint", "Read the rest: thinkfamily guide carers") in prompter.shown


# --- the content review's defects, and the content re-test's -------------------------


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
    """Content review (../shared/reviews/content-review.md) and content re-test
    (../shared/reviews/2026-12-06/content.md): each reviewed defect in a guide or the glossary
    stays fixed. Each row is a defect ID, where it was, words the product must no longer say,
    and words it must say instead (whitespace and typography aside). The general proof, that
    every claim's quoted support stands in its source, is the support test; these rows keep each
    reviewed defect from coming back in other words."""
    shown = text()
    assert [w for w in gone if normal(w) in shown] == [], f"{defect}: {where}"
    assert [w for w in said if normal(w) not in shown] == [], f"{defect}: {where}"
