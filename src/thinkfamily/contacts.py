"""Referral contacts: which of an area's contacts to show, in which group, for which need.

Everything here returns contacts; `render` turns them into lines or Markdown.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, get_args

from pydantic import ConfigDict

from . import dates
from .catalog import LoadedArea, fold, load_areas
from .convert import suggest
from .errors import NotFoundError, ThinkFamilyError
from .models.common import Model, Topic, key
from .models.contacts import (
    CHECK_WHY,
    DAYS,
    OPEN_PATTERN,
    Area,
    Contact,
    NotFound,
    Phone,
    Places,
    Provenance,
)
from .paths import Paths

TOPICS: tuple[str, ...] = get_args(Topic)
SPECIALIST = {"mental-health", "domestic-abuse", "substance-misuse", "housing", "carers"}
CHILDREN, ADULTS, OTHERS = GROUPS = (
    "Worried about a child?",
    "Worried about an adult?",
    "Specialist services",
)


# The words people use for each need, beside the need's own name ("out of hours" and
# "out-of-hours" are the same word once folded).
NEED_WORDS: dict[str, tuple[str, ...]] = {
    "safeguarding": ("mash", "front door", "referral", "child protection", "adult protection"),
    "early-help": ("early help hub", "family support"),
    "out-of-hours": ("ooh", "edt", "emergency duty", "evening", "night", "weekend"),
    "mental-health": (
        *("mh", "mental health crisis", "crisis", "self harm", "self-harm", "suicide"),
        "suicidal",
    ),
    "domestic-abuse": ("da", "dv", "domestic violence", "coercive control"),
    "substance-misuse": (
        *("drugs", "drug", "alcohol", "substances", "substance", "drugs and alcohol"),
        "drug and alcohol",
    ),
    "learning-disability": ("ld", "learning disabilities"),
    "police": (),
    "family-information": ("fis", "family information service"),
    "carers": ("carer", "young carer", "young carers"),
    "housing": ("homeless", "homelessness"),
}
AUDIENCE_WORDS = {
    "children": "children",
    "child": "children",
    "adults": "adults",
    "adult": "adults",
}


class Need(NamedTuple):
    """What a word given to --need means: the need the contacts are filed under, the
    audience the word names too ("adult safeguarding"), and what to tell the user when
    the word reaches wider than the files' own words for that need."""

    topic: str
    audience: str | None = None
    said: str | None = None


_MENTAL_HEALTH = (
    "No service in the files names perinatal or postnatal care; these are the mental "
    "health services."
)
_SOCIAL_CARE = "Social services are listed as the safeguarding front doors (social care)."
# Words that name a need and more, each read as the need the contacts' own words name:
# the front doors are children's and adults' social care, the out-of-hours services
# are emergency duty teams (999 is always shown first).
NEED_PHRASES: dict[str, Need] = {
    "adult safeguarding": Need("safeguarding", "adults"),
    "safeguarding adults": Need("safeguarding", "adults"),
    "adult social care": Need("safeguarding", "adults"),
    "child safeguarding": Need("safeguarding", "children"),
    "safeguarding children": Need("safeguarding", "children"),
    "children's social care": Need("safeguarding", "children"),
    "social services": Need("safeguarding", said=_SOCIAL_CARE),
    "social care": Need("safeguarding", said=_SOCIAL_CARE),
    "social worker": Need("safeguarding", said=_SOCIAL_CARE),
    "emergency": Need(
        "out-of-hours",
        said="In an emergency call 999; the emergency duty (out-of-hours) services follow.",
    ),
    "perinatal": Need("mental-health", said=_MENTAL_HEALTH),
    "perinatal mental health": Need("mental-health", said=_MENTAL_HEALTH),
    "postnatal": Need("mental-health", said=_MENTAL_HEALTH),
    "postnatal depression": Need("mental-health", said=_MENTAL_HEALTH),
}


def _need_names() -> dict[str, Need]:

    names = {fold(topic): Need(topic) for topic in TOPICS}
    names.update({fold(word): Need(topic) for topic, words in NEED_WORDS.items() for word in words})
    names.update({fold(word): need for word, need in NEED_PHRASES.items()})
    return names


