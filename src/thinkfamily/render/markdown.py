"""Markdown (CommonMark): the supervision summary and reports, user text escaped so that it
cannot change the layout."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from thinkfamily.models.common import ANSWER_LABELS, SKIPPED
from thinkfamily.render.inert import inert
from thinkfamily.render.wording import TO_FIND_OUT, by_when, label, plural, referral_items

if TYPE_CHECKING:
    from thinkfamily.casefile import Changes
    from thinkfamily.contacts import Referral
    from thinkfamily.models.record import Answer, Record
    from thinkfamily.models.supervision import Supervision
    from thinkfamily.report import ChecklistReport, Report

# Inline syntax that user text could otherwise trigger: emphasis, code, links, HTML,
# table cells, strikethrough and the escape character itself; an underscore only where
# it could start or end emphasis (not inside a word), and `&` only before an entity.
_INLINE = re.compile(r"([\\`*\[\]<>|~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;))")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")


def text(value: str | None) -> str:
    """User or file text as one line of inline Markdown that renders literally."""
    if not value:
        return ""
    one_line = " / ".join(part.strip() for part in value.splitlines() if part.strip())
    if not one_line:  # only spaces and line breaks: nothing to show, not a lone backslash
        return ""
    escaped = _INLINE.sub(r"\\\1", inert(one_line))
    # Even inline, a leading '#', '>', '-', '+', '=' or '1.' can start a block when
    # the text ends up alone on a line; escaping it is harmless elsewhere.
    escaped = _LIST_START.sub(r"\1\2\\\3", escaped)
    if escaped[:1] in "#>-+=":
        escaped = "\\" + escaped
    return escaped


# A web address in a contacts file: shown as an autolink, inside which nothing is markup.
_URL = re.compile(r"https?://[^\s<>\"'`|\\]+[^\s<>\"'`|\\.,;:)]")


def linked_text(value: str) -> str:
    """Text from a contacts file as `text` shows it, with its web addresses as links (not
    used for notes: a link typed in a note is shown as typed, never made clickable)."""

    def spaced(piece: str) -> str:  # `text` trims; the spaces around a link are kept
        lead = " " if piece[:1].isspace() else ""
        tail = " " if piece[-1:].isspace() and piece.strip() else ""
        return lead + text(piece) + tail

    parts: list[str] = []
    last = 0
    for match in _URL.finditer(value):
        parts += [spaced(value[last : match.start()]), f"<{inert(match[0])}>"]
        last = match.end()
    return "".join([*parts, spaced(value[last:])]) if parts else text(value)


def _answer_word(answer: Answer) -> str:
    if answer.scale == "text" and answer.answer != SKIPPED:
        return text(answer.response)
    label = ANSWER_LABELS.get(answer.answer, answer.answer)
    if answer.scale == "true-false" and answer.correct is not None:
        label += " (right)" if answer.correct else " (not right)"
    return label


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def summary(
    record: Record,
    supervision: Supervision | None = None,
    *,
    referral: Referral | None = None,
    since: Changes | None = None,
) -> str:
    """The summary: facts, points for supervision first, every answer, source, discussion;
    `since`, what changed from the walk it started from."""
    title = f"# {text(record.checklist.title)}: {record.finished_at.strftime('%d %B %Y')}"
    blocks = [
        [title],
        _facts(record),
        _act_now(record),
        _plan(record) if record.organisational else _points(record),
        _factors(record),
        _since(since),
        _contacts(referral),
        _answers(record),
        _not_answered(record),
        ["## Source", "", text(record.checklist.source)],
        [] if record.organisational else _discussion(supervision),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


def _facts(record: Record) -> list[str]:
    who = record.practitioner
    people = (
        [("Organisation", who.organisation), ("Completed by", who.name), ("Role", who.role)]
        if record.organisational
        else [
            ("Practitioner", who.name),
            ("Role", who.role),
            ("Organisation", who.organisation),
            ("Case reference", record.case),
        ]
    )
    facts = [
        *people,
        ("Started", record.started_at.strftime("%Y-%m-%d %H:%M %z")),
        ("Finished", record.finished_at.strftime("%Y-%m-%d %H:%M %z")),
        ("Checklist", f"{record.checklist.id}, version {record.checklist.version}"),
        ("Source", record.checklist.source),
        ("Record", record.id),
    ]
    return [
        f"- **{label}:** {text(value) or 'not recorded'}"
        for label, value in facts
        if value or label in (people[0][0], "Case reference")
    ]


def _act_now(record: Record) -> list[str]:
    if not record.act_now:
        return []
    return [
        "## Act now",
        "",
        *(f"- **{text(a.text)}** ({_answer_word(a)}): {text(a.act_now)}" for a in record.act_now),
    ]


def _points(record: Record) -> list[str]:
    lines = ["## Points for supervision", ""]
    for answer in record.concerns:
        lines.append(f"- **{text(answer.text)}** ({_answer_word(answer)})")
        lines += _labelled((("Note", answer.note), ("Action", answer.action)))
    if not record.concerns:
        lines.append("No answer was marked as one to take to supervision.")
    return [*lines, "", f"**Reflection:** {text(record.reflection) or 'none written'}"]


_CHANGE = {
    "raised": "now a concern",
    "resolved": "no longer a concern",
    "moved": "answer changed",
    "note": "what was written changed",
}


def _since(found: Changes | None) -> list[str]:
    """Per question (for an organisation, per area), what moved since the earlier walk."""
    if found is None:
        return []
    day = found.earlier.finished_at.strftime("%d %B %Y")
    lines = [f"## Since the walk of {day}", ""]
    for change in found.changes:
        moved = f"{label(change.before)} to {label(change.after)}"
        lines.append(f"- **{text(change.text)}**: {_CHANGE[change.kind]} ({moved})")
    if not found.changes:
        lines.append("Nothing changed.")
    return [*lines, "", f"{found.unchanged} unchanged; earlier record: {found.earlier.id}"]


def _labelled(pairs: tuple[tuple[str, str | None], ...]) -> list[str]:
    """Sub-items of a list item, one per value written."""
    return [f"  - {label}: {text(value)}" for label, value in pairs if value]


def _plan(record: Record) -> list[str]:
    """An organisation's action plan first: each area with what more could be in place."""
    lines = ["## Action plan", ""]
    for answer in record.action_plan:
        lines.append(f"- **{text(answer.text)}** ({_answer_word(answer)})")
        lines += _labelled(
            (
                ("More could be in place", answer.more_could_be_in_place),
                ("In place now", answer.currently_in_place),
                ("The organisation will", answer.action),
            )
        )
    for answer in (a for a in record.concerns if a.scale != "in-place"):
        lines.append(f"- **{text(answer.text)}** ({_answer_word(answer)})")
        if answer.action:
            lines.append(f"  - The organisation will: {text(answer.action)}")
    if len(lines) == 2:  # noqa: PLR2004 - the heading and its blank line
        lines.append("Every area is in place, with nothing more written.")
    return [*lines, "", f"**Also recorded:** {text(record.reflection) or 'nothing'}"]


