"""Every shipped contact proved against the research row (or guidance line) it cites.

For a contact citing `contacts research K1, K3`, the rows K1 and K3 of
../shared/contacts-research.md must: belong to the contact's area (or be shared rows);
name the service; serve the same audience; give each phone number, the email and the
source's web address; back each number's hours label (office, out of hours, 24 hours);
and show the date the contact gives (or no date, for `undated`). A contact citing the
Leeds protocol's Appendix A or the City & Hackney contact list is checked against the
line of that document that gives its number. Every number named in a conflict of the
research carries `confirm: true`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest

from thinkfamily.catalog import parse_area
from thinkfamily.models.contacts import OPEN_PATTERN, Contact

from .conftest import REPO, SOURCES
from .test_contacts import RESEARCH, SHIPPED, numbers_given

pytestmark = pytest.mark.skipif(
    not RESEARCH.is_file(), reason="the contacts research is not beside the repo"
)

# Which rows are an area's own: its letter, and the shared rows (X) of the HIPS areas;
# the City of London and Hackney share services, and cite each other's rows.
ROW_LETTERS = {
    "leeds": "L",
    "city-of-london": "CK",
    "hackney": "KC",
    "hampshire": "HX",
    "isle-of-wight": "WX",
    "portsmouth": "PX",
    "southampton": "SX",
}
# Words of a service name that say nothing of which service it is.
_COMMON = {
    "service", "services", "team", "line", "with", "from", "for", "and", "the", "only",
    "including", "details", "public", "people", "their", "own",
    "leeds", "hackney", "city", "london", "hampshire", "isle", "wight", "portsmouth",
    "southampton", "council", "county",
}  # fmt: skip
_MONTHS = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
]  # fmt: skip


@dataclass(frozen=True)
class Row:
    id: str
    service: str
    audience: str
    hours: str
    phone: str
    other: str
    url: str
    note: str

    @property
    def text(self) -> str:
        return " | ".join(map(str, self.__dict__.values()))


@cache
def rows() -> dict[str, Row]:
    found: dict[str, Row] = {}
    for line in RESEARCH.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and re.fullmatch(r"[A-Z]\d{1,2}", cells[0]):
            found[cells[0]] = Row(*cells)
    for row_id, row in found.items():  # "same URL as K1"
        if match := re.fullmatch(r"same URL as ([A-Z]\d{1,2})", row.url):
            found[row_id] = Row(**{**row.__dict__, "url": found[match[1]].url})
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _COMMON}


def _dates(text: str) -> set[tuple[int, ...]]:
    """Every date a row's note shows, as (year,), (year, month) and (year, month, day)."""
    found: set[tuple[int, ...]] = set()
    lowered = text.lower()
    for a, b, year in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", lowered):
        found |= {(int(year), int(b), int(a)), (int(year), int(a), int(b))}  # either order
    for day, month, year in re.findall(r"\b(\d{1,2}) ([a-z]{3})[a-z]* (\d{4})\b", lowered):
        if month in _MONTHS:
            found.add((int(year), _MONTHS.index(month) + 1, int(day)))
    for month, day, year in re.findall(r"\b([a-z]{3})[a-z]* (\d{1,2}),? (\d{4})\b", lowered):
        if month in _MONTHS:
            found.add((int(year), _MONTHS.index(month) + 1, int(day)))
    for year, month, day in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered):
        found.add((int(year), int(month), int(day)))
    found |= {date[:2] for date in found} | {date[:1] for date in found}
    found |= {(int(y),) for y in re.findall(r"\b((?:19|20)\d{2})\b", lowered)}
    return found


def _undated(text: str) -> bool:
    lowered = text.lower()
    # "probably 2021" is the researcher's guess, not a date the page shows
    words = ("undated", "no stamp", "no year shown", "probably", "same date caveat")
    return any(w in lowered for w in words)


def _hours_backed(when: str, text: str) -> bool:
    lowered = text.lower()
    if when == "out-of-hours":
        return bool(re.search(r"out[- ]of[- ]hours|outside|overnight|all other times|out of "
                              r"office|weekends|nights", lowered))  # fmt: skip
    if when == "24h":  # "24h", "24/7", "24 hours a day", "at any time"; not 0113 1224
        return bool(re.search(r"(?<!\d)24\s*(?:h\b|hours|/\s*7)|any time", lowered))
    if when == "office":
        return bool(
            re.search(r"(?<!outside )(?<!out of )office|\d ?am|monday|mon\W|weekdays", lowered)
        )
    return True