def check_topic(typed: str) -> Need:
    """The need meant by `typed`: its name, or a word people use for it ("ooh", "DA")."""

    if not typed.strip():
        raise ThinkFamilyError("--need is empty.", hint=f"Needs: {', '.join(TOPICS)}.")
    audience = AUDIENCE_WORDS.get(typed.strip().casefold())
    if audience:
        raise ThinkFamilyError(
            f"'{typed.strip()}' is who a contact is for, not a need.",
            hint=f"Use --for {audience}.",
        )
    names = _need_names()
    found = names.get(fold(typed))
    if found is None:
        close = suggest(fold(typed), list(names))
        hint = f"Did you mean {names[close].topic}? " if close else ""
        raise ThinkFamilyError(
            f"'{_shortened(typed)}' is not a need the contacts are filed under.",
            hint=f"{hint}Needs: {', '.join(TOPICS)}; plain words such as 'out of hours', "
            "'ooh', 'DA', 'drugs' and 'mental health' work too.",
        )
    return found


def check_audience(typed: str) -> str:
    found = AUDIENCE_WORDS.get(typed.strip().casefold())
    if found is None:
        typed = _shortened(typed)
        hint = "Use --for children or --for adults."
        raise ThinkFamilyError(f"--for '{typed}' is not one of the choices.", hint=hint)
    return found


# --- which areas a name means ---------------------------------------------------------

_LISTING = "Run `thinkfamily contacts` to list the areas and the places each covers."
# Words a caller adds to an area's own name: "Portsmouth City Council", "Hampshire County".
COUNCIL_WORDS = ("city council", "county council", "borough council", "council", "city", "county")


class Located(NamedTuple):
    """The areas a typed name answers for, and how: the area's own name or id (`area`),
    another name for it (`name`), somewhere in it (`place`), a partnership of several
    (`partnership`), a place across a boundary (`border`: the areas the files cover of
    the councils it may be in), or every area (`all`). `label` and `source` are the
    file's words; `authorities` are a border's councils, each with the area the files
    know it as (None for a council they do not cover)."""

    items: list[LoadedArea]
    typed: str
    kind: str
    label: str
    source: Places | None = None
    authorities: tuple[tuple[str, str | None], ...] = ()


class _Name(NamedTuple):
    item: LoadedArea
    kind: str
    label: str
    group: Places | None


def _names(areas: list[LoadedArea]) -> dict[str, list[_Name]]:

    index: dict[str, list[_Name]] = {}
    for item in areas:
        area = item.area
        labels = [_Name(item, "area", area.id, None), _Name(item, "area", area.name, None)]
        labels += [_Name(item, "name", alias, None) for alias in area.aliases]
        labels += [_Name(item, g.kind, n, g) for g in area.places for n in g.names]
        for name in labels:
            entries = index.setdefault(fold(name.label), [])
            if all(e.item is not item for e in entries):
                entries.append(name)
    return index


def shown_name(name: _Name, index: dict[str, list[_Name]]) -> str:
    """How a candidate is offered: the area, or the place with its area."""

    if name.kind == "place":
        return f"{name.label} (in {name.item.area.name})"
    if name.kind == "partnership":
        members = sorted(e.item.area.name for e in index[fold(name.label)])
        return f"{name.label} ({', '.join(members)})"
    if name.kind == "name":
        return f"{name.label} ({name.item.area.name})"
    if name.kind == "border" and name.group is not None:
        return f"{name.label} (crosses into {either(list(name.group.authorities), 'and')})"
    return name.item.area.name


def _candidates(entries: list[_Name]) -> list[_Name]:
    """One entry per area a start could mean (its own name when that matches, else its
    shortest place or name), and one per partnership."""
    chosen: dict[object, _Name] = {}
    for entry in sorted(entries, key=lambda e: (e.kind != "area", len(e.label))):
        key = entry.label if entry.kind == "partnership" else id(entry.item)
        chosen.setdefault(key, entry)
    return list(chosen.values())


