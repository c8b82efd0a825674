"""Checklist files (`checklists/*.yaml`): questions as their source words them."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import model_validator

from .common import (
    DEFAULT_CONCERN,
    SCALE_ANSWERS,
    Audience,
    Id,
    Invalid,
    Items,
    Model,
    Rule,
    Support,
    Text,
    Topic,
)
from .scale import Scale


class Source(Model):
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


class ActNow(Model):
    """Answers that call for action now, not only at supervision, and what to do."""

    answers: Annotated[Items[str], Rule(min_length=1)]
    note: Text
    support: Items[Support] = ()


class Question(Model):
    """One question as the source words it, with how it is answered."""

    id: Id
    text: Text
    scale: Scale
    guidance: Text | None = None
    concern: Items[str] | None = None
    # true-false questions only: the right answer and why.
    answer: bool | None = None
    reason: Text | None = None
    source: Source | None = None
    # Who to refer to when the answer is a concern: the walk's end and the export
    # then show that audience's front door for the configured area.
    refer: Items[Audience] = ()
    # The services to list beside the front doors when the answer is a concern (a factor
    # present): `domestic-abuse` lists the area's domestic abuse services.
    services: Items[Topic] = ()
    # A guide (`thinkfamily guide ID`) whose first paragraph `?` shows.
    guide: Id | None = None
    # Answers that need acting on now (the end of the walk and the export say so first).
    act_now: ActNow | None = None
    # The source words behind the guidance note and, for the quiz, the reason.
    support: Items[Support] = ()

    @model_validator(mode="after")
    def _checked(self) -> Self:
        allowed = SCALE_ANSWERS[self.scale]
        for field, words in (
            (("concern",), self.concern or ()),
            (("act_now", "answers"), self.act_now.answers if self.act_now else ()),
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
        return self

    @property
    def concern_answers(self) -> tuple[str, ...]:
        return DEFAULT_CONCERN[self.scale] if self.concern is None else self.concern

    @property
    def right_word(self) -> str:
        """A true-false question's right answer, as its stored word."""
        return str(self.answer).lower()


class Section(Model):
    id: Id
    title: Text
    intro: Text | None = None
    source: Source | None = None
    questions: Annotated[Items[Question], Rule(min_length=1)]


class CombinedRisk(Model):
    """A note shown when several factors of a screen are present together."""

    min_present: Annotated[int, Rule(ge=2)]
    note: Text
    source: Source
    support: Items[Support] = ()
    # The ids of the questions whose factors the note speaks of; every question when empty.
    factors: Items[Id] = ()
    # Questions that a source counts as one factor (the training slides' "Domestic abuse
    # and coercive control"): present together, they count once.
    as_one: Items[Items[Id]] = ()

    def counts(self, question: Question) -> bool:
        return not self.factors or question.id in self.factors

    def factors_present(self, present: list[str]) -> int:
        """How many factors the questions answered present make, counting as one the
        questions a source counts as one."""
        return len({next((g for g in self.as_one if q in g), q) for q in present})


class Checklist(Model):
    """A reflection checklist, self-assessment or screen, loaded from YAML."""

    id: Id
    title: Text
    audience: Literal["practitioner", "organisation", "training"]
    version: Text
    source: Source
    intro: Text | None = None
    sections: Annotated[Items[Section], Rule(min_length=1)]
    combined_risk: CombinedRisk | None = None

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if self.combined_risk:
            known = {q.id for _, q in self.questions}
            grouped = [q for group in self.combined_risk.as_one for q in group]
            for question_id in (*self.combined_risk.factors, *grouped):
                if question_id not in known:
                    msg = f"'{question_id}' is not a question of this checklist"
                    raise Invalid(msg, at=("combined_risk", "factors"))
        return self

    @property
    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)
