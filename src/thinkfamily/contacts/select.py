"""Which of an area's contacts to show, in which group and order, for which audience and
need: the one model (`AreaContacts`) that the full view, `--brief` and `--json` are
rendered from, and the referral at the end of a walk and in an export."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ConfigDict

from thinkfamily.catalog import LoadedArea, load_areas
from thinkfamily.contacts.clock import Now, now_for, out_of_hours_service
from thinkfamily.contacts.lookup import Located, locate
from thinkfamily.errors import ThinkFamilyError
from thinkfamily.models.common import Model, key
from thinkfamily.models.contacts import (
    CHECK_WHY,
    Area,
    Contact,
    NotFound,
    Phone,
    Provenance,
)
from thinkfamily.paths import Paths

# The headings contacts are shown under.
SPECIALIST = {"mental-health", "domestic-abuse", "substance-misuse", "housing", "carers"}
CHILDREN, ADULTS, OTHERS = GROUPS = (
    "Worried about a child?",
    "Worried about an adult?",
    "Specialist services",
)


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


def grouped(contacts: list[Contact], *, closed: bool = False) -> dict[str, list[Contact]]:
    """Contacts under their headings: each out-of-hours service after the in-hours ones,
    or before them when it is out of hours now (`closed`)."""
    out: dict[str, list[Contact]] = {g: [] for g in GROUPS}
    for contact in contacts:
        group = group_of(contact)
        if group is not None:
            out[group].append(contact)
    for group, items in out.items():
        out[group] = sorted(items, key=lambda c: out_of_hours_service(c) != closed)
    return {g: items for g, items in out.items() if items}


def _audience_of(contact: Contact) -> str:
    return "adults" if group_of(contact) == ADULTS else "children"


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


# --- what `contacts` shows: one model for the full view, --brief and --json ------------


class Reach(Model):
    """One number of a service, as every view of the contacts shows it."""

    number: str
    who: str | None = None  # professionals or public; None for anyone
    when: str | None = None  # office, out-of-hours or 24h; None where no hours are given
    hours: str | None = None  # the source's words for this number's hours
    note: str | None = None  # "option 2", "emergency housing": never left out
    hours_not_stated: bool = False  # out of hours now, and no hours are stated for it


class Service(Model):
    """One service as shown: its numbers in the order to try them now, and why to check."""

    model_config = ConfigDict(validate_by_name=True)  # built here as `for_`, dumped as `for`
    service: str
    for_: str = key("for")
    group: str | None  # the heading it is listed under; None for the emergency line
    check: str | None  # why to check it before relying on it; None when nothing is flagged
    phones: tuple[Reach, ...]
    hours: str | None = None
    email: str | None = None
    form: str | None = None
    web: str | None = None
    note: str | None = None
    source: Provenance


@dataclass(frozen=True)
class AreaContacts:
    """What `contacts AREA` shows, in the order shown: 999 first (`emergency`), then the
    services under their headings, then what was looked for and not found. `chosen`
    keeps the file's entries in the file's order."""

    item: LoadedArea
    chosen: list[Contact]
    emergency: list[Service]
    services: list[Service]
    not_found: list[NotFound]
    now: Now
    located: Located

    @property
    def groups(self) -> dict[str, list[Service]]:
        out: dict[str, list[Service]] = {}
        for service in self.services:
            out.setdefault(service.group or OTHERS, []).append(service)
        return out


def _stated(contact: Contact, phone: Phone) -> bool:
    """Whether a source gives this number's hours, or its service's."""
    return bool(
        phone.when != "any"
        or phone.hours
        or phone.open
        or contact.hours
        or contact.open
        or "out-of-hours" in contact.topics
    )


def shown_service(contact: Contact, group: str | None, *, closed: bool) -> Service:
    """A contact as every view shows it; out of hours (`closed`), the numbers open now
    come first, and a number whose hours no source states says so."""
    phones = list(contact.phones)
    if closed:
        phones.sort(key=lambda p: when_of(contact, p) not in ("out-of-hours", "24h"))
    reach = tuple(
        Reach(
            number=p.number,
            who=None if p.who == "any" else p.who,
            when=when_of(contact, p),
            hours=p.hours,
            note=p.note,
            hours_not_stated=closed and not _stated(contact, p),
        )
        for p in phones
    )
    return Service(
        service=contact.service,
        for_=contact.for_,
        group=group,
        check=contact.cover or (CHECK_WHY if contact.confirm else None),
        phones=reach,
        hours=contact.hours,
        email=contact.email,
        form=contact.form,
        web=contact.web,
        note=contact.note,
        source=contact.source,
    )


def area_contacts(
    item: LoadedArea, audience: str | None, need: str | None, paths: Paths, located: Located
) -> AreaContacts:
    """An area's contacts for an audience and a need, grouped, in the order the clock asks
    for; a 999 entry's other numbers (101, say) are listed with the specialist services
    when that entry was chosen."""
    area = item.area
    chosen = [c for c in area.contacts if matches(c, audience, need)]
    not_found = [n for n in area.not_found if matches(n, audience, need)]
    now = now_for(area, audience, paths)
    closed = bool(now.closed)
    emergency_lines, police = [], []
    for contact in emergency(area.contacts):
        calls = tuple(p for p in contact.phones if p.number == "999")
        emergency_lines.append(
            shown_service(contact.model_copy(update={"phones": calls}), None, closed=closed)
        )
        rest = tuple(p for p in contact.phones if p.number != "999")
        if rest and contact in chosen:
            police.append(
                shown_service(contact.model_copy(update={"phones": rest}), OTHERS, closed=closed)
            )
    services = [
        shown_service(contact, group, closed=closed)
        for group, contacts in grouped(chosen, closed=closed).items()
        for contact in contacts
    ]
    services += police  # the specialist services are the last group
    return AreaContacts(item, chosen, emergency_lines, services, not_found, now, located)


def when_of(contact: Contact, phone: Phone | None) -> str | None:
    if phone is not None and phone.when != "any":
        return phone.when
    return "out-of-hours" if "out-of-hours" in contact.topics else None


@dataclass(frozen=True)
class Referral:
    """Who to contact about a record's concerns, for the practitioner's area: the front
    doors for the audiences, and the services for the needs the concerns name."""

    audiences: list[str]
    typed: str | None  # the area as set or recorded
    area: Area | None = None  # None when no area is set or none is known by that name
    emergency: list[Contact] = field(default_factory=list)
    front: list[Contact] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    services: list[Contact] = field(default_factory=list)
    # The needs with no service in the area's file, each with what was looked for.
    unmet: dict[str, list[NotFound]] = field(default_factory=dict)
    now: Now | None = None  # at the end of a walk: out-of-hours services first, if now
    partnership: bool = False  # the area typed is a partnership of several, not one


def services_for(area: Area, needs: list[str], shown: list[Contact]) -> list[Contact]:
    """The area's services for each need, in the needs' order, none twice."""
    out: list[Contact] = []
    for need in needs:
        out += [
            c
            for c in area.contacts
            if need in c.topics and group_of(c) is not None and c not in shown and c not in out
        ]
    return out


def referral(
    paths: Paths,
    typed: str | None,
    audiences: list[str],
    needs: list[str] | None = None,
    *,
    live: bool = False,
) -> Referral:
    """Who to contact; `live` (the end of a walk) puts the out-of-hours services first
    when it is out of hours now, as `contacts` does. An export is read later: it keeps
    the order of the file."""
    needs = needs or []
    if not typed:
        return Referral(audiences, None, needs=needs)

    areas, _ = load_areas(paths)
    try:
        found = locate(areas, typed)
    except ThinkFamilyError:
        return Referral(audiences, typed, needs=needs)
    if found.kind == "border":  # several councils: none is this record's area
        return Referral(audiences, typed, needs=needs)
    if len(found.items) > 1:
        return Referral(audiences, typed, needs=needs, partnership=True)
    area = found.items[0].area
    now = now_for(area, audiences[0] if len(audiences) == 1 else None, paths) if live else None
    closed = bool(now and now.closed)
    front = front_doors(area, audiences)
    if closed:  # within each audience, the out-of-hours services first
        front.sort(key=lambda c: (audiences.index(_audience_of(c)), not out_of_hours_service(c)))
    services = services_for(area, needs, front)
    listed = {n for c in services for n in c.topics}
    unmet = {
        need: [n for n in area.not_found if need in n.topics]
        for need in needs
        if need not in listed and not any(need in c.topics for c in front)
    }
    return Referral(
        audiences, typed, area, emergency(area.contacts), front, needs, services, unmet, now
    )