def _hours_of(row: Row, number: str) -> str:
    """What a row says of one number's hours: where its hours cell names the number, the
    words from it to the next number ("0113 535 0003 (8:30am to 5pm, Monday to Friday)";
    the next number's "(for emergencies on weekends...)" is not this one's); else the
    row's hours and phone cells."""
    runs = list(re.finditer(r"\d(?:[ \u00a0]?\d)*", row.hours))
    at = [i for i, m in enumerate(runs) if _digits(m[0]) == _digits(number)]
    if not at:
        return f"{row.hours} {row.phone}"
    start = runs[at[0]].end()
    later = [m.start() for m in runs[at[0] + 1 :] if len(_digits(m[0])) >= 10]
    return row.hours[start : later[0] if later else len(row.hours)]


def _audience_backed(for_: str, audience: str) -> bool:
    """A row for both backs a contact for both only; "children/families" backs children."""
    lowered = audience.lower()
    if for_ == "both":
        return "both" in lowered or ("child" in lowered and "adult" in lowered)
    if "both" in lowered:
        return False
    return for_[:-1] in lowered or (for_ == "children" and "famil" in lowered)


def _cited(contact: Contact) -> list[Row]:
    ref = contact.source.ref or ""
    ids = re.findall(r"\b([A-Z]\d{1,2})\b", ref)
    assert ids, ref
    return [rows()[i] for i in ids]


CONTACTS = [(path.stem, contact) for path in SHIPPED for contact in parse_area(path).contacts]
FROM_RESEARCH = [
    (a, c) for a, c in CONTACTS if (c.source.ref or "").startswith("contacts research")
]
FROM_GUIDANCE = [(a, c) for a, c in CONTACTS if (a, c) not in FROM_RESEARCH]


@pytest.mark.parametrize(
    ("area", "contact"), FROM_RESEARCH, ids=[f"{a}: {c.service}" for a, c in FROM_RESEARCH]
)
def test_a_contact_is_what_its_rows_say(area: str, contact: Contact) -> None:
    cited = _cited(contact)
    text = " ".join(r.text for r in cited)
    assert [r.id for r in cited if r.id[0] not in ROW_LETTERS[area]] == [], "another area's row"
    named = " ".join(f"{r.service} {r.hours} {r.phone} {r.other}" for r in cited)
    assert _words(contact.service) & _words(named), "service"
    assert any(_audience_backed(contact.for_, r.audience) for r in cited), "audience"
    for phone in contact.phones:
        assert _digits(phone.number) in _digits(text), phone.number
        if phone.when != "any":  # every row that gives this number's hours must back the label
            giving = [r for r in cited if _digits(phone.number) in _digits(r.phone + r.hours)]
            stated = [r for r in giving if r.hours.lower() not in ("not stated", "\u2013", "-", "")]
            assert stated, (phone.number, phone.when, "no row states its hours")
            wrong = [
                r.id for r in stated if not _hours_backed(phone.when, _hours_of(r, phone.number))
            ]
            assert wrong == [], (phone.number, phone.when)
    if contact.email:
        guidance = (SOURCES / GUIDANCE["contact list"]).read_text(encoding="utf-8")
        where = text + (guidance if "contact list" in (contact.source.ref or "") else "")
        assert contact.email.lower() in where.lower(), contact.email
    if contact.source.url:
        assert contact.source.url in {r.url for r in cited} or contact.source.url in text
    notes = " ".join(r.note for r in cited)
    if contact.source.date == "undated":
        assert any(_undated(r.note) for r in cited), f"dated in its rows: {notes}"
    else:
        shown = tuple(int(p) for p in contact.source.date.split("-"))
        assert shown in _dates(notes + " " + " ".join(r.url for r in cited)), notes


GUIDANCE = {
    "contact list": "city-hackney-think-family-guidance.txt",
    "Appendix A": "leeds-think-family-work-family-protocol.txt",
}


@pytest.mark.parametrize(
    ("area", "contact"), FROM_GUIDANCE, ids=[f"{a}: {c.service}" for a, c in FROM_GUIDANCE]
)
def test_a_contact_from_the_guidance_is_what_its_line_says(area: str, contact: Contact) -> None:
    ref = contact.source.ref or ""
    names = [file for key, file in GUIDANCE.items() if key in ref]
    assert len(names) == 1, ref
    lines = (SOURCES / names[0]).read_text(encoding="utf-8").splitlines()
    assert contact.source.date == "undated"  # neither document carries a date
    for phone in contact.phones:
        if phone.number in ("999", "101"):
            continue
        (line,) = [t for t in lines if _digits(phone.number) in numbers_given(t)][:1]
        assert _words(contact.service) & _words(line), (phone.number, line)


