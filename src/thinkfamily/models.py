"""Every file format once: checklists, contacts, guides, glossary, drafts, records, supervision.

Each format is a plain dataclass, and what a file may hold is written beside its type
(`Annotated` with a `Rule`). `loading` reads these definitions to turn YAML or JSON
into objects, with every problem named by line and field, and to write JSON Schema;
nothing else describes a format. The answer scales and their words live here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypedDict

from . import __version__

# --- rules a value must follow (read by `loading`) -----------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """What a text or number must be, beyond its type.

    `strip` trims white space before the checks; `pattern` must match the whole text
    and `meaning` says in words what it asks for; `min_length` and `max_length` count
    characters of a text or items of a list; `ge` and `le` bound a number; `moment`
    asks for an ISO 8601 date and time with its offset.
    """

    strip: bool = False
    pattern: str | None = None
    meaning: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    ge: int | None = None
    le: int | None = None
    moment: bool = False  # a date and time with its offset, kept as written


def key(name: str, **kwargs: Any) -> Any:
    """A field written under another key in files (`for`, `schema`, which Python reserves)."""
    return field(metadata={"key": name}, **kwargs)


class Invalid(ValueError):  # noqa: N818 - a value error with the field it concerns
    """Raised by a model's own checks; `at` is the field it belongs to, if one."""

    def __init__(self, message: str, at: str | None = None) -> None:
        super().__init__(message)
        self.at = at


ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# A case reference is a pseudonymous code that becomes part of file names.
CASE_PATTERN = r"[A-Za-z0-9_-]{1,40}"
CASE_RULE = (
    "a pseudonymous code of up to 40 letters, digits, - and _ (such as ABC123), never a name"
)

Id = Annotated[
    str,
    Rule(
        pattern=ID_PATTERN,
        meaning="lower-case letters and digits, in words joined by single hyphens",
        max_length=64,
    ),
]
Text = Annotated[str, Rule(strip=True, min_length=1, max_length=4000)]
CaseRef = Annotated[str, Rule(pattern=CASE_PATTERN, meaning=CASE_RULE)]
# Times are kept as written (`2026-11-23T10:30:00Z`), so a file reads back unchanged.
Moment = Annotated[str, Rule(moment=True)]


def moment_text(when: datetime) -> str:
    """A time as records write it: ISO 8601 to the second, `Z` for UTC."""
    text = when.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def is_case_ref(text: str) -> bool:
    return re.fullmatch(CASE_PATTERN, text) is not None


# --- answer scales ------------------------------------------------------------------

Scale = Literal["reflect", "in-place", "present", "true-false", "text"]
Audience = Literal["children", "adults"]

# The stored answer words of each scale (design contract); `skipped` is valid for all.
SCALE_ANSWERS: dict[str, tuple[str, ...]] = {
    "reflect": ("yes", "partly", "no", "na"),
    "in-place": ("in-place", "partly", "not-in-place"),
    "present": ("present", "absent", "unknown"),
    "true-false": ("true", "false"),
    "text": ("answered",),
}
SKIPPED = "skipped"
REDACTED = "[redacted]"

# Answers worth taking to supervision when a question does not say otherwise.
DEFAULT_CONCERN: dict[str, tuple[str, ...]] = {
    "reflect": ("no", "partly"),
    "in-place": ("partly", "not-in-place"),
    "present": ("present",),
    "true-false": (),
    "text": (),
}

ANSWER_LABELS: dict[str, str] = {
    "yes": "yes",
    "partly": "partly",
    "no": "no",
    "na": "not applicable",
    "in-place": "in place",
    "not-in-place": "not in place",
    "present": "present",
    "absent": "not present",
    "unknown": "not known",
    "true": "true",
    "false": "false",
    "answered": "answered",
    SKIPPED: "skipped",
}
# Every answer word in the order reports list them.
ALL_WORDS = tuple(dict.fromkeys([w for ws in SCALE_ANSWERS.values() for w in ws] + [SKIPPED]))

# Other ways of writing an answer that the walk and answers files accept.
_SYNONYMS = {"reflect": {"n/a": "na", "not applicable": "na"}}


def answer_word(scale: str, text: str) -> str | None:
    """The stored word for what a user wrote: the word itself, its label, or a synonym."""
    typed = text.strip().lower()
    for word in SCALE_ANSWERS[scale]:
        if typed in (word, ANSWER_LABELS[word]):
            return word
    return _SYNONYMS.get(scale, {}).get(typed)