def _factors(record: Record) -> list[str]:
    if not any(a.scale == "present" for a in record.answers):
        return []
    present = [f"- {text(a.text)}" for a in record.answers if a.answer == "present"]
    lines = ["## Factors present", "", *(present or ["None marked present."])]
    if record.to_find_out:
        lines += ["", f"**{TO_FIND_OUT}** (marked not known):", ""]
        lines += [f"- {text(a.text)}" for a in record.to_find_out]
    if record.combined_risk_note:
        lines += ["", f"**Several factors together:** {text(record.combined_risk_note)}"]
    return lines


def _contacts(referral: Referral | None) -> list[str]:
    if referral is None:
        return []
    items = referral_items(referral)
    return ["## Who to contact", "", *(f"- {linked_text(item)}" for item in items)]


def _answers(record: Record) -> list[str]:
    lines = ["## Answers"]
    section = None
    for number, answer in enumerate(record.answers, 1):
        if answer.section != section:
            section = answer.section
            lines += ["", f"### {text(section)}", ""]
            if answer.scale == "in-place":
                lines.append(
                    _row(
                        [
                            "#",
                            "Area",
                            "Rating",
                            "Currently in place",
                            "What more could be in place",
                            "Action",
                        ]
                    )
                )
                lines.append("| --: | --- | --- | --- | --- | --- |")
            else:
                lines.append(_row(["#", "Question", "Answer", "Note", "Action"]))
                lines.append("| --: | --- | --- | --- | --- |")
        rating = _answer_word(answer) + (" (for supervision)" if answer.concern else "")
        middle = (
            [answer.currently_in_place, answer.more_could_be_in_place]
            if answer.scale == "in-place"
            else [answer.note]
        )
        lines.append(
            _row(
                [
                    str(number),
                    text(answer.text),
                    rating,
                    *(text(v) for v in middle),
                    text(answer.action),
                ]
            )
        )
    return lines


def _not_answered(record: Record) -> list[str]:
    skipped = [f"- {text(a.text)}" for a in record.answers if a.answer == SKIPPED]
    return ["## Not answered", "", *(skipped or ["Every question was answered."])]