def _conflict_numbers() -> set[str]:
    text = RESEARCH.read_text(encoding="utf-8").split("## Conflicts", 1)[1].split("\n## ", 1)[0]
    numbers = re.findall(r"\b0\d{2,4}[ \d]{6,10}\d\b", text)
    return {_digits(n) for n in numbers}


def test_every_number_in_a_conflict_carries_confirm() -> None:
    conflicted = _conflict_numbers()
    unflagged = [
        (area, c.service, p.number)
        for area, c in CONTACTS
        for p in c.phones
        if _digits(p.number) in conflicted and not c.confirm
    ]
    assert unflagged == []


# --- who a number is for, its web page, and its opening windows -----------------------

_LABEL = re.compile(r"professional|public", re.IGNORECASE)


def _label(words: list[str]) -> str | None:
    return None if not words else ("public" if words[-1].lower() == "public" else "professionals")


def _label_of(row: Row, number: str) -> str | None:
    """Who a row says a number is for: the last label before the number in its phone
    cell, else the first label of its service cell, else the one label its phone and
    email cells name."""
    runs = [m for m in re.finditer(r"\d(?:[ \u00a0]?\d)*", row.phone) if _digits(m[0]) == number]
    before = row.phone[: runs[0].start()] if runs else ""
    found = _label(_LABEL.findall(before)) or _label(_LABEL.findall(row.service)[:1])
    rest = {w.lower() for w in _LABEL.findall(f"{row.phone} {row.other}")}
    return found or (_label(list(rest)) if len(rest) == 1 else None)


@pytest.mark.parametrize(
    ("area", "contact"),
    [(a, c) for a, c in FROM_RESEARCH if any(p.who != "any" for p in c.phones)],
    ids=[f"{a}: {c.service}" for a, c in FROM_RESEARCH if any(p.who != "any" for p in c.phones)],
)
def test_who_a_number_is_for_is_what_its_rows_say(area: str, contact: Contact) -> None:
    cited = _cited(contact)
    for phone in (p for p in contact.phones if p.who != "any"):
        giving = [r for r in cited if _digits(phone.number) in numbers_given(r.phone).split()]
        said = {_label_of(r, _digits(phone.number)) for r in giving} - {None}
        assert said == {phone.who}, (phone.number, phone.who, [r.id for r in giving])


@pytest.mark.parametrize(
    ("area", "contact"),
    [(a, c) for a, c in CONTACTS if c.web],
    ids=[f"{a}: {c.service}" for a, c in CONTACTS if c.web],
)
def test_a_web_address_is_one_its_rows_give(area: str, contact: Contact) -> None:
    assert (contact.source.ref or "").startswith("contacts research"), "web from a row only"
    assert contact.web in " ".join(r.text for r in _cited(contact))


_DAY_NAMES = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip


def _minutes(hour: str, minute: str | None, half: str | None) -> int:
    value = int(hour) % 12 + (12 if half and half.lower() == "pm" else 0) if half else int(hour)
    return value * 60 + int(minute or 0)


_DAY = r"(mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_TIME = r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)\b|\b([01]\d|2[0-3]):([0-5]\d)\b"


def _days_in(text: str) -> set[int]:
    """The weekdays a text names: ranges ("Monday to Thursday", "Mon-Fri"), single days,
    "weekdays"."""
    lowered = text.lower()
    days: set[int] = set()
    for first, last in re.findall(rf"\b{_DAY}\s*(?:to|-|\u2013)\s*{_DAY}", lowered):
        days |= set(range(_DAY_NAMES[first], _DAY_NAMES[last] + 1))
    days |= {_DAY_NAMES[d] for d in re.findall(rf"\b{_DAY}", lowered)}
    if "weekday" in lowered:
        days |= set(range(5))
    return days


def _times_in(text: str) -> list[int]:
    found = []
    for h, m, half, h24, m24 in re.findall(_TIME, text, re.IGNORECASE):
        found.append(_minutes(h, m, half) if half else int(h24) * 60 + int(m24))
    return found


