"""Guide files (`guides/*.yaml`) and the glossary."""

from __future__ import annotations

from typing import Annotated

from .common import PRACTICE_TIP, Id, Items, Model, Rule, Support, Text


class GuideSource(Model):
    document: Text
    section: Text


class Guide(Model):
    """A short guide in the project's own words, citing where its facts come from."""

    id: Id
    title: Text
    aliases: Items[Text] = ()
    sources: Annotated[Items[GuideSource], Rule(min_length=1)]
    body: Annotated[str, Rule(min_length=1, max_length=6000)]
    # The source words behind each paragraph (a paragraph that is the tool's own advice
    # starts "**Practice tip.**" instead).
    support: Items[Support] = ()

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


class GlossaryEntry(Model):
    term: Text
    aliases: Items[Text] = ()
    meaning: Text
    children: Text | None = None  # the children's workforce's word, where it differs
    adults: Text | None = None  # the adults' workforce's word
    source: Text
    support: Items[Support] = ()  # the source words behind the meaning


class Glossary(Model):
    terms: Annotated[Items[GlossaryEntry], Rule(min_length=1)]