def _located(typed: str, found: list[_Name]) -> Located:
    first = found[0]
    if len(found) > 1 and first.kind != "partnership":  # two local files claim one name
        areas = " or ".join(sorted(f.item.area.name for f in found))
        raise ThinkFamilyError(
            f"'{typed}' is a name in more than one area's file: {areas}.",
            hint="Type the area's own name.",
        )
    items = sorted((f.item for f in found), key=lambda item: item.area.name)
    return Located(items, typed, first.kind, first.label, first.group)


def _shortened(typed: str, most: int = 60) -> str:
    """What was typed, as an error message repeats it: no more than `most` characters."""
    return typed if len(typed) <= most else typed[: most - 3] + "..."


def locate(areas: list[LoadedArea], typed: str) -> Located:
    """The areas `typed` means: an area's name, id or other name, a place in it, or a
    partnership, exactly or by a unique start. A place the files know always answers with
    its own area; a name nothing matches is refused, with near names and their areas."""

    wanted = fold(postcode_district(typed) or typed)
    typed = _shortened(typed)  # as the messages below repeat it
    index = _names(areas)
    if wanted in index:  # an area's own name or id wins over another file's place
        exact = index[wanted]
        own = [e for e in exact if e.kind == "area"]
        borders = [(e.label, e.group) for e in exact if e.kind == "border" and e.group]
        if borders and not own:
            return _across_a_border(typed, *borders[0], index)
        return _located(typed, own or exact)
    for words in COUNCIL_WORDS:  # "Portsmouth City Council": the area's own name and more
        base = wanted.removesuffix(f" {words}")
        own = [e for e in index.get(base, []) if e.kind == "area"]
        if base != wanted and own:
            return _located(typed, own)
    starts = [e for label in index if wanted and label.startswith(wanted) for e in index[label]]
    if starts:
        # The start of an area's own name answers when it means that area alone; the start
        # of a place never does ("stoke" is not Stoke Newington): it is offered instead.
        own = [e for e in starts if e.kind == "area"]
        if own and len({id(e.item) for e in starts}) == 1:
            return _located(typed, own[:1])
        candidates = sorted(shown_name(e, index) for e in _candidates(starts))
        if len(candidates) > 1:
            raise ThinkFamilyError(
                f"'{typed}' could be {either(candidates)}.", hint="Type more of the name."
            )
        raise NotFoundError(
            f"No contacts are known for '{typed}'.",
            hint=f"Did you mean {candidates[0]}? Type the whole name. {_LISTING}",
        )

    close = difflib.get_close_matches(wanted, list(index), n=3, cutoff=0.8)
    offered = sorted({shown_name(e, index) for c in close for e in index[c]})
    hint = f"Did you mean {either(offered)}? " if offered else ""
    raise NotFoundError(f"No contacts are known for '{typed}'.", hint=f"{hint}{_LISTING}")


# A full postcode: the district (outward code), a space or none, then the inward code.
_POSTCODE = re.compile(r"\s*([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\s*")


def postcode_district(typed: str) -> str | None:
    """The postcode district of a full postcode ("LS7 3AB" is in LS7); None for other text.
    The contacts are filed by district, the finest grain a source places in one council."""
    match = _POSTCODE.fullmatch(typed)
    return match[1].upper() if match else None


def _across_a_border(
    typed: str, label: str, group: Places, index: dict[str, list[_Name]]
) -> Located:
    """A place that lies in several councils answers with none of them alone: with every
    council it may be in, and the contacts of those the files cover."""

    authorities = []
    covered: list[LoadedArea] = []
    for authority in group.authorities:
        # A district council a file names as "Hart District" is "Hart" in other sources.
        entries = index.get(fold(authority)) or index.get(fold(f"{authority} District"), [])
        items = {id(e.item): e.item for e in entries if e.kind != "border"}
        item = next(iter(items.values())) if len(items) == 1 else None
        authorities.append((authority, item.area.name if item else None))
        if item is not None and all(c is not item for c in covered):
            covered.append(item)
    covered.sort(key=lambda i: i.area.name)
    return Located(covered, typed, "border", label, group, tuple(authorities))


