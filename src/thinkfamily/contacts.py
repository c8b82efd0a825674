"""Referral contacts: which of an area's contacts to show, in which group, for which need.

Everything here returns contacts; `render` turns them into lines or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, get_args

from .errors import ThinkFamilyError
from .models.contacts import Area, Contact, NotFound, Topic
from .paths import Paths
from .structure import suggest

if TYPE_CHECKING:  # the area files are read only when an area is looked up
    from .catalog import LoadedArea

TOPICS: tuple[str, ...] = get_args(Topic)
SPECIALIST = {"mental-health", "domestic-abuse", "substance-misuse", "housing", "carers"}
CHILDREN, ADULTS, OTHERS = GROUPS = (
    "Worried about a child?",
    "Worried about an adult?",
    "Specialist services",
)


def check_topic(topic: str) -> str:
    if topic not in TOPICS:
        close = suggest(topic, list(TOPICS))
        hint = f"Did you mean {close}? " if close else ""
        raise ThinkFamilyError(
            f"'{topic}' is not a need the contacts are filed under.",
            hint=f"{hint}Needs: {', '.join(TOPICS)}.",
        )
    return topic


def matches(contact: Contact | NotFound, audience: str | None, need: str | None) -> bool:
    if audience and contact.for_ not in (audience, "both"):
        return False
    return not need or need in contact.topics


def group_of(contact: Contact) -> str | None:
    """Which heading a contact is listed under; None for 999, which is shown first."""
    topics = set(contact.topics)
    if any(p.number == "999" for p in contact.phones):
        return None
    if "police" in topics or (topics & SPECIALIST and not topics & {"safeguarding", "early-help"}):
        return OTHERS
    if contact.for_ == "children":
        return CHILDREN
    if contact.for_ == "adults":
        return ADULTS
    return OTHERS


def grouped(contacts: list[Contact]) -> dict[str, list[Contact]]:
    """Contacts under their headings, each out-of-hours service after the in-hours ones."""
    out: dict[str, list[Contact]] = {g: [] for g in GROUPS}
    for contact in contacts:
        group = group_of(contact)
        if group is not None:
            out[group].append(contact)
    for group, items in out.items():
        out[group] = sorted(items, key=lambda c: "out-of-hours" in c.topics)
    return {g: items for g, items in out.items() if items}


def front_doors(area: Area, audiences: list[str]) -> list[Contact]:
    """The safeguarding contacts for children or adults: who to ring about a concern."""
    wanted = {"children": CHILDREN, "adults": ADULTS}
    return [
        c
        for audience in audiences
        for c in area.contacts
        if group_of(c) == wanted[audience] and "safeguarding" in c.topics
    ]


def emergency(contacts: tuple[Contact, ...] | list[Contact]) -> list[Contact]:
    return [c for c in contacts if group_of(c) is None]


@dataclass(frozen=True, repr=False, eq=False)
class AreaContacts:
    """What `contacts AREA` shows: 999 first, then the chosen contacts under headings."""

    item: LoadedArea
    emergency: list[Contact]
    groups: dict[str, list[Contact]]
    not_found: list[NotFound] = field(default_factory=list)


def area_contacts(
    item: LoadedArea, chosen: list[Contact], not_found: list[NotFound] | None = None
) -> AreaContacts:
    """The chosen contacts of an area, grouped; a 999 entry's other numbers (101, say) are
    listed with the specialist services when that entry was chosen."""
    police = []
    urgent = emergency(item.area.contacts)
    for contact in urgent:
        rest = tuple(p for p in contact.phones if p.number != "999")
        if rest and contact in chosen:
            police.append(replace(contact, phones=rest))
    groups = grouped(chosen)
    if police:
        groups.setdefault(OTHERS, []).extend(police)
    return AreaContacts(item, urgent, groups, not_found or [])


@dataclass(frozen=True, repr=False, eq=False)
class Referral:
    """Who to contact about a record's concerns, for the practitioner's area."""

    audiences: list[str]
    typed: str | None  # the area as set or recorded
    area: Area | None = None  # None when no area is set or none is known by that name
    emergency: list[Contact] = field(default_factory=list)
    front: list[Contact] = field(default_factory=list)


def referral(paths: Paths, typed: str | None, audiences: list[str]) -> Referral:
    if not typed:
        return Referral(audiences, None)
    from .catalog import find_area, load_areas  # noqa: PLC0415 - see the imports above

    areas, _ = load_areas(paths)
    try:
        item = find_area(areas, typed)
    except ThinkFamilyError:
        return Referral(audiences, typed)
    area = item.area
    return Referral(audiences, typed, area, emergency(area.contacts), front_doors(area, audiences))
