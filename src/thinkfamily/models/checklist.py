"""Checklist files (`checklists/*.yaml`): questions as their source words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from .common import (
    DEFAULT_CONCERN,
    SCALE_ANSWERS,
    Audience,
    Id,
    Invalid,
    Rule,
    Scale,
    Support,
    Text,
    Topic,
)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Source:
    """Where a checklist, section or question comes from."""

    document: Text
    short: Text | None = None  # a few words for tables: "Leeds protocol, Appendix B"
    section: Text | None = None
    publisher: Text | None = None
    year: Annotated[int, Rule(ge=1900, le=2100)] | None = None
    url: Text | None = None

    def cite(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(self.section)
        tail = ", ".join(str(p) for p in (self.publisher, self.year) if p)
        return ", ".join(parts) + (f" ({tail})" if tail else "")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class ActNow:
    """Answers that call for action now, not only at supervision, and what to do."""

    answers: Annotated[tuple[str, ...], Rule(min_length=1)]
    note: Text
    support: tuple[Support, ...] = ()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Question:
    """One question as the source words it, with how it is answered."""

    id: Id
    text: Text
    scale: Scale
    guidance: Text | None = None
    concern: tuple[str, ...] | None = None
    # true-false questions only: the right answer and why.
    answer: bool | None = None
    reason: Text | None = None
    source: Source | None = None
    # Who to refer to when the answer is a concern: the walk's end and the export
    # then show that audience's front door for the configured area.
    refer: tuple[Audience, ...] = ()
    # The services to list beside the front doors when the answer is a concern (a factor
    # present): `domestic-abuse` lists the area's domestic abuse services.
    services: tuple[Topic, ...] = ()
    # A guide (`thinkfamily guide ID`) whose first paragraph `?` shows.
    guide: Id | None = None
    # Answers that need acting on now (the end of the walk and the export say so first).
    act_now: ActNow | None = None
    # The source words behind the guidance note and, for the quiz, the reason.
    support: tuple[Support, ...] = ()

    def __post_init__(self) -> None:
        allowed = SCALE_ANSWERS[self.scale]
        for field, words in (
            ("concern", self.concern or ()),
            ("act_now.answers", self.act_now.answers if self.act_now else ()),
        ):
            for word in words:
                if word not in allowed:
                    choices = ", ".join(allowed)
                    msg = f"'{word}' is not an answer of the {self.scale} scale ({choices})"
                    raise Invalid(msg, at=field)
        if self.scale == "true-false":
            if self.answer is None or self.reason is None:
                raise Invalid("a true-false question needs both 'answer' and 'reason'")
        elif self.answer is not None or self.reason is not None:
            raise Invalid("'answer' and 'reason' belong to true-false questions only")

    @property
    def concern_answers(self) -> tuple[str, ...]:
        return DEFAULT_CONCERN[self.scale] if self.concern is None else self.concern

    @property
    def right_word(self) -> str:
        """A true-false question's right answer, as its stored word."""
        return str(self.answer).lower()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Section:
    id: Id
    title: Text
    intro: Text | None = None
    source: Source | None = None
    questions: Annotated[tuple[Question, ...], Rule(min_length=1)]


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class CombinedRisk:
    """A note shown when several factors of a screen are present together."""

    min_present: Annotated[int, Rule(ge=2)]
    note: Text
    source: Source
    support: tuple[Support, ...] = ()
    # The ids of the questions whose factors the note speaks of; every question when empty.
    factors: tuple[Id, ...] = ()
    # Questions that a source counts as one factor (the training slides' "Domestic abuse
    # and coercive control"): present together, they count once.
    as_one: tuple[tuple[Id, ...], ...] = ()

    def counts(self, question: Question) -> bool:
        return not self.factors or question.id in self.factors

    def factors_present(self, present: list[str]) -> int:
        """How many factors the questions answered present make, counting as one the
        questions a source counts as one."""
        return len({next((g for g in self.as_one if q in g), q) for q in present})


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Checklist:
    """A reflection checklist, self-assessment or screen, loaded from YAML."""

    id: Id
    title: Text
    audience: Literal["practitioner", "organisation", "training"]
    version: Text
    source: Source
    intro: Text | None = None
    sections: Annotated[tuple[Section, ...], Rule(min_length=1)]
    combined_risk: CombinedRisk | None = None

    def __post_init__(self) -> None:
        if self.combined_risk:
            known = {q.id for _, q in self.questions}
            grouped = [q for group in self.combined_risk.as_one for q in group]
            for question_id in (*self.combined_risk.factors, *grouped):
                if question_id not in known:
                    msg = f"'{question_id}' is not a question of this checklist"
                    raise Invalid(msg, at="combined_risk.factors")

    @property
    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)