def _stated_hours(text: str) -> dict[int, tuple[int, int]]:
    """Each weekday's opening and closing time, as an hours text states them: parts with
    two times set the days they name (the working week when they name none); a part with
    one time after "from" or "until" changes only that end ("except Wednesdays when we're
    open from 10am"). A part with no time belongs with the part beside it."""
    parts = [p for p in re.split(r"[,;]\s*", text) if p.strip()]
    merged: list[str] = []
    carry = ""
    for part in parts:
        if not _times_in(part):
            if merged:
                merged[-1] += f" {part}"
            else:
                carry += f" {part}"
            continue
        merged.append(f"{carry} {part}")
        carry = ""
    week: dict[int, tuple[int, int]] = {}
    for part in merged:
        times, days = _times_in(part), _days_in(part) or set(range(5))
        for day in days:
            if len(times) >= 2:  # an opening and a closing time
                week[day] = (times[0], times[1])
            elif day in week and re.search(r"\bfrom\b", part, re.IGNORECASE):
                week[day] = (times[0], week[day][1])
            elif day in week:
                week[day] = (week[day][0], times[0])
    return week


def _window_hours(windows: tuple[str, ...]) -> dict[int, tuple[int, int]]:
    week: dict[int, tuple[int, int]] = {}
    for window in windows:
        match = re.fullmatch(OPEN_PATTERN, window)
        assert match, window
        first, last, h1, m1, h2, m2 = match.groups()
        start = _DAY_NAMES[first.lower()] if first else 0
        end = _DAY_NAMES[(last or first).lower()] if first else 4
        for day in range(start, end + 1):
            week[day] = (int(h1) * 60 + int(m1), int(h2) * 60 + int(m2))
    return week


OPENING = [
    (area, contact.service, owner.open, owner.hours or "", contact)
    for area, contact in CONTACTS
    for owner in (contact, *contact.phones)
    if owner.open
]


@pytest.mark.parametrize(
    ("area", "service", "windows", "hours", "contact"),
    OPENING,
    ids=[f"{a}: {s} {w}" for a, s, w, _, _ in OPENING],
)
def test_opening_windows_say_what_the_hours_text_says(
    area: str, service: str, windows: tuple[str, ...], hours: str, contact: Contact
) -> None:
    """Each weekday's window opens and closes when the hours text says, no day more or
    fewer; and each time the hours text states is in a row the contact cites."""
    text = hours or " ".join(r.hours for r in _cited(contact))
    assert _window_hours(windows) == _stated_hours(text), text
    if hours and any(c is contact for _, c in FROM_RESEARCH):
        rows = " ".join(f"{r.hours} {r.phone} {r.note}" for r in _cited(contact))
        assert set(_times_in(hours)) <= set(_times_in(rows)), hours


def _every_number(text: str) -> str:
    return numbers_given(text)


_SOURCED = (
    _every_number(
        RESEARCH.read_text(encoding="utf-8")
        + "".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt")))
    )
    if RESEARCH.is_file() and SOURCES.is_dir()
    else ""
)
_IN_A_NOTE = re.compile(r"(?<![\d.])\(?0\d[\d\s()\-]{8,16}\d(?!\d)")


@pytest.mark.parametrize(
    ("area", "contact"), CONTACTS, ids=[f"{a}: {c.service}" for a, c in CONTACTS]
)
def test_a_number_in_a_note_is_one_a_source_gives(area: str, contact: Contact) -> None:
    """A note's other numbers ("older pages give 07712 106378") stand in the research or
    the guidance, digit for digit, as the contact's own numbers do."""
    notes = " ".join(filter(None, [contact.note, *(p.note for p in contact.phones)]))
    stray = [n for n in _IN_A_NOTE.findall(notes) if _digits(n) not in _SOURCED.split()]
    assert stray == []


@pytest.mark.parametrize(
    ("area", "contact"), FROM_GUIDANCE, ids=[f"{a}: {c.service}" for a, c in FROM_GUIDANCE]
)
def test_a_number_from_the_guidance_alone_carries_confirm(area: str, contact: Contact) -> None:
    """An undated guidance document is the only source of these numbers unless a page the
    research read gives them too: then the contact says to check it."""
    research = numbers_given(RESEARCH.read_text(encoding="utf-8")).split()
    alone = [p.number for p in contact.phones if p.number not in NATIONAL_NUMBERS]
    alone = [n for n in alone if _digits(n) not in research]
    assert not alone or contact.confirm, alone


NATIONAL_NUMBERS = ("999", "101", "111")


