"""Referral contacts as plain, frozen objects, built from validated data (see `spec`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Phone:
    number: str
    who: str = "any"
    when: str = "any"
    hours: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Provenance:
    title: str
    date: str
    url: str | None = None
    ref: str | None = None

    def cite(self, *, with_url: bool = False) -> str:
        where = f", {self.url}" if with_url and self.url else ""
        return f"{self.title} ({self.date}){where}"


@dataclass(frozen=True)
class Contact:
    service: str
    for_: str
    topics: tuple[str, ...]
    source: Provenance
    hours: str | None = None
    phones: tuple[Phone, ...] = ()
    email: str | None = None
    form: str | None = None
    web: str | None = None
    confirm: bool = False
    note: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Contact:
        fields = {k: v for k, v in data.items() if k not in ("for", "phones", "topics", "source")}
        return cls(
            **fields,
            for_=data["for"],
            topics=tuple(data["topics"]),
            phones=tuple(Phone(**p) for p in data.get("phones") or ()),
            source=Provenance(**data["source"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The contact as its file writes it (`for`, not `for_`), for JSON output."""
        return {
            "service": self.service,
            "for": self.for_,
            "topics": list(self.topics),
            "hours": self.hours,
            "phones": [vars(p).copy() for p in self.phones],
            "email": self.email,
            "form": self.form,
            "web": self.web,
            "confirm": self.confirm,
            "note": self.note,
            "source": vars(self.source).copy(),
        }


@dataclass(frozen=True)
class Body:
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    aliases: tuple[str, ...]
    children_partnership: Body
    adults_board: Body
    contacts: tuple[Contact, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Area:
        return cls(
            id=data["id"],
            name=data["name"],
            aliases=tuple(data.get("aliases") or ()),
            children_partnership=Body(**data["children_partnership"]),
            adults_board=Body(**data["adults_board"]),
            contacts=tuple(Contact.from_dict(c) for c in data["contacts"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "children_partnership": vars(self.children_partnership).copy(),
            "adults_board": vars(self.adults_board).copy(),
            "contacts": [c.to_dict() for c in self.contacts],
        }
