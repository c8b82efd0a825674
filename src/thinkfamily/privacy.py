"""Spotting personal identifiers in what practitioners type, so they can be kept out.

Each detector is a pattern plus, where the format has one, a check (the NHS number's
modulus-11 digit). They aim to catch what identifies a person while leaving alone
what practitioners write every day: case references, times, money, question
numbers and years.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .models.common import REDACTED
from .models.record import TEXT_FIELDS, Answer, Record

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}"  # 01022010, after a label
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)

_NHS = re.compile(r"(?<![\d\w])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])")
_NINO = re.compile(
    r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])",
    re.IGNORECASE,
)
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_DOB = re.compile(
    rf"(?:\bd\.?o\.?b\b\.?|\bdate of birth\b|\bborn(?: on)?\b)\s*[:\-]?\s*({_DATE})",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d+])(?:\+?44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
# The local part starts where a run of its characters starts (never inside one), so a
# long run with no `@` is passed over in one step, not retried from each of its letters.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)

LABELS = {
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "postcode": "a postcode",
    "date-of-birth": "a date of birth",
    "phone": "a phone number",
    "email": "an email address",
    "name": "a watched name",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    def label(self) -> str:
        return LABELS[self.kind]


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check: weights 10..2, 11 means 0, 10 is never valid."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:  # noqa: PLR2004
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:  # noqa: PLR2004
        check = 0
    return check != 10 and check == int(digits[9])  # noqa: PLR2004


def _ordinal(match: re.Match[str]) -> bool:
    """'Q3 4th', '2 2nd': an inward code that is really an ordinal, written in lower case."""
    return match.group(2)[1:] in ("st", "nd", "rd", "th")


def find(text: str, watch_names: Iterable[str] = ()) -> list[Finding]:
    """Every identifier-like span in `text`, in order, without overlaps."""
    found = [
        Finding("nhs-number", m.start(), m.end())
        for m in _NHS.finditer(text)
        if nhs_check_digit_ok("".join(m.groups()))
    ]
    found += [Finding("ni-number", m.start(), m.end()) for m in _NINO.finditer(text)]
    found += [
        Finding("postcode", m.start(), m.end()) for m in _POSTCODE.finditer(text) if not _ordinal(m)
    ]
    found += [Finding("date-of-birth", m.start(1), m.end(1)) for m in _DOB.finditer(text)]
    found += [Finding("phone", m.start(), m.end()) for m in _PHONE.finditer(text)]
    found += [Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    names = _names_pattern(watch_names)
    if names is not None:
        found += [Finding("name", m.start(), m.end()) for m in names.finditer(text)]
    return _without_overlaps(found)


_UNDERSCORES = re.compile(r"_+")
_JOINS = re.compile(r"[_-]+")
_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NOT_LETTERS = re.compile(r"[\W_]+")


def _squeezed(text: str) -> str:
    return _NOT_LETTERS.sub("", text).casefold()


def code_finding(code: str, watch_names: Iterable[str] = ()) -> str | None:
    """What a short code (a case reference) looks like, if it looks like an identifier.

    A code has no spaces, so it is read as written, with `_` (then `-` too) as spaces, and
    with letters and digits apart: NHS9434765919, 943_476_5919 and SW1A_1AA are found.
    A watched name counts anywhere in it, spaces and punctuation aside (JaneDoe2, OBrien).
    """
    squeezed = _squeezed(code)
    if any((name := _squeezed(n)) and name in squeezed for n in watch_names):
        return LABELS["name"]
    underscored = _UNDERSCORES.sub(" ", code)
    variants = (code, underscored, _JOINS.sub(" ", code), _LETTERS_DIGITS.sub(" ", underscored))
    for variant in variants:
        if found := find(variant):
            return found[0].label()
    return None


def _names_pattern(names: Iterable[str | None]) -> re.Pattern[str] | None:
    """Any of the names as a whole word, in any letter case; the longest is tried first."""
    words = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the earliest, then longest, of spans that overlap (an email beats its name)."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def redact(text: str, findings: list[Finding]) -> str:
    out, last = [], 0
    for finding in findings:
        out += [text[last : finding.start], REDACTED]
        last = finding.end
    return "".join([*out, text[last:]])


def masked_excerpt(
    text: str, finding: Finding, findings: Iterable[Finding] = (), context: int = 20
) -> str:
    """A little of the text around a finding; it, and any other finding shown with it,
    masked after their first two characters."""
    masked = text
    for item in {finding, *findings}:
        secret = text[item.start : item.end]
        hidden = secret[:2] + re.sub(r"[^\s/.-]", "•", secret[2:])
        masked = masked[: item.start] + hidden + masked[item.end :]
    start, end = max(0, finding.start - context), finding.end + context
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return f"{lead}{masked[start:end]}{tail}".replace("\n", " ")


def redactor(watch_names: Iterable[str] = ()) -> Callable[[str], str]:
    """A function that replaces every identifier in a text with [redacted]."""
    names = tuple(watch_names)
    return lambda value: redact(value, find(value, names))


FIELD_LABELS = {
    "note": "note",
    "action": "action",
    "currently_in_place": "what is currently in place",
    "more_could_be_in_place": "what more could be in place",
    "response": "answer",
    "reflection": "reflection",
}


@dataclass(frozen=True)
class Place:
    """Where a finding is: a question's field, or the closing reflection."""

    question_id: str | None
    number: int | None
    field: str
    text: str
    findings: tuple[Finding, ...]

    def describe(self) -> str:
        where = f"question {self.number}" if self.number else "closing"
        return f"{where} {FIELD_LABELS[self.field]}"


def scan_answers(
    answers: Mapping[str, Mapping[str, object]],
    order: list[str],
    reflection: str | None,
    watch_names: Iterable[str] = (),
) -> list[Place]:
    """Every free-text field of a walk's answers that holds something identifying."""
    names = tuple(watch_names)
    places = []
    for number, qid in enumerate(order, 1):
        entry = answers.get(qid, {})
        for field in TEXT_FIELDS:
            value = entry.get(field)
            if isinstance(value, str) and (found := find(value, names)):
                places.append(Place(qid, number, field, value, tuple(found)))
    if reflection and (found := find(reflection, names)):
        places.append(Place(None, None, "reflection", reflection, tuple(found)))
    return places


def redact_record(record: Record, watch_names: tuple[str, ...] = ()) -> Record:
    """The record without the practitioner's name or the case reference, and its free text
    scrubbed of those and of anything else that looks like a personal identifier."""
    known = _names_pattern([record.practitioner.name, record.case])
    identifiers = redactor(watch_names)

    def clean(value: str | None) -> str | None:
        if not value:
            return value
        return identifiers(known.sub(REDACTED, value) if known else value)

    def scrubbed(answer: Answer) -> Answer:
        changes: dict[str, Any] = {name: clean(getattr(answer, name)) for name in TEXT_FIELDS}
        return answer.model_copy(update=changes)

    answers = tuple(scrubbed(a) for a in record.answers)
    record_id = record.id.replace(record.case, REDACTED) if record.case else record.id
    return record.model_copy(
        update={
            "id": record_id,
            "case": None,
            "practitioner": record.practitioner.model_copy(update={"name": None}),
            "answers": answers,
            "reflection": clean(record.reflection),
        }
    )