def _found_none(row: Row) -> bool:
    """A row whose phone cell says, in bold, that no number was found or seen."""
    return bool(re.search(r"\*\*no\b[^*]*\b(found|seen)\b", row.phone, re.IGNORECASE))


GAPS = [r for r in rows().values() if _found_none(r)] if RESEARCH.is_file() else []


@pytest.mark.parametrize("row", GAPS, ids=[r.id for r in GAPS])
def test_every_row_that_found_no_number_is_said_by_its_area(row: Row) -> None:
    """What the research looked for and found no number for is said, by a "not found" of
    the area (or a contact that gives its form or page instead), for the row's audience:
    silence must never read as "there is none"."""
    areas = [a for a, letters in ROW_LETTERS.items() if letters[0] == row.id[0]]
    cites = re.compile(rf"\b{row.id}\b")
    said = [
        (a, n.for_)
        for a in areas
        for n in parse_area(REPO / "contacts" / f"{a}.yaml").not_found
        if cites.search(n.ref)
    ]
    said += [
        (a, c.for_) for a, c in FROM_RESEARCH if a in areas and cites.search(c.source.ref or "")
    ]
    assert said, row.id
    assert any(
        _audience_backed(for_, row.audience) or row.audience in ("\u2013", "-") for _, for_ in said
    ), (row.id, said)


HOURS = [
    (area, contact, owner)
    for area, contact in FROM_RESEARCH
    for owner in (contact, *contact.phones)
    if owner.hours and _times_in(owner.hours)
]


@pytest.mark.parametrize(
    ("area", "contact", "owner"),
    HOURS,
    ids=[f"{a}: {c.service} {o.hours}" for a, c, o in HOURS],
)
def test_an_hours_text_gives_each_weekday_the_hours_its_row_does(
    area: str, contact: Contact, owner: object
) -> None:
    """An hours text and its window changed together still fail: each weekday opens and
    closes as a cited row says (for a number's own hours, what the row says of it)."""
    mine = _stated_hours(str(getattr(owner, "hours", "")))
    number = getattr(owner, "number", None)
    said = [
        _stated_hours(_hours_of(r, number) if number else r.hours)
        for r in _cited(contact)
        if _times_in(r.hours)
    ]
    assert mine in said, said


def _stale(row: Row) -> bool:
    """A row whose page may be out of date: marked COVID-era, superseded, old or a staging
    copy, or dated 2021 or before."""
    text = f"{row.note} {row.url}".lower()
    if re.search(r"covid|coronavirus|lockdown|superseded|may be outdated|staging|\bold\b", text):
        return True
    if row.note.lower().startswith("undated"):
        return False
    years = [d[0] for d in _dates(text)]
    return bool(years) and max(years) <= 2021


@pytest.mark.parametrize(
    ("area", "contact"), FROM_RESEARCH, ids=[f"{a}: {c.service}" for a, c in FROM_RESEARCH]
)
def test_a_contact_only_old_pages_give_carries_confirm(area: str, contact: Contact) -> None:
    """Where every page behind a contact may be out of date (a 2020 news item, a COVID-era
    page), it says to check the number (a mutation test's finding: confirm removed from
    NightOwls and from Hampshire's adult line slipped)."""
    assert not all(_stale(r) for r in _cited(contact)) or contact.confirm


@pytest.mark.parametrize(
    ("area", "contact"), FROM_RESEARCH, ids=[f"{a}: {c.service}" for a, c in FROM_RESEARCH]
)
def test_a_number_whose_row_states_its_hours_carries_them(area: str, contact: Contact) -> None:
    """A number a row gives alone, or names in its hours, with hours stated (office, out of
    hours, 24 hours) says when it is open: at night "hours not stated" must never stand for
    a number whose row says it is the out-of-hours line (a mutation test's finding)."""
    unlabelled = []
    for phone in (
        p for p in contact.phones if p.when == "any" and p.number not in NATIONAL_NUMBERS
    ):
        for row in _cited(contact):
            named = _digits(phone.number) in numbers_given(row.hours).split()
            alone = numbers_given(row.phone).split() == [_digits(phone.number)]
            if row.hours.strip().lower() in ("not stated", "\u2013", "-", "") or not (
                named or alone
            ):
                continue
            said = _hours_of(row, phone.number) if named else row.hours
            if any(_hours_backed(w, said) for w in ("out-of-hours", "24h")):
                unlabelled.append((phone.number, row.id))
    assert unlabelled == []
