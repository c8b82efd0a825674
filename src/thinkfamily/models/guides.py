"""Guide files (`guides/*.yaml`) and the glossary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .common import PRACTICE_TIP, Id, Rule, Support, Text


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class GuideSource:
    document: Text
    section: Text


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Guide:
    """A short guide in the project's own words, citing where its facts come from."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    sources: Annotated[tuple[GuideSource, ...], Rule(min_length=1)]
    body: Annotated[str, Rule(min_length=1, max_length=6000)]
    # The source words behind each paragraph (a paragraph that is the tool's own advice
    # starts "**Practice tip.**" instead).
    support: tuple[Support, ...] = ()

    @property
    def first_paragraph(self) -> str:
        return " ".join(self.body.strip().split("\n\n", 1)[0].split())

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.body.strip().split("\n\n") if p.strip()]

    @staticmethod
    def own(paragraph: str) -> bool:
        """Whether a paragraph is the tool's own advice, and says so."""
        return paragraph.startswith(f"**{PRACTICE_TIP}.**")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class GlossaryEntry:
    term: Text
    aliases: tuple[Text, ...] = ()
    meaning: Text
    children: Text | None = None  # the children's workforce's word, where it differs
    adults: Text | None = None  # the adults' workforce's word
    source: Text
    support: tuple[Support, ...] = ()  # the source words behind the meaning


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Glossary:
    terms: Annotated[tuple[GlossaryEntry, ...], Rule(min_length=1)]
