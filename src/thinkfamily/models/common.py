"""What every file format is built from: the base model, the rules a value must follow,
and the answer scales.

Each format is a pydantic model in one module of this package, and what a file may
hold is written beside its type (`Annotated` with a `Rule`). pydantic reads these
definitions to turn YAML or JSON into objects, to write them back and to give their
JSON Schema (through `convert`); nothing else describes a format.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .scale import SCALES


class Model(BaseModel):
    """A file format: written once (frozen), and refusing keys it does not know.

    Values are taken as they are written, never coerced: `"3"` is not a number, `yes`
    is not true.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, defer_build=True)


T = TypeVar("T")
# A list in a file, kept as a tuple; a list in the data is accepted as one.
Items = Annotated[tuple[T, ...], Strict(strict=False)]


@dataclass(frozen=True)
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

    def check(self, value: Any) -> Any:
        """`value`, stripped if the rule says so; a pydantic error saying what it breaks."""
        if self.strip and isinstance(value, str):
            value = value.strip()
        problem = self.broken(value)
        if problem:
            raise PydanticCustomError("rule", "{problem}", {"problem": problem})
        return value

    def broken(self, value: Any) -> str | None:  # noqa: PLR0911 - one branch per rule
        """What `value` breaks of this rule, or None."""
        sized = isinstance(value, (str, tuple))
        unit = "characters" if isinstance(value, str) else "items"
        if self.min_length is not None and sized and len(value) < self.min_length:
            if self.min_length == 1:
                return "must not be empty"
            return f"must have at least {self.min_length} {unit}"
        if self.max_length is not None and sized and len(value) > self.max_length:
            return f"must have at most {self.max_length} {unit}"
        if (
            self.pattern is not None
            and isinstance(value, str)
            and not _compiled(self.pattern).fullmatch(value)
        ):
            return f"must be {self.meaning}, not {value!r}"
        if self.ge is not None and isinstance(value, int) and value < self.ge:
            return f"must be at least {self.ge}"
        if self.le is not None and isinstance(value, int) and value > self.le:
            return f"must be at most {self.le}"
        if self.moment and isinstance(value, str) and not is_moment(value):
            return (
                "must be a date and time with its offset, such as 2026-11-23T10:30:00Z, "
                f"not {value!r}"
            )
        return None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        lengths = (
            ("minItems", "maxItems") if out.get("type") == "array" else ("minLength", "maxLength")
        )
        for name, value in (
            (lengths[0], self.min_length),
            (lengths[1], self.max_length),
            ("pattern", self.pattern and f"^(?:{self.pattern})$"),
            ("format", "date-time" if self.moment else None),
            ("minimum", self.ge),
            ("maximum", self.le),
            ("description", self.meaning),
        ):
            if value is not None:
                out[name] = value
        return out


_compiled = functools.cache(re.compile)


def key(name: str, **kwargs: Any) -> Any:
    """A field written under another key in files (`for`, `schema`, which Python reserves)."""
    return Field(alias=name, **kwargs)


class Invalid(ValueError):  # noqa: N818 - a value error with the field it concerns
    """Raised by a model's own checks; `at` is the path of the field it belongs to."""

    def __init__(self, message: str, at: tuple[str, ...] = ()) -> None:
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
# Times are kept as written (`2026-11-23T10:30:00Z`), so a file reads back unchanged;
# only this one ISO 8601 form, with its offset, is accepted.
MOMENT_PATTERN = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})"
Moment = Annotated[str, Rule(moment=True)]


def is_moment(text: str) -> bool:
    """Whether `text` is an ISO 8601 date and time with its offset, as records write them."""
    if not _compiled(MOMENT_PATTERN).fullmatch(text):
        return False
    try:
        return datetime.fromisoformat(text).utcoffset() is not None
    except ValueError:  # a month 13, a 30 February
        return False


def moment_text(when: datetime) -> str:
    """A time as records write it: ISO 8601 to the second, `Z` for UTC."""
    text = when.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def is_case_ref(text: str) -> bool:
    return re.fullmatch(CASE_PATTERN, text) is not None


# --- answer scales ------------------------------------------------------------------

Audience = Literal["children", "adults"]
# The needs contacts are filed under (`contacts --need`), which questions can name too.
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

# Each scale's words, concerns and keys, as `scale.SCALES` defines them, by scale.
SCALE_ANSWERS = {name: scale.words for name, scale in SCALES.items()}
DEFAULT_CONCERN = {name: scale.concern for name, scale in SCALES.items()}
SCALE_KEYS = {name: scale.keys for name, scale in SCALES.items()}
SKIPPED = "skipped"
REDACTED = "[redacted]"

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


def _forms(scale: str, word: str) -> list[str]:
    """Every way of writing `word`: the word, its key, its label and its synonyms."""
    keys = [k for k, w in SCALE_KEYS[scale] if w == word]
    others = [s for s, w in SCALES[scale].synonyms.items() if w == word]
    return list(dict.fromkeys([word, *keys, ANSWER_LABELS[word], *others]))


def answer_word(scale: str, text: str) -> str | None:
    """The stored word for what a user wrote: the word, its key, its label or a synonym."""
    typed = text.strip().lower()
    return next((w for w in SCALE_ANSWERS[scale] if typed in _forms(scale, w)), None)


def answer_forms(scale: str) -> str:
    """What a scale accepts, in words: `yes (or y), ..., na (or x, not applicable, n/a)`."""
    said = []
    for word in SCALE_ANSWERS[scale]:
        others = _forms(scale, word)[1:]
        said.append(f"{word} (or {', '.join(others)})" if others else word)
    return ", ".join(said)


# --- support: the source words behind a claim ------------------------------------------

# The guidance documents the product is built from, by file name (without `.txt`), with
# the title a reader is shown.
SOURCE_DOCUMENTS: dict[str, str] = {
    "hips-family-approach-guidance-2024": "A Family Approach Guidance (HIPS and 4LSABs, 2024)",
    "hips-family-approach-training-slides": "A Family Approach: training slides (HIPS)",
    "leeds-think-family-work-family-protocol": (
        "The Leeds Approach to Think Family, Work Family (Leeds protocol)"
    ),
    "leeds-think-family-work-family-2014": (
        "Think Family, Work Family: a joint safeguarding protocol (Leeds, 2014)"
    ),
    "city-hackney-think-family-guidance": (
        "Think Family ... it's not just the thought that counts (City & Hackney)"
    ),
}
SourceName = Literal[
    "hips-family-approach-guidance-2024",
    "hips-family-approach-training-slides",
    "leeds-think-family-work-family-protocol",
    "leeds-think-family-work-family-2014",
    "city-hackney-think-family-guidance",
]
# Text the tool writes as its own advice, not a source's, starts with this.
PRACTICE_TIP = "Practice tip"


class Support(Model):
    """A source's own words behind a claim: which document, where in it, and a quote
    (verbatim, whitespace and typography aside). In a guide, `paragraph` says which
    paragraph of the body (from 1) it supports."""

    source: SourceName
    at: Text  # the section heading, or "line 48"
    quote: Annotated[str, Rule(strip=True, min_length=12, max_length=1500)]
    paragraph: Annotated[int, Rule(ge=1)] | None = None

    def cite(self) -> str:
        return f"{SOURCE_DOCUMENTS[self.source]}, {self.at}"
