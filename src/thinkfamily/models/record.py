"""Drafts (a walk in progress) and records (a finished walk, written once)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal, cast

from pydantic import ConfigDict, Field
from typing_extensions import TypedDict  # which pydantic reads on Python 3.11

from thinkfamily import __version__

from .checklist import Checklist
from .common import (
    ALL_WORDS,
    CASE_PATTERN,
    ID_PATTERN,
    SKIPPED,
    Audience,
    CaseRef,
    Id,
    Items,
    Model,
    Moment,
    Rule,
    Topic,
    key,
    moment_text,
)
from .scale import Scale, rates_areas


class Given(TypedDict, total=False):
    """One question's answer as typed, in a draft or an answers file."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    answer: str
    note: str
    action: str
    currently_in_place: str  # in-place areas: the two free-text fields
    more_could_be_in_place: str
    response: str  # text questions: what was written


# The free-text fields of an answer: what identifiers are looked for in and redacted from.
TEXT_FIELDS = ("note", "action", "currently_in_place", "more_could_be_in_place", "response")

DRAFT_SCHEMA = "thinkfamily.draft/1"


class LastTime(Model):
    """The earlier walk of the same checklist and case that a walk starts from: each of its
    answers is offered again, and kept with Enter."""

    model_config = ConfigDict(frozen=False)

    record: str  # its id
    finished: Moment
    answers: dict[str, Given] = Field(default_factory=dict)

    @classmethod
    def of(cls, record: Record) -> LastTime:
        answers = {}
        for answer in record.answers:
            given: dict[str, str] = {"answer": answer.answer}
            given |= {f: v for f in TEXT_FIELDS if (v := getattr(answer, f))}
            answers[answer.question_id] = cast("Given", given)
        return cls(record=record.id, finished=record.finished, answers=answers)


class Draft(Model):
    """A walk in progress, saved after every answer so that nothing typed is lost: the one
    model changed in place, as the walk goes."""

    model_config = ConfigDict(frozen=False)

    checklist_id: str
    sha256: str
    version: str
    started: Moment
    case: str | None = None
    answers: dict[str, Given] = Field(default_factory=dict)
    current: str | None = None  # the question to ask next; None once all are asked
    reflection: str | None = None
    questions: dict[str, str] = Field(default_factory=dict)  # id -> text when saved
    last: LastTime | None = None  # the earlier walk this one starts from
    schema_: Literal["thinkfamily.draft/1"] = key("schema", default=DRAFT_SCHEMA)


# --- records ------------------------------------------------------------------------

RECORD_SCHEMA = "thinkfamily.record/1"

# 20261123T163012Z[-2]_practitioner[_ABC123]: time (UTC), checklist, case.
_RECORD_NAME = (
    rf"(?P<stamp>\d{{8}}T\d{{6}}Z)(?:-(?P<n>\d+))?_(?P<checklist>{ID_PATTERN})"
    rf"(?:_(?P<case>{CASE_PATTERN}))?"
)
RECORD_NAME = re.compile(_RECORD_NAME)
RECORD_ID_PATTERN = re.sub(r"\?P<\w+>", "", _RECORD_NAME)  # the same, as JSON Schema can read
# A record's id is its file name: it never holds a folder or anything a path could climb by.
RecordId = Annotated[
    str,
    Rule(pattern=RECORD_ID_PATTERN, meaning="a record id such as 20261123T163012Z_practitioner"),
]


class Practitioner(Model):
    name: str | None = None
    role: str | None = None
    organisation: str | None = None


class ChecklistRef(Model):
    """Which checklist, and which version of its file, a record was made from."""

    id: Id
    title: str
    version: str
    sha256: str
    source: str
    # Who the checklist is for (records made before 0.2 lack it: see Record.organisational)
    audience: Literal["practitioner", "organisation", "training"] | None = None


class Answer(Model):
    """One question's answer, with the question as it was asked, so records stand alone."""

    question_id: Id
    section: str
    text: str
    scale: Scale
    answer: Annotated[
        str,
        Rule(
            pattern="|".join(ALL_WORDS), meaning=f"one of the answer words ({', '.join(ALL_WORDS)})"
        ),
    ]
    concern: bool = False
    note: str | None = None
    action: str | None = None
    # in-place areas: the two free-text fields of the self-assessment
    currently_in_place: str | None = None
    more_could_be_in_place: str | None = None
    # text questions: what was written
    response: str | None = None
    # true-false questions: whether the answer was right
    correct: bool | None = None
    # who a concern here may need referring to (from the checklist's `refer`)
    refer: Items[Audience] = ()
    # the services for a concern here (from the checklist's `services`)
    services: Items[Topic] = ()
    # what to do now, when this answer needs acting on before supervision
    act_now: str | None = None


