"""Terminal text: records, the end of a walk, contacts, the glossary and reports.

Most functions return `(indent, text, style)` lines, which the terminal wraps to its
width and styles; `style` names a kind of line (heading, hint, alert, bar), never a
colour.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from thinkfamily.actions import Action
from thinkfamily.contacts.select import AreaContacts, Referral, Service
from thinkfamily.models.common import SKIPPED, Support
from thinkfamily.models.contacts import CHECK_WHY
from thinkfamily.models.guides import GlossaryEntry, Guide
from thinkfamily.models.record import Record
from thinkfamily.models.scale import rates_areas
from thinkfamily.models.supervision import Supervision
from thinkfamily.render import wording
from thinkfamily.render.actions import action_line
from thinkfamily.render.wording import TO_FIND_OUT, counts_line, label, plural
from thinkfamily.report import ChecklistReport, QuestionFigures, Report

BAR_WIDTH = 20  # characters of a report's bar on a terminal

Line = tuple[int, str, str] | tuple[int, str, str, int]
"""indent, text, style, and optionally the indent of continuation lines."""

FOOTER = (
    "Check these numbers against your local procedures before you rely on them: they "
    "were copied from public web pages and from the partnerships' published guidance, as "
    "those sources stood on the dates shown (or undated), and have not been confirmed "
    f"with the services. CHECK marks a number where {CHECK_WHY}."
)


def referral_lines(referral: Referral) -> list[Line]:
    heading = wording.referral_heading(referral)
    items = wording.referral_items(referral)
    if heading is None:  # no area: the one item says how to set one
        return [(0, item, "") for item in items]
    return [(0, heading, ""), *((2, f"- {item}", "") for item in items)]


def summary_lines(record: Record, path: Path, referral: Referral | None = None) -> list[Line]:
    """What the end of a walk shows: counts, the points for supervision, where it is saved."""
    finished = (
        f"Finished: {record.answered} of {len(record.answers)} questions answered "
        f"({counts_line(record)})."
    )
    lines: list[Line] = [(0, finished, "")]
    for answer in record.act_now:
        lines.append((0, f"ACT NOW: {answer.text} ({label(answer.answer)})", "alert"))
        lines.append((2, answer.act_now or "", "alert"))
    if record.organisational:
        lines += _plan_lines(record)
    elif record.concerns:
        lines.append((0, "To take to supervision:", ""))
        for answer in record.concerns:
            lines.append((2, f"- {answer.text} ({label(answer.answer)})", ""))
            if answer.action:
                lines.append((4, f"Action: {answer.action}", ""))
    if record.to_find_out:
        lines.append((0, f"{TO_FIND_OUT} (marked not known):", ""))
        lines += [(2, f"- {answer.text}", "") for answer in record.to_find_out]
    if record.combined_risk_note:
        lines.append((0, record.combined_risk_note, ""))
    if record.reflection:
        said = "Also recorded" if record.organisational else "Your reflection"
        lines.append((0, f"{said}: {record.reflection}", ""))
    lines += [
        (0, f"Saved record {record.id}", ""),
        (2, f"in {path}", ""),
        (0, f"See it again with: thinkfamily show {record.id}", ""),
    ]
    if referral is not None:
        lines += referral_lines(referral)
    return lines


def _plan_lines(record: Record) -> list[Line]:
    """An organisation's action plan: each area short of in place, or with more that could
    be, with what more could be in place; then what it will do on the other questions."""
    lines: list[Line] = []
    if record.action_plan:
        lines.append((0, "Action plan (what more could be in place):", ""))
        for answer in record.action_plan:
            lines.append((2, f"- {answer.text} ({label(answer.answer)})", "", 4))
            if answer.more_could_be_in_place:
                lines.append((4, answer.more_could_be_in_place, "", 4))
            if answer.action:
                lines.append((4, f"The organisation will: {answer.action}", "", 4))
    others = [a for a in record.concerns if not rates_areas(a.scale)]
    for answer in others:
        lines.append((0, f"{answer.text} ({label(answer.answer)})", "", 2))
        if answer.action:
            lines.append((2, f"The organisation will: {answer.action}", "", 4))
    return lines


def record_lines(record: Record) -> list[str]:
    """The whole record, section by section, one item per line."""
    who = ", ".join(
        p
        for p in (
            record.practitioner.name,
            record.practitioner.role,
            record.practitioner.organisation,
        )
        if p
    )
    lines = [
        record.checklist.title,
        f"Record:       {record.id}",
        f"Case:         {record.case or '(none)'}",
        f"Practitioner: {who or '(not set)'}",
        f"Started:      {record.started_at.isoformat(timespec='minutes')}",
        f"Finished:     {record.finished_at.isoformat(timespec='minutes')}",
        f"Checklist:    {record.checklist.id}, version {record.checklist.version}",
        f"Source:       {record.checklist.source}",
        f"Answers:      {counts_line(record)}",
    ]
    section = None
    for number, answer in enumerate(record.answers, 1):
        if answer.section != section:
            section = answer.section
            lines += ["", section]
        flag = "  (act now)" if answer.act_now else "  (for supervision)" if answer.concern else ""
        lines.append(f"{number:>2}. {answer.text}")
        if answer.scale == "text" and answer.answer != SKIPPED:
            lines.append(f"    Answer: {answer.response}")
        else:
            lines.append(f"    Answer: {label(answer.answer)}{flag}")
        for name, value in (
            ("Currently in place", answer.currently_in_place),
            ("More could be in place", answer.more_could_be_in_place),
            ("Note", answer.note),
            ("Action", answer.action),
        ):
            if value:
                lines.append(f"    {name}: {value}")
    if record.combined_risk_note:
        lines += ["", record.combined_risk_note]
    lines += ["", f"Reflection for supervision: {record.reflection or '(none)'}"]
    return lines


def supervision_lines(
    supervision: Supervision | None, actions: list[Action], today: date
) -> list[str]:
    """What supervision discussed and decided about a record, each agreed action with
    whether it is done, due or overdue; corrected entries as corrected."""
    if supervision is None or not supervision.sessions:
        return ["", "Supervision: none recorded (thinkfamily supervise RECORD)"]
    lines = ["", "Supervision"]
    for discussion in supervision.discussions():
        session = discussion.session
        who = session.supervisor or "supervisor not recorded"
        lines += [
            f"  Discussion {discussion.number}: {session.date}, {who}",
            f"    Decisions: {session.decisions or 'none recorded'}",
        ]
        lines += [
            f"    {action_line(a, today)}" for a in actions if a.discussion == discussion.number
        ]
        if not session.actions:
            lines.append("    Actions: none agreed")
        for correction in discussion.corrections:
            why = correction.reason or "no reason given"
            lines.append(f"    Corrected {correction.recorded[:10]}: {why}")
    return lines


# --- contacts ------------------------------------------------------------------------


def contact_block(service: Service, *, with_url: bool) -> list[Line]:
    flag = "  CHECK" if service.check else ""
    lines: list[Line] = [(0, f"- {service.service}{flag}", "")]
    if service.check and service.check != CHECK_WHY:
        lines.append((4, f"Why check: {service.check}", ""))
    lines += [(4, wording.reach_text(p), "") for p in service.phones]
    for name, value in (
        ("Hours", service.hours),
        ("Email", service.email),
        ("Form", service.form),
        ("Web", service.web),
        ("Note", service.note),
    ):
        if value:
            lines.append((4, f"{name}: {value}", ""))
    lines.append((4, f"Source: {service.source.cite(with_url=with_url)}", ""))
    return lines


def area_lines(shown: AreaContacts, *, with_url: bool) -> list[Line]:
    """999 first, then the guidance's groups, what was not found, the partnerships, and
    a footer."""
    item = shown.item
    area = item.area
    out: list[Line] = [(0, f"{area.name}: referral contacts", "heading")]
    why = wording.located_text(shown.located) if shown.located else None
    if why:
        out.append((0, why, "hint"))
    closed = wording.now_text(shown.now) if shown.now else None
    if closed:
        out.append((0, closed, "alert"))
    if item.local:
        replaced = " (in place of the shipped contacts for this area)" if item.replaces else ""
        out.append((0, f"Local file: {item.path}{replaced}", "hint"))
    for service in shown.emergency:
        out.append((0, "In immediate danger, call 999.", "alert"))
        out.append((4, f"Source: {service.source.cite(with_url=with_url)}", "hint"))
    if not shown.services:
        out += [(0, "", ""), (0, "No contacts match.", "hint")]
    for heading, items in shown.groups.items():
        out += [(0, "", ""), (0, heading, "heading")]
        for service in items:
            out += contact_block(service, with_url=with_url)
    if shown.not_found:
        out += [(0, "", ""), (0, "Looked for and not found", "heading")]
        out += [(2, f"- No {n.what} was found ({n.ref}).", "") for n in shown.not_found]
    return [
        *out,
        (0, "", ""),
        (0, f"Safeguarding children partnership: {area.children_partnership.name}", ""),
        (0, f"Safeguarding adults board: {area.adults_board.name}", ""),
        (0, "", ""),
        (0, FOOTER, "hint"),
    ]


def glossary_lines(entries: list[GlossaryEntry], *, sources: bool = False) -> list[Line]:
    lines: list[Line] = []
    for entry in entries:
        lines += [(0, "", ""), (0, entry.term, "heading"), (2, entry.meaning, "")]
        if entry.children:
            lines.append((2, f"Children's services say: {entry.children}", ""))
        if entry.adults:
            lines.append((2, f"Adults' services say: {entry.adults}", ""))
        lines.append((2, f"Source: {entry.source}", "hint"))
        if sources:
            lines += support_lines(entry.support, indent=2)
    return lines[1:]


def support_lines(support: tuple[Support, ...] | list[Support], *, indent: int) -> list[Line]:
    """Each source quote behind a claim, with where it is."""
    return [(indent, f'- {s.cite()}: "{s.quote}"', "hint", indent + 4) for s in support]


def guide_support_lines(guide: Guide) -> list[Line]:
    """A guide paragraph by paragraph, each followed by the source words behind it, or
    by a note that it is the tool's own advice."""
    lines: list[Line] = [(0, guide.title, "heading")]
    for number, paragraph in enumerate(guide.paragraphs, 1):
        lines += [(0, "", ""), (0, paragraph.replace("*", "").replace("`", ""), "")]
        found = [s for s in guide.support if s.paragraph == number]
        if guide.own(paragraph):
            lines.append((2, "The tool's own practice advice; no source is claimed.", "hint"))
        elif found:
            lines += [(2, "Source words:", "hint"), *support_lines(found, indent=2)]
        else:
            lines.append((2, "No source words are recorded for this paragraph.", "bad"))
    return lines


