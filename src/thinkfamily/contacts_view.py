"""Referral contacts as lines of text: readable at 80 columns, in a pipe and on a screen."""

from __future__ import annotations

from dataclasses import replace

from .contact_spec import Contact, Phone
from .contacts import LoadedArea, emergency, grouped

FOOTER = (
    "Check these numbers against your local procedures before you rely on them: they "
    "were copied from public pages as those pages stood on the dates shown, and have not "
    "been confirmed with the services. CHECK marks a number where sources disagree or "
    "may be out of date."
)
_WHO = {"professionals": "professionals", "public": "public", "any": ""}
_WHEN = {"office": "office hours", "out-of-hours": "out of hours", "24h": "24 hours", "any": ""}


def phone_text(phone: Phone) -> str:
    labels = [x for x in (_WHO[phone.who], _WHEN[phone.when], phone.hours, phone.note) if x]
    return phone.number + (f" ({'; '.join(labels)})" if labels else "")


def contact_block(contact: Contact, *, with_url: bool) -> list[tuple[int, str]]:
    """(indent, text) lines for one contact."""
    flag = "  CHECK" if contact.confirm else ""
    lines = [(0, f"- {contact.service}{flag}")]
    lines += [(4, phone_text(p)) for p in contact.phones]
    for label, value in (
        ("Hours", contact.hours),
        ("Email", contact.email),
        ("Form", contact.form),
        ("Web", contact.web),
        ("Note", contact.note),
    ):
        if value:
            lines.append((4, f"{label}: {value}"))
    lines.append((4, f"Source: {contact.source.cite(with_url=with_url)}"))
    return lines


def area_lines(
    item: LoadedArea, contacts: list[Contact], *, with_url: bool
) -> list[tuple[int, str, str]]:
    """(indent, text, style) lines: 999 first, then the guidance's groups, then a footer."""
    area = item.area
    out: list[tuple[int, str, str]] = [(0, f"{area.name}: referral contacts", "heading")]
    if item.local:
        replaced = " (in place of the shipped contacts for this area)" if item.replaces else ""
        out.append((0, f"Local file: {item.path}{replaced}", "hint"))
    police = []
    for contact in emergency(list(area.contacts)):
        out.append((0, "In immediate danger, call 999.", "alert"))
        out.append((4, f"Source: {contact.source.cite(with_url=with_url)}", "hint"))
        rest = tuple(p for p in contact.phones if p.number != "999")
        if rest and contact in contacts:
            police.append(replace(contact, phones=rest))
    groups = grouped(contacts)
    if police:
        groups.setdefault("Specialist services", []).extend(police)
    if not groups:
        out += [(0, "", ""), (0, "No contacts match.", "hint")]
    for heading, items in groups.items():
        out += [(0, "", ""), (0, heading, "heading")]
        for contact in items:
            out += [(i, t, "") for i, t in contact_block(contact, with_url=with_url)]
    out += [
        (0, "", ""),
        (0, f"Safeguarding children partnership: {area.children_partnership.name}", ""),
        (0, f"Safeguarding adults board: {area.adults_board.name}", ""),
        (0, "", ""),
        (0, FOOTER, "hint"),
    ]
    return out


def referral_lines(item: LoadedArea, audiences: list[str], front: list[Contact]) -> list[str]:
    """Short lines for the end of a walk and the export: who to ring about this family."""
    lines = [
        f"In immediate danger, call 999 ({contact.source.cite()})"
        for contact in emergency(list(item.area.contacts))
    ]
    for contact in front:
        how = "; ".join(phone_text(p) for p in contact.phones) or contact.form or contact.web or ""
        flag = " CHECK: sources disagree or may be out of date." if contact.confirm else ""
        lines.append(f"{contact.service}: {how} ({contact.source.cite()}){flag}")
    if not front:
        lines.append(
            f"No {' or '.join(audiences)} safeguarding contact is known for {item.area.name}."
        )
    return lines
