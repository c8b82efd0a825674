"""Referral contacts by area: loading, matching what the user typed, and grouping."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import ValidatedCache, load_spec, yaml_files
from .contact_spec import Area, Contact
from .errors import LoadError, ThinkFamilyError
from .matching import find
from .paths import Paths, shipped_dir
from .scales import TOPICS

SPECIALIST = {"mental-health", "domestic-abuse", "substance-misuse", "housing", "carers"}
GROUPS = ("Worried about a child?", "Worried about an adult?", "Specialist services")


@dataclass(frozen=True)
class LoadedArea:
    area: Area
    path: Path
    local: bool  # from the user's contacts folder
    replaces: Path | None = None  # the shipped file a local one replaces


def _validate_area(path: Path) -> dict[str, Any]:
    from .validation import area_data  # noqa: PLC0415 - the slow path

    return area_data(path)


def parse_area(path: Path) -> Area:
    """Validate one contacts file (no cache); every problem is in the LoadError."""
    return Area.from_dict(_validate_area(path))


def area_files(paths: Paths) -> dict[str, tuple[Path, bool, Path | None]]:
    """Area id -> (file, local?, shipped file it replaces); a local file wins."""
    shipped = yaml_files(shipped_dir("contacts"))
    found: dict[str, tuple[Path, bool, Path | None]] = {
        aid: (p, False, None) for aid, p in shipped.items()
    }
    for aid, path in yaml_files(paths.user_contacts).items():
        found[aid] = (path, True, shipped.get(aid))
    return found


def load_all(paths: Paths) -> tuple[list[LoadedArea], list[str]]:
    """Every area that loads (through the validated cache), and the problems of the rest."""
    cache = ValidatedCache(paths.cache / "contacts.json")
    loaded, problems = [], []
    for path, local, replaces in area_files(paths).values():
        try:
            area = load_spec(cache, path, _validate_area, Area.from_dict)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(LoadedArea(area, path, local, replaces))
    cache.save()
    return loaded, problems


def find_area(areas: list[LoadedArea], typed: str) -> LoadedArea:
    """The area meant by a name, id or alias, exactly or by a unique start."""
    return find(
        areas,
        typed,
        lambda item: (item.area.id, item.area.name, *item.area.aliases),
        lambda item: item.area.name,
        missing="No contacts are known for '{typed}'.",
        listing="Run `thinkfamily contacts` to list the areas.",
    )


def check_topic(topic: str) -> str:
    if topic not in TOPICS:
        close = difflib.get_close_matches(topic, TOPICS, n=1)
        hint = f"Did you mean {close[0]}? " if close else ""
        raise ThinkFamilyError(
            f"'{topic}' is not a need the contacts are filed under.",
            hint=f"{hint}Needs: {', '.join(TOPICS)}.",
        )
    return topic


def matches(contact: Contact, audience: str | None, need: str | None) -> bool:
    if audience and contact.for_ not in (audience, "both"):
        return False
    return not need or need in contact.topics


def group_of(contact: Contact) -> str | None:
    """Which heading a contact is listed under; None for 999, which is shown first."""
    topics = set(contact.topics)
    if any(p.number == "999" for p in contact.phones):
        return None
    if "police" in topics or (topics & SPECIALIST and not topics & {"safeguarding", "early-help"}):
        return GROUPS[2]
    if contact.for_ == "children":
        return GROUPS[0]
    if contact.for_ == "adults":
        return GROUPS[1]
    return GROUPS[2]


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
    wanted = {"children": GROUPS[0], "adults": GROUPS[1]}
    return [
        c
        for audience in audiences
        for c in area.contacts
        if group_of(c) == wanted[audience] and "safeguarding" in c.topics
    ]


def emergency(contacts: list[Contact]) -> list[Contact]:
    return [c for c in contacts if group_of(c) is None]


def area_for_record(paths: Paths, name: str | None) -> LoadedArea | None:
    """The area a record's referrals are shown for, or None when none is set or known."""
    if not name:
        return None
    areas, _ = load_all(paths)
    try:
        return find_area(areas, name)
    except ThinkFamilyError:
        return None
