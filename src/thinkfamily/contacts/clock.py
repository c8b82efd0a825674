"""Office hours and now: whether it is out of hours in England for an area's front doors
(weekends and bank holidays included)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from thinkfamily import dates
from thinkfamily.models.contacts import (
    DAYS,
    OPEN_PATTERN,
    Area,
    Contact,
)
from thinkfamily.paths import Paths

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


def out_of_hours_service(contact: Contact) -> bool:
    return "out-of-hours" in contact.topics or any(p.when == "out-of-hours" for p in contact.phones)