# --- reports -------------------------------------------------------------------------


def _r(indent: int, text: str, style: str = "") -> Line:
    """A report line: continuation lines hang four columns in."""
    return (indent, text, style, indent + 4)


def report_lines(report: Report, *, details: bool, bars: bool) -> list[Line]:
    """The report; `bars` draws a bar per question (on a terminal only)."""
    lines: list[Line] = [
        _r(
            0,
            f"Report on {plural(report.read, 'record')}. Questions most often a concern "
            f"come first; figures for fewer than {report.min_records} records are withheld.",
            "hint",
        )
    ]
    for entry in report.checklists.values():
        lines.append(_r(0, "", ""))
        lines.append(
            _r(
                0,
                f"{entry.title} ({entry.checklist_id}): {plural(entry.records, 'record')}, "
                f"{entry.span}",
                "heading",
            )
        )
        for number, question in enumerate(entry.ranked_questions(), 1):
            lines += _question(report, entry, number, question, details=details, bars=bars)
        if entry.areas:
            lines += _areas(entry)
    return lines


def _question(
    report: Report,
    entry: ChecklistReport,
    number: int,
    question: QuestionFigures,
    *,
    details: bool,
    bars: bool,
) -> list[Line]:
    lines: list[Line] = [_r(0, f"{number:>2}. {question.text}", "")]
    if not report.shown(question, entry):
        return [*lines, _r(4, report.too_few(question), "hint")]
    if bars:
        filled = round(BAR_WIDTH * question.concern_share)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        lines.append(_r(4, f"{bar} {question.concern_text}", "bar"))
    else:
        lines.append(_r(4, question.concern_text, ""))
    lines.append(
        _r(4, f"{question.answers_text}; {plural(len(question.actions), 'action')}", "hint")
    )
    if entry.partial(question):
        lines.append(
            _r(
                4,
                f"asked in {question.records} of {entry.records} records (not in every "
                "version of the checklist)",
                "hint",
            )
        )
    if details:
        lines += [_r(6, f"- {action}", "") for action in question.actions]
    return lines


def _areas(entry: ChecklistReport) -> list[Line]:
    lines: list[Line] = [_r(0, "", ""), _r(0, "Self-assessment over time", "heading")]
    for qid, ratings in entry.areas.items():
        lines.append(_r(0, entry.questions[qid].text, ""))
        for rating in ratings:
            lines.append(_r(4, f"{rating.finished[:10]} {label(rating.rating)}", ""))
            lines += [
                _r(6, f"{said}: {value}", "hint")
                for said, value in (
                    ("in place", rating.currently_in_place),
                    ("more could be", rating.more_could_be_in_place),
                )
                if value
            ]
    return lines