def _discussion(supervision: Supervision | None) -> list[str]:
    lines = ["## Supervision discussion", ""]
    sessions = supervision.sessions if supervision else ()
    if not sessions:
        labels = ("Date", "Supervisor", "Decisions", "Agreed actions and by when")
        return lines + [f"- **{label}:**" for label in labels]
    discussions = supervision.discussions() if supervision else []
    for discussion in discussions:
        session = discussion.session
        if len(discussions) > 1:
            lines += [f"### Discussion {discussion.number}", ""]
        lines += [
            f"- **Date:** {text(session.date)}",
            f"- **Supervisor:** {text(session.supervisor) or 'not recorded'}",
            f"- **Decisions:** {text(session.decisions) or 'none recorded'}",
        ]
        lines += [
            f"- **Corrected** on {text(c.recorded[:10])}: {text(c.reason) or 'no reason given'}"
            for c in discussion.corrections
        ]
        if session.actions:
            lines.append("- **Agreed actions and by when:**")
            lines += [
                f"  - {text(a.action)}" + (f": by {text(when)}" if when else "")
                for a in session.actions
                for when in [by_when(a.by, a.due)]
            ]
        else:
            lines.append("- **Agreed actions and by when:** none recorded")
        lines.append("")
    return lines[:-1]


# --- reports ---------------------------------------------------------------------


def report_document(report: Report, *, details: bool) -> str:
    smallest = (
        f"- **Smallest group shown:** {report.min_records} records; questions with fewer "
        'are marked "too few records"'
    )
    lines = ["# Think Family report", "", f"- **Records:** {report.read}", smallest]
    if report.skipped:
        lines.append(f"- **Files skipped:** {len(report.skipped)} (not thinkfamily records)")
    for entry in report.checklists.values():
        lines += _md_questions(report, entry)
        if details:
            lines += _md_actions(report, entry)
        if entry.areas:
            lines += _md_areas(entry)
    return "\n".join(lines) + "\n"


def _md_questions(report: Report, entry: ChecklistReport) -> list[str]:
    t = text
    about = (
        f"{plural(entry.records, 'record')}, {entry.span}; checklist "
        f"`{entry.checklist_id}`. Most often a concern first."
    )
    lines = [
        "",
        f"## {t(entry.title)}",
        "",
        about,
        "",
        "| # | Question | Records | Concern | Answers | Actions |",
        "| --: | --- | --: | --- | --- | --: |",
    ]
    for number, question in enumerate(entry.ranked_questions(), 1):
        note = " (not in every version)" if entry.partial(question) else ""
        cells = [str(number), t(question.text) + note, str(question.records)]
        if not report.shown(question, entry):
            cells += ["too few records", " ", " "]
        else:
            cells += [
                f"{round(100 * question.concern_share)}% ({question.concerns})",
                question.answers_text,
                str(len(question.actions)),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _md_actions(report: Report, entry: ChecklistReport) -> list[str]:
    t = text
    shown = [q for q in entry.ranked_questions() if q.actions and report.shown(q, entry)]
    lines = ["", "### Actions", ""] if shown else []
    for question in shown:
        lines.append(f"- **{t(question.text)}**")
        lines += [f"  - {t(action)}" for action in question.actions]
    return lines


def _md_areas(entry: ChecklistReport) -> list[str]:
    t = text
    dates = sorted({r.finished[:10] for ratings in entry.areas.values() for r in ratings})
    lines = [
        "",
        "### Self-assessment over time",
        "",
        "| Area | " + " | ".join(dates) + " | What more could be in place (latest) |",
        "| --- | " + " | ".join("---" for _ in dates) + " | --- |",
    ]
    for qid, ratings in entry.areas.items():
        by_date = {r.finished[:10]: ANSWER_LABELS.get(r.rating, r.rating) for r in ratings}
        latest = t(ratings[-1].more_could_be_in_place) or "none written"
        row = [t(entry.questions[qid].text), *(by_date.get(d, " ") for d in dates), latest]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "#### What was in place, and what more could be, each time", ""]
    for qid, ratings in entry.areas.items():
        lines.append(f"- {t(entry.questions[qid].text)}")
        for rating in ratings:
            rated = ANSWER_LABELS.get(rating.rating, rating.rating)
            now = t(rating.currently_in_place) or "none written"
            more = t(rating.more_could_be_in_place) or "none written"
            lines.append(f"  - {rating.finished[:10]}, {rated}: in place: {now}; more: {more}")
    return lines
