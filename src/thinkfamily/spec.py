"""Checklists as plain, frozen objects for the commands to use.

The pydantic models in `models` validate the files; what they accept is turned
into these (directly, or through the cache of validated data), so a command that
only reads checklists never pays for importing pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .scales import DEFAULT_CONCERN


@dataclass(frozen=True)
class Source:
    document: str
    short: str | None = None
    section: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None

    def cite(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(self.section)
        tail = ", ".join(str(p) for p in (self.publisher, self.year) if p)
        return ", ".join(parts) + (f" ({tail})" if tail else "")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source | None:
        return cls(**data) if data else None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    scale: str
    guidance: str | None = None
    concern: tuple[str, ...] | None = None
    answer: bool | None = None
    reason: str | None = None
    source: Source | None = None
    refer: tuple[str, ...] = ()
    guide: str | None = None

    @property
    def concern_answers(self) -> tuple[str, ...]:
        return DEFAULT_CONCERN[self.scale] if self.concern is None else self.concern

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        concern = data.get("concern")
        return cls(
            **{
                **data,
                "concern": tuple(concern) if concern is not None else None,
                "source": Source.from_dict(data.get("source")),
                "refer": tuple(data.get("refer") or ()),
            }
        )


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    source: Source | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            id=data["id"],
            title=data["title"],
            intro=data.get("intro"),
            source=Source.from_dict(data.get("source")),
            questions=tuple(Question.from_dict(q) for q in data["questions"]),
        )


@dataclass(frozen=True)
class CombinedRisk:
    min_present: int
    note: str
    source: Source


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    audience: str
    version: str
    source: Source
    sections: tuple[Section, ...]
    intro: str | None = None
    combined_risk: CombinedRisk | None = None

    @property
    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checklist:
        risk = data.get("combined_risk")
        source = Source.from_dict(data["source"])
        assert source is not None  # noqa: S101 - validated data always has one
        return cls(
            id=data["id"],
            title=data["title"],
            audience=data["audience"],
            version=data["version"],
            source=source,
            intro=data.get("intro"),
            sections=tuple(Section.from_dict(s) for s in data["sections"]),
            combined_risk=CombinedRisk(risk["min_present"], risk["note"], Source(**risk["source"]))
            if risk
            else None,
        )
