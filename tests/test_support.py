"""Every claim the product makes from the guidance carries the source words behind it.

Each guide paragraph, glossary meaning, question guidance note, quiz reason, act-now note
and combined-risk note has `support:` entries naming a source file, where in it, and a
quote. Here each quote is found, verbatim apart from whitespace and typography, in the
file it names; and each claim has support, or says it is the tool's own ("Practice tip").
"""

from __future__ import annotations

import bisect
import re
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from thinkfamily.catalog import Catalog, load_glossary, load_guides
from thinkfamily.models.common import PRACTICE_TIP, SOURCE_DOCUMENTS, Support
from thinkfamily.paths import Paths, user_paths

from .conftest import DATA, SOURCES, Run

needs_sources = pytest.mark.skipif(
    not SOURCES.is_dir(), reason="the guidance sources are not beside the repo"
)

_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normal(text: str) -> str:
    """Text as compared: typographic quotes and dashes plain, Markdown emphasis, escapes
    and bullets gone, whitespace single, letter case ignored."""
    text = text.translate(_TYPOGRAPHY)
    text = re.sub(r"[*\\•]", "", text)
    text = re.sub(r"(?m)^\s*-\s+", " ", text)
    return " ".join(text.split()).lower()


@cache
def source_text(name: str) -> str:
    return normal((SOURCES / f"{name}.txt").read_text(encoding="utf-8"))


# The claims are gathered when the tests are collected, before any test's own data
# folder exists: they are read through a folder of their own, never the user's.
_FOLDER = tempfile.TemporaryDirectory(prefix="thinkfamily-support-")


def _claims() -> Iterator[tuple[str, str, tuple[Support, ...]]]:
    """(where, the claim's text, its support) for every shipped claim that needs support."""
    paths = Paths(data=Path(_FOLDER.name), config_dir=Path(_FOLDER.name))
    for guide in load_guides(paths):
        for number, paragraph in enumerate(guide.paragraphs, 1):
            if not guide.own(paragraph):
                found = tuple(s for s in guide.support if s.paragraph == number)
                yield f"guide {guide.id}, paragraph {number}", paragraph, found
    for entry in load_glossary(paths):
        yield f"glossary {entry.term}", entry.meaning, entry.support
    catalog = Catalog(paths)
    shipped = sorted(cid for cid, (_, is_shipped) in catalog.files().items() if is_shipped)
    for checklist_id in shipped:
        checklist = catalog.load(checklist_id).checklist
        if checklist.combined_risk:
            risk = checklist.combined_risk
            yield f"{checklist_id} combined_risk", risk.note, risk.support
        for _, question in checklist.questions:
            where = f"{checklist_id} {question.id}"
            if question.guidance and not question.guidance.startswith(f"{PRACTICE_TIP}: "):
                yield f"{where} guidance", question.guidance, question.support
            if question.reason:
                yield f"{where} reason", question.reason, question.support
            if question.act_now:
                yield f"{where} act_now", question.act_now.note, question.act_now.support


CLAIMS = list(_claims())


def test_every_claim_has_support_or_says_it_is_the_tools_own() -> None:
    assert [where for where, _, support in CLAIMS if not support] == []