class Record(Model):
    """One completed walk through a checklist, written once and never edited."""

    schema_: Literal["thinkfamily.record/1"] = key("schema", default=RECORD_SCHEMA)
    id: RecordId
    tool_version: str
    checklist: ChecklistRef
    started: Moment
    finished: Moment
    practitioner: Practitioner = Field(default_factory=Practitioner)
    area: str | None = None
    case: CaseRef | None = None
    answers: Items[Answer]
    reflection: str | None = None
    combined_risk_note: str | None = None
    started_from: RecordId | None = None  # the earlier walk whose answers were offered

    @property
    def started_at(self) -> datetime:
        return datetime.fromisoformat(self.started)

    @property
    def finished_at(self) -> datetime:
        return datetime.fromisoformat(self.finished)

    @property
    def organisational(self) -> bool:
        """An organisation's self-assessment: its areas are its action plan, and nothing of
        it goes to a practitioner's supervision. (Older records, which do not say, are
        known by their in-place areas, a scale only organisations are asked.)"""
        if self.checklist.audience is not None:
            return self.checklist.audience == "organisation"
        return any(rates_areas(a.scale) for a in self.answers)

    @property
    def action_plan(self) -> list[Answer]:
        """An organisation's areas with what more could be in place, or rated short of it."""
        return [
            a
            for a in self.answers
            if rates_areas(a.scale) and (a.more_could_be_in_place or a.concern)
        ]

    @property
    def concerns(self) -> list[Answer]:
        return [a for a in self.answers if a.concern]

    @property
    def act_now(self) -> list[Answer]:
        """Answers that need acting on now, before supervision."""
        return [a for a in self.answers if a.act_now]

    @property
    def to_find_out(self) -> list[Answer]:
        """Factors marked not known: what HIPS asks practitioners to find out."""
        return [a for a in self.answers if a.scale == "present" and a.answer == "unknown"]

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.answer != SKIPPED)

    @property
    def refer(self) -> list[str]:
        """Who this record's concerns may need referring to: children, adults, or both."""
        wanted = {who for a in self.concerns for who in a.refer}
        return [who for who in ("children", "adults") if who in wanted]

    @property
    def services(self) -> list[str]:
        """The needs this record's concerns name, in the order they are first raised."""
        return list(dict.fromkeys(topic for a in self.concerns for topic in a.services))

    @classmethod
    def from_draft(
        cls,
        checklist: Checklist,
        draft: Draft,
        *,
        sha256: str,
        settings: dict[str, str],
        finished: datetime,
        record_id: str,
    ) -> Record:
        """The record a finished draft makes: every question, answered or skipped."""
        answers = []
        present: list[str] = []
        combined = checklist.combined_risk
        for section, question in checklist.questions:
            given = draft.answers.get(question.id, {})
            word = given.get("answer", SKIPPED)
            if word == "present" and combined is not None and combined.counts(question):
                present.append(question.id)
            answers.append(
                Answer(
                    question_id=question.id,
                    section=section.title,
                    text=question.text,
                    scale=question.scale,
                    answer=word,
                    concern=word in question.concern_answers,
                    note=given.get("note"),
                    action=given.get("action"),
                    currently_in_place=given.get("currently_in_place"),
                    more_could_be_in_place=given.get("more_could_be_in_place"),
                    response=given.get("response"),
                    correct=(word == question.right_word)
                    if question.scale == "true-false" and word != SKIPPED
                    else None,
                    refer=question.refer,
                    services=question.services,
                    act_now=question.act_now.note
                    if question.act_now and word in question.act_now.answers
                    else None,
                )
            )
        note = (
            f"{combined.note} ({combined.source.cite()})"
            if combined and combined.factors_present(present) >= combined.min_present
            else None
        )
        return cls(
            id=record_id,
            tool_version=__version__,
            checklist=ChecklistRef(
                id=checklist.id,
                title=checklist.title,
                version=checklist.version,
                sha256=sha256,
                source=checklist.source.cite(),
                audience=checklist.audience,
            ),
            # A clock put back during the walk must not make it end before it began.
            started=moment_text(min(datetime.fromisoformat(draft.started), finished)),
            finished=moment_text(finished),
            practitioner=Practitioner(
                name=settings.get("name"),
                role=settings.get("role"),
                organisation=settings.get("organisation"),
            ),
            area=settings.get("area"),
            case=draft.case,
            answers=tuple(answers),
            reflection=draft.reflection,
            combined_risk_note=note,
            started_from=draft.last.record if draft.last else None,
        )

    def with_id(self, record_id: str) -> Record:
        return self.model_copy(update={"id": record_id})


def record_stem(when: datetime, checklist_id: str, case: str | None, n: int = 1) -> str:
    """A record's id, which is also its file name: finishing time (UTC), checklist, case."""
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{n}" if n > 1 else ""
    return f"{stamp}{suffix}_{checklist_id}" + (f"_{case}" if case else "")
