"""Every claim the product makes from the guidance carries the source words behind it.

Each guide paragraph, glossary meaning, question guidance note, quiz reason, act-now note
and combined-risk note has `support:` entries naming a source file, where in it, and a
quote. Here each quote is found, verbatim apart from whitespace and typography, in the
file it names; and each claim has support, or says it is the tool's own ("Practice tip").
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from thinkfamily.catalog import Catalog, load_glossary, load_guides
from thinkfamily.models.common import PRACTICE_TIP, SOURCE_DOCUMENTS, Support
from thinkfamily.paths import Paths, user_paths

from .conftest import SOURCES, Run

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