@needs_sources
@pytest.mark.parametrize(("where", "claim", "support"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_every_quote_stands_in_its_source(
    where: str, claim: str, support: tuple[Support, ...]
) -> None:
    missing = [s.quote for s in support if normal(s.quote) not in source_text(s.source)]
    assert missing == [], where


def test_a_guide_paragraph_number_names_a_paragraph() -> None:
    for guide in load_guides(user_paths()):
        count = len(guide.paragraphs)
        assert [s.paragraph for s in guide.support if not 1 <= (s.paragraph or 0) <= count] == []


def test_the_documents_are_the_source_files() -> None:
    if SOURCES.is_dir():
        assert sorted(SOURCE_DOCUMENTS) == sorted(p.stem for p in SOURCES.glob("*.txt"))


def test_guide_sources_shows_each_paragraphs_quotes(run: Run) -> None:
    (guide,) = [g for g in load_guides(user_paths()) if g.id == "legal-duties"]
    result = run("guide", "legal-duties", "--sources")
    assert result.code == 0
    shown = " ".join(result.out.split())
    for support in guide.support:
        assert f'{support.cite()}: "{" ".join(support.quote.split())}"' in shown
    assert "No source words are recorded" not in result.out


def test_glossary_sources_shows_the_quotes(run: Run) -> None:
    (entry,) = [e for e in load_glossary(user_paths()) if e.term == "s42"]
    result = run("glossary", "s42", "--sources")
    shown = " ".join(result.out.split())
    assert entry.support
    assert [s.quote for s in entry.support if " ".join(s.quote.split()) not in shown] == []


# --- general rules that catch the kinds of change a review found slipping ---------------

# A phone number however it is written: "0113 535 0600", "(0113) 5350600", "020-8356 5500".
PHONE_LIKE = re.compile(r"(?<![\d.])(?:\(?0\d[\d\s()\-\u00a0]{8,16}\d|999|101|111)(?![\d])")
NATIONAL = ("999", "101", "111")  # the same everywhere: no area's contacts are needed


def _texts() -> Iterator[tuple[str, str]]:
    """Every text the product writes from the guidance: guide bodies, glossary meanings,
    question guidance, quiz reasons, act-now and combined-risk notes."""
    for where, claim, _ in CLAIMS:
        yield where, claim
    paths = Paths(data=Path(_FOLDER.name), config_dir=Path(_FOLDER.name))
    for guide in load_guides(paths):  # practice tips too, which have no support
        yield f"guide {guide.id}", guide.body
    catalog = Catalog(paths)
    for checklist_id, (_, shipped) in sorted(catalog.files().items()):
        checklist = catalog.load(checklist_id).checklist if shipped else None
        for _, question in checklist.questions if checklist else ():
            yield f"{checklist_id} {question.id}", question.guidance or ""


def test_no_guide_or_glossary_text_gives_a_local_number() -> None:
    """A local number lives in the contacts, where it has its area, its hours, its source
    and its CHECK; written into advice it has none of them, and a shipped number can be
    another service's (a mutation test's finding). Advice points to `thinkfamily contacts`;
    only 999, 101 and 111 are written out."""
    stray = [
        (where, number)
        for where, text in _texts()
        for number in PHONE_LIKE.findall(text)
        if re.sub(r"\D", "", number) not in NATIONAL
    ]
    assert stray == []


def test_no_source_quote_carries_a_phone_number() -> None:
    """Numbers live in the contacts, where each carries its date and CHECK; a quote that
    showed one would show it without them (content review A9). 999, 101 and 111 aside."""
    carrying = [
        (where, number)
        for where, _, support in CLAIMS
        for s in support
        for number in PHONE_LIKE.findall(s.quote)
        if re.sub(r"\D", "", number) not in NATIONAL
    ]
    assert carrying == []


def test_act_now_answers_cover_every_concern_answer_of_their_question() -> None:
    """A question that says to act now says it for each answer it treats as a concern: a
    "partly" at a tipping point must not wait for supervision (content review A1)."""
    catalog = Catalog(Paths(data=Path(_FOLDER.name), config_dir=Path(_FOLDER.name)))
    uncovered = [
        (checklist_id, question.id, sorted(set(question.concern_answers) - set(act.answers)))
        for checklist_id, (_, shipped) in sorted(catalog.files().items())
        if shipped
        for _, question in catalog.load(checklist_id).checklist.questions
        if (act := question.act_now) and not set(question.concern_answers) <= set(act.answers)
    ]
    assert uncovered == []


# --- where a quote is: its `at:` names a section of its source that holds it ------------

OUTLINES: dict[str, list[list[object]]] = yaml.safe_load(
    (DATA / "outlines.yaml").read_text(encoding="utf-8")
)


def _key(text: str) -> str:
    """A heading or a line as compared: normal, without Markdown's # and a closing colon."""
    return normal(text).lstrip("# ").rstrip(":").strip()


class _Section(NamedTuple):
    level: int
    key: str
    first: int  # the heading's line
    last: int  # the line before the next heading of the same depth or less


@cache
def _sections(name: str) -> list[_Section]:
    """The outline's headings found in order at the start of lines of the source."""
    lines = (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    marked = any(line.startswith("#") for line in lines)  # Markdown: headings start with #
    found: list[tuple[int, str, int]] = []
    at = 0
    for level, heading, *before in OUTLINES[name]:
        target = _key(str(heading))
        for i in range(at, len(lines)):
            if marked and not lines[i].startswith("#"):
                continue
            block = [lines[j] for j in range(i, min(i + 3, len(lines)))]
            joined = [_key(" ".join(block[: n + 1])) for n in range(len(block))]
            if any(not b.strip() for b in block[1:]):  # a heading spans lines with no gap
                joined = joined[: next(n for n, b in enumerate(block[1:], 1) if not b.strip())]
            if target in joined or _key(lines[i]).startswith(f"{target} - "):
                found.append((int(level), target, i - int(before[0] if before else 0)))  # type: ignore[call-overload]
                at = i + 1
                break
        else:
            pytest.fail(f"{name}: heading {heading!r} not found after line {at}")
    sections = []
    for n, (level, key, first) in enumerate(found):
        later = [f for lv, _, f in found[n + 1 :] if lv <= level]
        sections.append(_Section(level, key, first, (later[0] if later else len(lines)) - 1))
    return sections


@cache
def _lines_of(name: str) -> tuple[str, list[int], list[int]]:
    """The source as one normal text, with where each of its lines starts in it."""
    text, starts, numbers = "", [], []
    for number, line in enumerate(
        (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    ):
        part = normal(line)
        if part:
            starts.append(len(text))
            numbers.append(number)
            text += part + " "
    return text, starts, numbers


def _lines_of_quote(name: str, quote: str) -> list[int]:
    """Each line where the quote starts in its source (the same words may stand twice)."""
    text, starts, numbers = _lines_of(name)
    wanted = normal(quote)
    found, at = [], text.find(wanted)
    while at >= 0:
        found.append(numbers[bisect.bisect_right(starts, at) - 1])
        at = text.find(wanted, at + 1)
    return found


def _at_holds(name: str, at: str, line: int) -> bool:
    """Whether `at` names sections that hold the line, outermost first, joined by ": " or
    ", " ("Shared Legal Duties: Children Act 1989")."""
    holding = [s for s in _sections(name) if s.first <= line <= s.last]

    def fits(rest: str, deeper_than: int) -> bool:
        for section in holding:
            if section.level <= deeper_than:
                continue
            if rest == section.key:
                return True
            for joint in (": ", ", "):
                if rest.startswith(section.key + joint) and fits(
                    rest[len(section.key) + len(joint) :], section.level
                ):
                    return True
        return False

    return fits(_key(at), -1)


SUPPORTS = [(where, s) for where, _, support in CLAIMS for s in support]


@needs_sources
@pytest.mark.parametrize(("where", "support"), SUPPORTS, ids=[f"{w}: {s.at}" for w, s in SUPPORTS])
def test_a_quotes_at_is_a_section_of_its_source_that_holds_it(where: str, support: Support) -> None:
    lines = _lines_of_quote(support.source, support.quote)
    assert lines, (where, support.quote)
    assert any(_at_holds(support.source, support.at, n) for n in lines), (where, support.at)


# --- each sentence of a guide or glossary meaning stands on its paragraph's quotes -------

# Words that say nothing of a claim's content: common words, and who said it.
_PLAIN = set(
    """this that with from have they them their there these those which what when where
    while will would could should about into than then also been being were your yours just
    only such each other some more most many much very does done make made must over under
    upon onto both either neither whom whose here after before because through across
    within without between among same like even ever every leeds hips protocol guidance
    slides training city hackney says lists gives names asks speaks writes describes calls
    counts later""".split()  # noqa: SIM905 - a list of words reads best as words
)
# A sentence about what the sources themselves do not say ("The guidance does not define
# it", "writes the name in full, not the short form") or one that points to the tool ("See
# `thinkfamily guide ...`") claims nothing from them.
_ABOUT_THE_SOURCES = re.compile(
    r"\b(guidance|sources?|protocol|slides|document|text)\b[^.]*\b(not|nothing|no more|neither)"
    r"\b[^.]*\b(define|defines|definition|describe|describes|spell|use|uses|say|says|name|names"
    r"|expand|term|terms|acronym|words?|more|hold|holds|reproduced|short form|summary)\b"
    r"|\bneither source\b|`thinkfamily",
    re.IGNORECASE,
)
SHARED = 0.5  # at least half of a sentence's content words stand in its quotes


def _stem(word: str) -> str:
    word = word.strip("'-")
    for ending in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "al"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    return word[:5]


def _content(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z'-]{3,}", text.replace("\u2019", "'").lower())
    return {_stem(w) for w in words if w not in _PLAIN}


def _sentences(paragraph: str) -> list[str]:
    paragraph = re.sub(r"\*\*[^*]+\*\*", "", paragraph)  # a bold lead-in is a heading
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(*`])", paragraph)
    return [p for p in parts if p.strip() and not _ABOUT_THE_SOURCES.search(p)]


PARAGRAPHS = [c for c in CLAIMS if c[0].startswith(("guide ", "glossary "))]
on_each_paragraph = pytest.mark.parametrize(
    ("where", "claim", "support"), PARAGRAPHS, ids=[c[0] for c in PARAGRAPHS]
)


@on_each_paragraph
def test_each_sentence_shares_most_of_its_words_with_its_quotes(
    where: str, claim: str, support: tuple[Support, ...]
) -> None:
    """A sentence added or changed with no quote behind it fails: it shares most of its
    content words with its paragraph's quotes, or the paragraph says it is a practice tip."""
    quoted = set().union(*(_content(f"{s.at} {s.quote}") for s in support))  # where, and what
    thin = [
        (round(len(words & quoted) / len(words), 2), sentence)
        for sentence in _sentences(claim)
        if (words := _content(sentence)) and len(words & quoted) / len(words) < SHARED
    ]
    assert thin == [], where


# The words that turn a claim round: a sentence that keeps most of a source clause's words
# but drops its "not" or its "risk" says the opposite, or narrows a legal test (content
# review m10: "do not automatically rule out" made "rule out"; m24: "at risk of abuse"
# made "being abused").
_NEGATION = re.compile(
    r"\b(?<!\[)(not(?! only)|no|never|cannot|unable|neither|nor|without|unless)\b|n't\b"
)
_RISK = re.compile(r"\brisk")
_NEGATED = re.compile(r"\b(can|must|should|will|may|need|do|does|is|are)(?:not|n't| not)\s+(\w+)")
FOLLOWS = 0.4  # a sentence follows a clause when it shares this much of the clause's words


def _clauses(quote: str) -> list[str]:
    quote = re.sub(r"\[[^\]]*\]", " ", quote.lower())  # a linked title is a name, not a claim
    return [
        c
        for c in re.split(r"[.;:()]\s*|,\s+(?:and|but|or|although|however)\s+", quote)
        if c.strip()
    ]


@on_each_paragraph
def test_a_sentence_keeps_the_not_and_the_risk_of_the_clause_it_follows(
    where: str, claim: str, support: tuple[Support, ...]
) -> None:
    turned = []
    for sentence in _sentences(claim):
        words = _content(sentence)
        clauses = [c for s in support for c in _clauses(s.quote)]
        if not words or not clauses:
            continue
        clause = max(clauses, key=lambda c: len(words & _content(c)))
        shared = words & _content(clause)
        if len(shared) < 3 or len(shared) < FOLLOWS * len(_content(clause)):
            continue  # the sentence does not follow one clause closely
        said = sentence.lower()
        turned += [
            (sentence, clause)
            for word in (_NEGATION, _RISK)
            if word.search(clause) and not word.search(said)
        ]
        turned += [  # ...or turns the clause's "can be" into "cannot be"
            (sentence, clause)
            for modal, verb in _NEGATED.findall(said)
            if f"{modal} {verb}" in clause and not _NEGATION.search(clause)
        ]
    assert turned == [], where


@on_each_paragraph
def test_words_in_quotation_marks_stand_in_the_paragraphs_quotes(
    where: str, claim: str, support: tuple[Support, ...]
) -> None:
    """What a guide puts in quotation marks is its source's words: each quotation of three
    words or more stands in one of its paragraph's quotes (a reader's finding: s47's
    "children suffering or at risk of suffering significant harm" had no quote behind it)."""
    quoted = [normal(f"{s.at} {s.quote}") for s in support]  # a heading may be quoted too
    loose = [
        words
        for sentence in _sentences(claim)  # not those about what the sources do not say
        for words in re.findall(r'"([^"]+)"|\u201c([^\u201d]+)\u201d', sentence)
        for words in filter(None, words)
        if len(words.split()) >= 3 and not any(normal(words) in q for q in quoted)
    ]
    assert loose == [], where


def test_a_national_number_in_a_sourced_claim_stands_in_its_quotes() -> None:
    """A claim that gives 999, 101 or 111 from its sources has the number in a quote
    behind it: a quote changed to "Immediate risk - 101" under a note that says 999 fails
    (a mutation test's finding). Practice tips, which claim no source, are not checked."""
    unquoted = [
        (where, number)
        for where, claim, support in CLAIMS
        for number in set(re.findall(r"(?<!\d)(?:999|101|111)(?!\d)", claim))
        if not any(re.search(rf"(?<!\d){number}(?!\d)", s.quote) for s in support)
    ]
    assert unquoted == []


# Words that narrow or harden a claim: "only", "until", "never", "proven", "enough"...
_HARDENING = re.compile(
    r"\b((?<!not )only|until|never|always|proven|proof|enough|solely|unless|yourself)\b"
)


@pytest.mark.parametrize(("where", "claim", "support"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_a_word_that_narrows_a_claim_stands_in_its_quotes(
    where: str, claim: str, support: tuple[Support, ...]
) -> None:
    """A sentence added with a word that narrows what the source says ("applies only where
    significant harm is proven", "a single indicator is not enough to act on") fails
    unless the word is in its quotes (a mutation test's finding: such sentences share
    enough words with their paragraph to pass the word-share test)."""
    quoted = " ".join(s.quote.lower() for s in support)
    narrowing = [
        (word, sentence)
        for sentence in _sentences(claim)
        for word in set(_HARDENING.findall(sentence.lower()))
        if not re.search(rf"\b{word}\b", quoted)
    ]
    assert narrowing == [], where
