"""Phrases shared by the terminal and Markdown outputs, so both say the same thing."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from thinkfamily.dates import day_text, is_absolute
from thinkfamily.models.common import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED

if TYPE_CHECKING:
    from thinkfamily.contacts import Referral
    from thinkfamily.models.contacts import Phone
    from thinkfamily.models.record import Record

_WHO = {"professionals": "professionals", "public": "public", "any": ""}
_WHEN = {"office": "office hours", "out-of-hours": "out of hours", "24h": "24 hours", "any": ""}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def phone_text(phone: Phone) -> str:
    labels = [x for x in (_WHO[phone.who], _WHEN[phone.when], phone.hours, phone.note) if x]
    return phone.number + (f" ({'; '.join(labels)})" if labels else "")


def referral_heading(referral: Referral) -> str | None:
    return f"Who to contact in {referral.area.name}:" if referral.area else None


TO_FIND_OUT = "To find out"  # the factors marked not known, listed beside those present


SET_AREA = "thinkfamily config set area NAME"
SET_AREA_WHY = " to see who to contact about these concerns."


def no_area(referral: Referral) -> tuple[str, str | None, str]:
    """Why no contacts can be shown: the words before and after the area typed (if one
    was), up to the command that sets one (`SET_AREA`)."""
    if referral.typed:
        return "No contacts are known for '", referral.typed, "': run "
    return "No area is set: run ", None, ""


def referral_items(referral: Referral) -> list[str]:
    """Who to ring about a record's concerns, one item each (or why none can be shown)."""
    area = referral.area
    if area is None:
        before, typed, after = no_area(referral)
        return [f"{before}{typed or ''}{after}`{SET_AREA}`{SET_AREA_WHY}"]
    items = [f"In immediate danger, call 999 ({c.source.cite()})" for c in referral.emergency]
    for contact in referral.front:
        how = "; ".join(phone_text(p) for p in contact.phones)
        how = how or "; ".join(x for x in (contact.form, contact.web) if x)  # a form, and where
        flag = " CHECK: sources disagree or may be out of date." if contact.confirm else ""
        items.append(f"{contact.service}: {how} ({contact.source.cite()}){flag}")
    if not referral.front:
        audiences = " or ".join(referral.audiences)
        items.append(f"No {audiences} safeguarding contact is known for {area.name}.")
    return items


def counts_line(record: Record) -> str:
    """How often each answer was given: `yes 3, partly 2, skipped 1`."""
    counts = Counter(a.answer for a in record.answers)
    order = [w for scale in SCALE_ANSWERS.values() for w in scale] + [SKIPPED]
    words = [w for w in dict.fromkeys(order) if counts[w]]
    return ", ".join(f"{ANSWER_LABELS[w]} {counts[w]}" for w in words)


def label(word: str) -> str:
    return ANSWER_LABELS.get(word, word)


def by_when(by: str | None, due: str | None) -> str | None:
    """An agreed action's "by when": the day, and what was typed when that was not a day."""
    try:
        day = day_text(date.fromisoformat(due)) if due else None
    except ValueError:  # a stored day that is not one (a file changed by hand)
        day = None
    if day is None:
        return by or due
    return day if by is None or is_absolute(by) else f"{day} ({by})"
