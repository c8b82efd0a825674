"""Contact area files (`contacts/*.yaml`): referral contacts, each citing its source."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import model_validator

from .common import Id, Invalid, Items, Model, Rule, Text, Topic, key

SHORT_NUMBERS = ("999", "101", "111")
# What `confirm: true` means, as every view of the contacts says it beside CHECK.
CHECK_WHY = "sources disagree or may be out of date"
# Geographic (01, 02), non-geographic (03), mobile (07), freephone and 0845 numbers.
_PREFIXES = ("01", "02", "03", "07", "0800", "0808", "0845")
_UK_DIGITS = 11


def canonical_phone(text: str) -> str:
    """A UK number in the one format the files use, e.g. `020 8356 5500`, `0113 376 0336`.

    Raises ValueError, naming what is wrong, for anything that is not a UK number of a
    known kind; nothing is guessed or completed.
    """
    digits = text.replace(" ", "")
    if digits in SHORT_NUMBERS:
        return digits
    if not digits.isdigit():
        msg = f"'{text}' is not a phone number: only digits and spaces are allowed"
        raise ValueError(msg)
    if len(digits) != _UK_DIGITS or not digits.startswith(_PREFIXES):
        msg = (
            f"'{text}' is not a UK number of a known kind: 999, 101, 111, or 11 digits "
            "starting 01, 02, 03, 07, 0800, 0808 or 0845"
        )
        raise ValueError(msg)
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits.startswith("01") and "1" in (digits[2], digits[3]):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"  # 0113, 0121 ...
    if digits.startswith(("01", "07")):
        return f"{digits[:5]} {digits[5:]}"
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}"


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
_DAY = "|".join(DAYS)
# Office hours as a machine reads them: weekdays and a time span, the source's hours
# (`hours`) in one fixed form. Weekends and bank holidays are never office hours.
OPEN_PATTERN = rf"(?:({_DAY})(?:-({_DAY}))? )?([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)"
Open = Annotated[
    Items[
        Annotated[
            str,
            Rule(
                pattern=OPEN_PATTERN,
                meaning="weekdays and times such as 'Mon-Thu 08:30-17:00' or '09:00-17:00'",
            ),
        ]
    ],
    Rule(min_length=1),
]


class Phone(Model):
    number: str
    who: Literal["any", "professionals", "public"] = "any"
    when: Literal["any", "office", "out-of-hours", "24h"] = "any"
    hours: Text | None = None  # the source's wording, where it gives this number's hours
    open: Open | None = None  # `hours` as weekday times, where the source gives them
    note: Text | None = None  # "option 2", "ask for the Eastern Safeguarding Team"

    @model_validator(mode="after")
    def _checked(self) -> Self:
        try:
            canonical = canonical_phone(self.number)
        except ValueError as exc:
            raise Invalid(str(exc), at=("number",)) from None
        if canonical != self.number:
            raise Invalid(f"write '{self.number}' as '{canonical}'", at=("number",))
        return self


class Provenance(Model):
    """Where a contact's details were read, and the date that page showed."""

    title: Text
    url: Text | None = None
    date: Annotated[
        str,
        Rule(
            pattern=r"undated|\d{4}(-\d{2}(-\d{2})?)?",
            meaning="a date such as 2026-01-05, 2026-01 or 2026, or 'undated'",
        ),
    ]
    ref: Text | None = None

    def cite(self, *, with_url: bool = False) -> str:
        where = f", {self.url}" if with_url and self.url else ""
        return f"{self.title} ({self.date}){where}"


class Contact(Model):
    service: Text
    for_: Literal["children", "adults", "both"] = key("for")
    topics: Annotated[Items[Topic], Rule(min_length=1)]
    hours: Text | None = None
    open: Open | None = None  # `hours` as weekday times, where the source gives them
    phones: Items[Phone] = ()
    email: Text | None = None
    form: Text | None = None
    web: Text | None = None
    confirm: bool = False
    # Why a service is listed for this area or audience although no page of its own
    # gives it there: a source's word that the service covers them. Shown with CHECK.
    cover: Text | None = None
    note: Text | None = None
    source: Provenance

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if not (self.phones or self.email or self.form or self.web):
            raise Invalid("a contact needs at least one of phones, email, form or web")
        if self.cover and not self.confirm:
            raise Invalid("a contact listed on another page's word (cover) needs confirm: true")
        return self


class NotFound(Model):
    """A service the contacts research looked for in the area and found no number for:
    said in the output, so that silence is never read as "there is none"."""

    what: Text  # "an out-of-hours number for adults"
    for_: Literal["children", "adults", "both"] = key("for")
    topics: Annotated[Items[Topic], Rule(min_length=1)]
    ref: Text  # where the search is recorded: "contacts research K8"


class Places(Model):
    """Names a caller may give, with the page that says where each one is.

    `place`: towns, districts, wards and postcode districts wholly in the area ("Southsea
    is in Portsmouth"). `name`: other names for the area or its council ("Pompey",
    "Hants"). `partnership`: a partnership the area is part of; the name answers for each
    of them. `border`: a place or postcode district that crosses into other authorities
    (`authorities`, as the source names them): it is never answered with one area.
    """

    kind: Literal["place", "name", "partnership", "border"]
    names: Annotated[Items[Text], Rule(min_length=1)]
    authorities: Items[Text] = ()
    source: Provenance

    @model_validator(mode="after")
    def _checked(self) -> Self:
        if self.kind == "border" and len(self.authorities) < 2:  # noqa: PLR2004 - a border has two sides
            raise Invalid(
                "a border place needs the two or more authorities it lies in", at=("authorities",)
            )
        if self.kind != "border" and self.authorities:
            raise Invalid("only a border place lists authorities", at=("authorities",))
        return self


class Body(Model):
    name: Text
    url: Text | None = None


class Area(Model):
    """One area's referral contacts, each citing where it came from."""

    id: Id
    name: Text
    aliases: Items[Text] = ()  # a local file's own other names; shipped files cite `places`
    places: Items[Places] = ()
    # Names left out on purpose, because places elsewhere share them: they stand in
    # `places` only with a qualifier ("Alton, Hampshire"), never alone.
    left_out: Items[Text] = ()
    children_partnership: Body
    adults_board: Body
    contacts: Annotated[Items[Contact], Rule(min_length=1)]
    not_found: Items[NotFound] = ()
