"""Phrases shared by the terminal and Markdown outputs, so both say the same thing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from thinkfamily.catalog import fold
from thinkfamily.contacts.clock import Now
from thinkfamily.contacts.lookup import Located, either, postcode_district
from thinkfamily.contacts.select import AreaContacts, Reach, Referral, Service
from thinkfamily.dates import WEEKDAYS, day_text, is_absolute
from thinkfamily.models.common import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED
from thinkfamily.models.contacts import CHECK_WHY, Contact, Phone
from thinkfamily.models.record import Record

_WHO = {"professionals": "professionals", "public": "public", "any": ""}
_WHEN = {"office": "office hours", "out-of-hours": "out of hours", "24h": "24 hours", "any": ""}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def phone_text(phone: Phone) -> str:
    labels = [x for x in (_WHO[phone.who], _WHEN[phone.when], phone.hours, phone.note) if x]
    return phone.number + (f" ({'; '.join(labels)})" if labels else "")


def reach_text(phone: Reach) -> str:
    """A number as the full view of the contacts shows it: `0300 555 1373 (out of hours)`."""
    unstated = "hours not stated" if phone.hours_not_stated else None
    when = _WHEN[phone.when or "any"]
    labels = [x for x in (phone.who, when, phone.hours, phone.note, unstated) if x]
    return phone.number + (f" ({'; '.join(labels)})" if labels else "")


_FOR = {"children": "children", "adults": "adults", "both": "children and adults"}


def need_label(need: str) -> str:
    """A need as words: `domestic-abuse` is "domestic abuse"."""
    return need.replace("-", " ")


def brief_lines(shown: list[AreaContacts]) -> list[str]:
    """One line per number, ready to copy: 999 first, then each service's numbers in the
    order shown (a service with no number gives its web page or form), then what was
    looked for and not found.

    `Portsmouth, children, out of hours: 0300 555 1373 (check) - Emergency Duty Service`
    """

    names = [s.item.area.name for s in shown]
    first = f"{either(names, 'and')}, in immediate danger: 999"
    if len(shown) == 1 and shown[0].emergency:
        first += f" - {shown[0].emergency[0].service}"
    lines = [first]
    for area_shown in shown:
        area = area_shown.item.area.name
        for service in area_shown.services:
            lines += [_brief_line(area, service, phone) for phone in service.phones]
            if not service.phones:
                how = service.web or service.form or service.email or ""
                lines.append(_brief_line(area, service, None, how))
        if not area_shown.services:
            lines.append(f"{area}: no contact in the files matches.")
    for area_shown in shown:
        area = area_shown.item.area.name
        lines += [
            f"{area}, {_FOR[n.for_]}: no {n.what} was found ({n.ref})" for n in area_shown.not_found
        ]
    others = not_covered(shown[0].located) if shown and shown[0].located.kind == "border" else None
    if others:
        lines.append(f"{shown[0].located.label}: {others}")
    return lines


def _brief_line(area: str, service: Service, phone: Reach | None, how: str = "") -> str:
    when = _WHEN[phone.when or "any"] if phone else ""
    what = ", ".join(x for x in (area, _FOR[service.for_], when) if x)
    flags = ""
    if phone:
        unstated = "hours not stated" if phone.hours_not_stated else None
        flags = "".join(f" ({x})" for x in (phone.who, phone.note, unstated) if x)
    if service.check:
        flags += " (check)" if service.check == CHECK_WHY else f" (check: {service.check})"
    return f"{what}: {phone.number if phone else how}{flags} - {service.service}"


def located_text(located: Located) -> str | None:
    """Why a name that is not the area's own answers with it, citing the page that says so."""

    source = located.source.source.cite() if located.source else None
    if located.kind == "border":
        return _border_text(located, source)
    area = located.items[0].area.name
    said = {
        "place": f"{located.label} is in {area}",
        "name": f"{located.label} is {area}",
        "partnership": f"{located.label} is {either([i.area.name for i in located.items], 'and')}",
    }.get(located.kind)
    if said is None:
        return None
    said = f"{said} ({source})." if source else f"{said}."
    if located.kind == "place" and postcode_district(f"{located.label} 1AA"):
        said += " A postcode district is as that data gave it: check the full address."
    return said


def _border_text(located: Located, source: str | None) -> str:
    """`PO7 crosses a boundary: it may be in Havant (Hampshire) or Portsmouth (...)`, then
    whose contacts follow, and what to do about a council the files do not cover."""

    named = [a if area in (None, a) else f"{a} ({area})" for a, area in located.authorities]
    lead = located.label
    if fold(located.typed) != fold(located.label):  # a full postcode, by its district
        lead = f"{located.typed} is in {located.label}, which"
    said = f"{lead} crosses a boundary: it may be in {either(named)}"
    said += f" ({source})." if source else "."
    covered = [i.area.name for i in located.items]
    said += (
        f" Find out which council the home is in. These files cover {either(covered, 'and')}:"
        " their contacts follow."
    )
    others = not_covered(located)
    if others:
        said += f" {others}"
    return said


def not_covered(located: Located) -> str | None:
    """What to do where a place across a boundary may lie in a council the files do not
    cover: said beside the contacts, so a copied list never reads as complete."""

    others = [a for a, area in located.authorities if area is None]
    if not others:
        return None
    return (
        f"For {either(others)}, which these files do not cover, ask the council that now "
        "runs children's and adults' social care there (the source names councils as they "
        "were when it was made)."
    )


def now_text(now: Now) -> str | None:
    if now.closed is None:
        return None
    day = WEEKDAYS[now.moment.weekday()].capitalize()
    return (
        f"Out of hours now: {day} {now.moment:%H:%M} in England, {now.closed}. "
        "Out-of-hours numbers are listed first."
    )


def referral_heading(referral: Referral) -> str | None:
    return f"Who to contact in {referral.area.name}:" if referral.area else None


TO_FIND_OUT = "To find out"  # the factors marked not known, listed beside those present


SET_AREA = "thinkfamily config set area NAME"
SET_AREA_WHY = " to see who to contact about these concerns."


def no_area(referral: Referral) -> tuple[str, str | None, str]:
    """Why no contacts can be shown: the words before and after the area typed (if one
    was), up to the command that sets one (`SET_AREA`)."""
    if referral.typed and referral.partnership:
        return "'", referral.typed, "' is a partnership of several areas, not one: run "
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
    closed = now_text(referral.now) if referral.now else None
    if closed:
        items.insert(0, closed)
    items += [contact_text(contact) for contact in referral.front]
    if not referral.front and referral.audiences:
        audiences = " or ".join(referral.audiences)
        items.append(f"No {audiences} safeguarding contact is known for {area.name}.")
    for contact in referral.services:
        needs = [need_label(n) for n in referral.needs if n in contact.topics]
        items.append(f"For {' and '.join(needs)}: {contact_text(contact)}")
    for need, looked in referral.unmet.items():  # silence must not read as "there is none"
        found = "; ".join(f"no {n.what} was found ({n.ref})" for n in looked)
        items.append(
            f"For {need_label(need)}: {found}."
            if found
            else f"For {need_label(need)}: the contacts file for {area.name} lists no service."
        )
    return items


def contact_text(contact: Contact) -> str:
    """A contact in one item: service, how to reach it, source, and a CHECK if needed."""
    how = "; ".join(phone_text(p) for p in contact.phones)
    how = how or "; ".join(x for x in (contact.form, contact.web) if x)  # a form, and where
    flag = f" CHECK: {contact.cover or CHECK_WHY}." if contact.confirm else ""
    return f"{contact.service}: {how} ({contact.source.cite()}){flag}"


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