def either(names: list[str], last: str = "or") -> str:
    """`A`, `A or B`, `A, B or C` (or with `last` "and": `A, B and C`)."""
    return f" {last} ".join([", ".join(names[:-1]), names[-1]] if names[2:] else names)


def area_id(typed: str) -> str:
    """The id an area's own name would have (`Isle of Wight` is `isle-of-wight`)."""

    return fold(typed).replace(" ", "-")


def is_all(typed: str) -> bool:
    return typed.strip().casefold() in ("all", "every", "everywhere")


def find_area(areas: list[LoadedArea], typed: str) -> LoadedArea:
    """The one area a name means (a partnership is refused: it names several)."""
    found = locate(areas, typed)
    if found.kind == "border":
        names = either(
            [a if area in (None, a) else f"{a} ({area})" for a, area in found.authorities]
        )
        raise ThinkFamilyError(
            f"'{typed}' crosses a boundary: it may be in {names}, not one area.",
            hint="Name the council the home is in.",
        )
    if len(found.items) > 1:
        names = either([i.area.name for i in found.items], "and")
        raise ThinkFamilyError(
            f"'{typed}' is a partnership of {names}, not one area.",
            hint=f"Name one of them, such as {found.items[0].area.name}.",
        )
    return found.items[0]


# --- which contacts, and in which order -------------------------------------------------


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


def out_of_hours_service(contact: Contact) -> bool:
    return "out-of-hours" in contact.topics or any(p.when == "out-of-hours" for p in contact.phones)


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


# --- office hours and now -----------------------------------------------------------------

# Where an area's front doors state no office hours: no office hours any file states
# begin before 08:00 or end after 18:00, so outside these it is out of hours everywhere.
WIDEST_OFFICE = ("08:00-18:00",)


def is_open(window: str, moment: datetime) -> bool:
    """Whether a window of office hours (`Mon-Thu 08:30-17:00`) covers a time in England."""
    match = re.fullmatch(OPEN_PATTERN, window)  # `re` keeps the compiled pattern
    if match is None:
        return False
    first, last, h1, m1, h2, m2 = match.groups()
    days = range(DAYS.index(first), DAYS.index(last or first) + 1) if first else range(5)
    minute = moment.hour * 60 + moment.minute
    return moment.weekday() in days and int(h1) * 60 + int(m1) <= minute < int(h2) * 60 + int(m2)


def office_windows(area: Area, audience: str | None = None) -> list[str]:
    """The office hours the area's safeguarding front doors state (for one audience)."""
    found: list[str] = []
    for contact in area.contacts:
        if "safeguarding" not in contact.topics or out_of_hours_service(contact):
            continue
        if audience and contact.for_ not in (audience, "both"):
            continue
        found += contact.open or ()
        found += [w for p in contact.phones if p.when == "office" for w in p.open or ()]
    return list(dict.fromkeys(found))


class Now(NamedTuple):
    """The time in England, and why it is out of hours for an area (None in office hours,
    or when the files state no office hours and it is a weekday)."""

    moment: datetime
    closed: str | None


def clock() -> datetime:
    """The time `contacts` takes as now (tests fix it to office hours)."""
    return dates.now()


def now_for(area: Area, audience: str | None, paths: Paths, moment: datetime | None = None) -> Now:
    """Whether it is out of hours now: a weekend, a time outside every office window the
    area's front doors state (for the audience, or else for either; where they state none,
    `WIDEST_OFFICE`), or a bank holiday in England. Every out-of-hours service in the files
    says it covers weekends and bank holidays."""
    local = dates.in_england(moment or clock())
    if local.weekday() >= len(DAYS):
        return Now(local, "a weekend")
    stated = office_windows(area, audience) or office_windows(area) or list(WIDEST_OFFICE)
    if not any(is_open(w, local) for w in stated):
        return Now(local, "outside office hours")
    holiday = dates.bank_holiday(local.date(), paths.cache / "bank-holidays.json")
    if holiday:
        return Now(local, f"a bank holiday ({holiday})")
    return Now(local, None)


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