# --- checklists ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a checklist, section or question comes from."""

    document: Text
    short: Text | None = None  # a few words for tables: "Leeds protocol, Appendix B"
    section: Text | None = None
    publisher: Text | None = None
    year: Annotated[int, Rule(ge=1900, le=2100)] | None = None
    url: Text | None = None

    def cite(self) -> str:
        parts = [self.document]
        if self.section:
            parts.append(self.section)
        tail = ", ".join(str(p) for p in (self.publisher, self.year) if p)
        return ", ".join(parts) + (f" ({tail})" if tail else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
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
    refer: tuple[Audience, ...] = ()
    # A guide (`thinkfamily guide ID`) whose first paragraph `?` shows.
    guide: Id | None = None

    def __post_init__(self) -> None:
        allowed = SCALE_ANSWERS[self.scale]
        for word in self.concern or ():
            if word not in allowed:
                msg = f"'{word}' is not an answer of the {self.scale} scale ({', '.join(allowed)})"
                raise Invalid(msg, at="concern")
        if self.scale == "true-false":
            if self.answer is None or self.reason is None:
                raise Invalid("a true-false question needs both 'answer' and 'reason'")
        elif self.answer is not None or self.reason is not None:
            raise Invalid("'answer' and 'reason' belong to true-false questions only")

    @property
    def concern_answers(self) -> tuple[str, ...]:
        return DEFAULT_CONCERN[self.scale] if self.concern is None else self.concern

    @property
    def right_word(self) -> str:
        """A true-false question's right answer, as its stored word."""
        return str(self.answer).lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    id: Id
    title: Text
    intro: Text | None = None
    source: Source | None = None
    questions: Annotated[tuple[Question, ...], Rule(min_length=1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class CombinedRisk:
    """A note shown when several factors of a screen are present together."""

    min_present: Annotated[int, Rule(ge=2)]
    note: Text
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    """A reflection checklist, self-assessment or screen, loaded from YAML."""

    id: Id
    title: Text
    audience: Literal["practitioner", "organisation", "training"]
    version: Text
    source: Source
    intro: Text | None = None
    sections: Annotated[tuple[Section, ...], Rule(min_length=1)]
    combined_risk: CombinedRisk | None = None

    @property
    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)


# --- referral contacts --------------------------------------------------------------

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Phone:
    number: str
    who: Literal["any", "professionals", "public"] = "any"
    when: Literal["any", "office", "out-of-hours", "24h"] = "any"
    hours: Text | None = None  # the source's wording, where it gives this number's hours
    note: Text | None = None  # "option 2", "ask for the Eastern Safeguarding Team"

    def __post_init__(self) -> None:
        try:
            canonical = canonical_phone(self.number)
        except ValueError as exc:
            raise Invalid(str(exc), at="number") from None
        if canonical != self.number:
            raise Invalid(f"write '{self.number}' as '{canonical}'", at="number")


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    service: Text
    for_: Literal["children", "adults", "both"] = key("for")
    topics: Annotated[tuple[Topic, ...], Rule(min_length=1)]
    hours: Text | None = None
    phones: tuple[Phone, ...] = ()
    email: Text | None = None
    form: Text | None = None
    web: Text | None = None
    confirm: bool = False
    note: Text | None = None
    source: Provenance

    def __post_init__(self) -> None:
        if not (self.phones or self.email or self.form or self.web):
            raise Invalid("a contact needs at least one of phones, email, form or web")


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    name: Text
    url: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """One area's referral contacts, each citing where it came from."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    children_partnership: Body
    adults_board: Body
    contacts: Annotated[tuple[Contact, ...], Rule(min_length=1)]


# --- guides and glossary ------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GuideSource:
    document: Text
    section: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Guide:
    """A short guide in the project's own words, citing where its facts come from."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    sources: Annotated[tuple[GuideSource, ...], Rule(min_length=1)]
    body: Annotated[str, Rule(min_length=1, max_length=6000)]

    @property
    def first_paragraph(self) -> str:
        return " ".join(self.body.strip().split("\n\n", 1)[0].split())


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossaryEntry:
    term: Text
    aliases: tuple[Text, ...] = ()
    meaning: Text
    children: Text | None = None  # the children's workforce's word, where it differs
    adults: Text | None = None  # the adults' workforce's word
    source: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Glossary:
    terms: Annotated[tuple[GlossaryEntry, ...], Rule(min_length=1)]


# --- drafts -------------------------------------------------------------------------


class Given(TypedDict, total=False):
    """One question's answer as typed, in a draft or an answers file."""

    answer: str
    note: str
    action: str
    currently_in_place: str  # in-place areas: the two free-text fields
    more_could_be_in_place: str
    response: str  # text questions: what was written


# The free-text fields of an answer: what identifiers are looked for in and redacted from.
TEXT_FIELDS = ("note", "action", "currently_in_place", "more_could_be_in_place", "response")

DRAFT_SCHEMA = "thinkfamily.draft/1"


@dataclass
class Draft:
    """A walk in progress, saved after every answer so that nothing typed is lost."""

    checklist_id: str
    sha256: str
    version: str
    started: str
    case: str | None = None
    answers: dict[str, Given] = field(default_factory=dict)
    current: str | None = None  # the question to ask next; None once all are asked
    reflection: str | None = None
    questions: dict[str, str] = field(default_factory=dict)  # id -> text when saved
    schema_: Literal["thinkfamily.draft/1"] = key("schema", default=DRAFT_SCHEMA)


# --- records ------------------------------------------------------------------------

RECORD_SCHEMA = "thinkfamily.record/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Practitioner:
    name: str | None = None
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChecklistRef:
    """Which checklist, and which version of its file, a record was made from."""

    id: str
    title: str
    version: str
    sha256: str
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
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
    refer: tuple[Audience, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One completed walk through a checklist, written once and never edited."""

    schema_: Literal["thinkfamily.record/1"] = key("schema", default=RECORD_SCHEMA)
    id: str
    tool_version: str
    checklist: ChecklistRef
    started: Moment
    finished: Moment
    practitioner: Practitioner = Practitioner()
    area: str | None = None
    case: CaseRef | None = None
    answers: tuple[Answer, ...]
    reflection: str | None = None
    combined_risk_note: str | None = None

    @property
    def started_at(self) -> datetime:
        return datetime.fromisoformat(self.started)

    @property
    def finished_at(self) -> datetime:
        return datetime.fromisoformat(self.finished)

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

    @classmethod
    def from_draft(
        cls,
        checklist: Checklist,
        draft: Draft,
        *,
        sha256: str,
        settings: dict[str, str],
        finished: datetime,
        record_id: str,
    ) -> Record:
        """The record a finished draft makes: every question, answered or skipped."""
        answers = []
        present = 0
        for section, question in checklist.questions:
            given = draft.answers.get(question.id, {})
            word = given.get("answer", SKIPPED)
            present += word == "present"
            answers.append(
                Answer(
                    question_id=question.id,
                    section=section.title,
                    text=question.text,
                    scale=question.scale,
                    answer=word,
                    concern=word in question.concern_answers,
                    note=given.get("note"),
                    action=given.get("action"),
                    currently_in_place=given.get("currently_in_place"),
                    more_could_be_in_place=given.get("more_could_be_in_place"),
                    response=given.get("response"),
                    correct=(word == question.right_word)
                    if question.scale == "true-false" and word != SKIPPED
                    else None,
                    refer=question.refer,
                )
            )
        combined = checklist.combined_risk
        note = (
            f"{combined.note} ({combined.source.cite()})"
            if combined and present >= combined.min_present
            else None
        )
        return cls(
            id=record_id,
            tool_version=__version__,
            checklist=ChecklistRef(
                id=checklist.id,
                title=checklist.title,
                version=checklist.version,
                sha256=sha256,
                source=checklist.source.cite(),
            ),
            started=moment_text(datetime.fromisoformat(draft.started)),
            finished=moment_text(finished),
            practitioner=Practitioner(
                name=settings.get("name"),
                role=settings.get("role"),
                organisation=settings.get("organisation"),
            ),
            area=settings.get("area"),
            case=draft.case,
            answers=tuple(answers),
            reflection=draft.reflection,
            combined_risk_note=note,
        )

    def with_id(self, record_id: str) -> Record:
        return replace(self, id=record_id)


def record_stem(when: datetime, checklist_id: str, case: str | None, n: int = 1) -> str:
    """A record's id, which is also its file name: finishing time (UTC), checklist, case."""
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = f"-{n}" if n > 1 else ""
    return f"{stamp}{suffix}_{checklist_id}" + (f"_{case}" if case else "")


# 20261123T163012Z[-2]_practitioner[_ABC123]: time (UTC), checklist, case.
RECORD_NAME = re.compile(
    rf"(?P<stamp>\d{{8}}T\d{{6}}Z)(?:-(?P<n>\d+))?_(?P<checklist>{ID_PATTERN})"
    rf"(?:_(?P<case>{CASE_PATTERN}))?"
)


# --- supervision --------------------------------------------------------------------

SUPERVISION_SCHEMA = "thinkfamily.supervision/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreedAction:
    action: str
    by: str | None = None  # by when, as supervision wrote it


@dataclass(frozen=True, slots=True, kw_only=True)
class SupervisionSession:
    """What one supervision discussion of a record decided."""

    date: str
    supervisor: str | None = None
    decisions: str | None = None
    actions: tuple[AgreedAction, ...] = ()
    recorded: Moment


@dataclass(frozen=True, slots=True, kw_only=True)
class Supervision:
    """Supervision outcomes, kept beside a record and linked to it by id."""

    schema_: Literal["thinkfamily.supervision/1"] = key("schema", default=SUPERVISION_SCHEMA)
    record_id: str
    sessions: tuple[SupervisionSession, ...]


# --- settings -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """The practitioner's settings (config.toml); every one is optional."""

    name: (
        Annotated[str, Rule(meaning="your name, as it should appear on records and summaries")]
        | None
    ) = None
    role: Annotated[str, Rule(meaning="your role, e.g. health visitor")] | None = None
    organisation: Annotated[str, Rule(meaning="the organisation you work for")] | None = None
    area: (
        Annotated[str, Rule(meaning="your default area for referral contacts, e.g. Hackney")] | None
    ) = None
    watch_names: Annotated[
        tuple[str, ...],
        Rule(meaning="names to look for in notes before a record is saved, comma-separated"),
    ] = ()
