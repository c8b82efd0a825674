"""Pydantic models of the file formats: checklists, records and their parts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .scales import SCALE_ANSWERS, SKIPPED

Scale = Literal["reflect", "in-place", "present", "true-false", "text"]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
CaseRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Frozen):
    """Where a checklist, section or question comes from."""

    document: Text
    short: Text | None = None  # a few words for tables: "Leeds protocol, Appendix B"
    section: Text | None = None
    publisher: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: Text | None = None


class Question(_Frozen):
    """One question as the source words it, with how it is answered."""

    id: Id
    text: Text
    scale: Scale
    guidance: Text | None = None
    concern: tuple[str, ...] | None = None
    # true-false questions only: the right answer and why.
    answer: bool | None = None
    reason: Text | None = None
    source: Source | None = None
    # Who to refer to when the answer is a concern: the walk's end and the export
    # then show that audience's front door for the configured area.
    refer: tuple[Literal["children", "adults"], ...] = ()
    # A guide (`thinkfamily guide ID`) whose first paragraph `?` shows.
    guide: Id | None = None

    @field_validator("concern")
    @classmethod
    def _concern_in_scale(
        cls, value: tuple[str, ...] | None, info: ValidationInfo
    ) -> tuple[str, ...] | None:
        scale = info.data.get("scale")
        allowed = SCALE_ANSWERS.get(scale, ()) if isinstance(scale, str) else ()
        for word in value or ():
            if scale and word not in allowed:
                msg = f"'{word}' is not an answer of the {scale} scale ({', '.join(allowed)})"
                raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _check_scale_fields(self) -> Question:
        if self.scale == "true-false":
            if self.answer is None or self.reason is None:
                raise ValueError("a true-false question needs both 'answer' and 'reason'")
        elif self.answer is not None or self.reason is not None:
            raise ValueError("'answer' and 'reason' belong to true-false questions only")
        return self


class Section(_Frozen):
    id: Id
    title: Text
    intro: Text | None = None
    source: Source | None = None
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]


class CombinedRisk(_Frozen):
    """A note shown when several factors of a screen are present together."""

    min_present: int = Field(ge=2)
    note: Text
    source: Source


class Checklist(_Frozen):
    """A reflection checklist, self-assessment or screen, loaded from YAML."""

    id: Id
    title: Text
    audience: Literal["practitioner", "organisation", "training"]
    version: Text
    source: Source
    intro: Text | None = None
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    combined_risk: CombinedRisk | None = None


# --- records -------------------------------------------------------------------------

RECORD_SCHEMA: Literal["thinkfamily.record/1"] = "thinkfamily.record/1"


class Practitioner(_Frozen):
    name: str | None = None
    role: str | None = None
    organisation: str | None = None


class ChecklistRef(_Frozen):
    """Which checklist, and which version of its file, a record was made from."""

    id: str
    title: str
    version: str
    sha256: str
    source: str


class Answer(_Frozen):
    """One question's answer, with the question as it was asked, so records stand alone."""

    question_id: str
    section: str
    text: str
    scale: Scale
    answer: str
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
    refer: tuple[Literal["children", "adults"], ...] = ()


class Record(_Frozen):
    """One completed walk through a checklist, written once and never edited."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["thinkfamily.record/1"] = Field(default=RECORD_SCHEMA, alias="schema")
    id: str
    tool_version: str
    checklist: ChecklistRef
    started: AwareDatetime
    finished: AwareDatetime
    practitioner: Practitioner = Practitioner()
    area: str | None = None
    case: CaseRef | None = None
    answers: tuple[Answer, ...]
    reflection: str | None = None
    combined_risk_note: str | None = None

    @property
    def concerns(self) -> list[Answer]:
        return [a for a in self.answers if a.concern]

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.answer != SKIPPED)

    @property
    def refer(self) -> list[str]:
        """Who this record's concerns may need referring to: children, adults, or both."""
        wanted = {who for a in self.concerns for who in a.refer}
        return [who for who in ("children", "adults") if who in wanted]


# --- supervision ---------------------------------------------------------------------

SUPERVISION_SCHEMA: Literal["thinkfamily.supervision/1"] = "thinkfamily.supervision/1"


class AgreedAction(_Frozen):
    action: str
    by: str | None = None  # by when, as supervision wrote it


class SupervisionSession(_Frozen):
    """What one supervision discussion of a record decided."""

    date: str
    supervisor: str | None = None
    decisions: str | None = None
    actions: tuple[AgreedAction, ...] = ()
    recorded: AwareDatetime


class Supervision(_Frozen):
    """Supervision outcomes, kept beside a record and linked to it by id."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal["thinkfamily.supervision/1"] = Field(
        default=SUPERVISION_SCHEMA, alias="schema"
    )
    record_id: str
    sessions: tuple[SupervisionSession, ...]


# --- referral contacts ---------------------------------------------------------------

Topic = Literal[
    "safeguarding",
    "early-help",
    "out-of-hours",
    "mental-health",
    "domestic-abuse",
    "substance-misuse",
    "learning-disability",
    "police",
    "family-information",
    "carers",
    "housing",
]
SHORT_NUMBERS = ("999", "101", "111")
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


class Phone(_Frozen):
    number: str
    who: Literal["any", "professionals", "public"] = "any"
    when: Literal["any", "office", "out-of-hours", "24h"] = "any"
    hours: Text | None = None  # the source's wording, where it gives this number's hours
    note: Text | None = None  # "option 2", "ask for the Eastern Safeguarding Team"

    @field_validator("number")
    @classmethod
    def _canonical(cls, value: str) -> str:
        canonical = canonical_phone(value)
        if canonical != value:
            msg = f"write '{value}' as '{canonical}'"
            raise ValueError(msg)
        return value


class Provenance(_Frozen):
    """Where a contact's details were read, and the date that page showed."""

    title: Text
    url: Text | None = None
    date: Annotated[str, StringConstraints(pattern=r"^(undated|\d{4}(-\d{2}(-\d{2})?)?)$")]
    ref: Text | None = None


class Contact(_Frozen):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    service: Text
    for_: Literal["children", "adults", "both"] = Field(alias="for")
    topics: Annotated[tuple[Topic, ...], Field(min_length=1)]
    hours: Text | None = None
    phones: tuple[Phone, ...] = ()
    email: Text | None = None
    form: Text | None = None
    web: Text | None = None
    confirm: bool = False
    note: Text | None = None
    source: Provenance

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.phones or self.email or self.form or self.web):
            raise ValueError("a contact needs at least one of phones, email, form or web")
        return self


class Body(_Frozen):
    name: Text
    url: Text | None = None


class Area(_Frozen):
    """One area's referral contacts, each citing where it came from."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    children_partnership: Body
    adults_board: Body
    contacts: Annotated[tuple[Contact, ...], Field(min_length=1)]


# --- guides and glossary -------------------------------------------------------------


class GuideSource(_Frozen):
    document: Text
    section: Text


class Guide(_Frozen):
    """A short guide in the project's own words, citing where its facts come from."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    sources: Annotated[tuple[GuideSource, ...], Field(min_length=1)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=6000)]


class GlossaryEntry(_Frozen):
    term: Text
    aliases: tuple[Text, ...] = ()
    meaning: Text
    children: Text | None = None  # the children's workforce's word, where it differs
    adults: Text | None = None  # the adults' workforce's word
    source: Text


class Glossary(_Frozen):
    terms: Annotated[tuple[GlossaryEntry, ...], Field(min_length=1)]
