"""The supervision summary as CommonMark, with user text escaped so it cannot change the layout."""

from __future__ import annotations

import re

from .models import ANSWER_LABELS, SKIPPED, Answer, Record, Supervision

# Inline syntax that user text could otherwise trigger: emphasis, code, links,
# HTML, entities, table cells, strikethrough, and the escape character itself.
_INLINE = re.compile(r"([\\`*_\[\]<>|&~])")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")


def text(value: str | None) -> str:
    """User or file text as one line of inline Markdown that renders literally."""
    if not value:
        return ""
    one_line = " / ".join(part.strip() for part in value.splitlines() if part.strip())
    escaped = _INLINE.sub(r"\\\1", one_line)
    # Even inline, a leading '#', '>', '-', '+', '=' or '1.' can start a block when
    # the text ends up alone on a line; escaping it is harmless elsewhere.
    escaped = _LIST_START.sub(r"\1\2\\\3", escaped)
    if escaped[:1] in "#>-+=":
        escaped = "\\" + escaped
    return escaped


def _answer_word(answer: Answer) -> str:
    if answer.scale == "text" and answer.answer != SKIPPED:
        return text(answer.response)
    label = ANSWER_LABELS.get(answer.answer, answer.answer)
    if answer.scale == "true-false" and answer.correct is not None:
        label += " (right)" if answer.correct else " (not right)"
    return label


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def render(
    record: Record,
    supervision: Supervision | None = None,
    *,
    contacts: list[str] | None = None,
) -> str:
    """The summary: facts, points for supervision first, every answer, source, discussion."""
    lines: list[str] = []
    add = lines.append
    add(f"# {text(record.checklist.title)}: {record.finished.strftime('%d %B %Y')}")
    add("")
    who = record.practitioner
    facts = [
        ("Practitioner", who.name),
        ("Role", who.role),
        ("Organisation", who.organisation),
        ("Case reference", record.case),
        ("Started", record.started.strftime("%Y-%m-%d %H:%M %z")),
        ("Finished", record.finished.strftime("%Y-%m-%d %H:%M %z")),
        ("Checklist", f"{record.checklist.id}, version {record.checklist.version}"),
        ("Source", record.checklist.source),
        ("Record", record.id),
    ]
    lines += [
        f"- **{label}:** {text(value) or 'not recorded'}"
        for label, value in facts
        if value or label in ("Practitioner", "Case reference")
    ]
    add("")

    add("## Points for supervision")
    add("")
    concerns = record.concerns
    if concerns:
        for answer in concerns:
            add(f"- **{text(answer.text)}** ({_answer_word(answer)})")
            for label, value in (("Note", answer.note), ("Action", answer.action)):
                if value:
                    add(f"  - {label}: {text(value)}")
    else:
        add("No answer was marked as one to take to supervision.")
    add("")
    add(f"**Reflection:** {text(record.reflection) or 'none written'}")
    add("")

    factors = [a for a in record.answers if a.answer == "present"]
    if any(a.scale == "present" for a in record.answers):
        add("## Factors present")
        add("")
        if factors:
            lines += [f"- {text(a.text)}" for a in factors]
        else:
            add("None marked present.")
        add("")
        if record.combined_risk_note:
            add(f"**Several factors together:** {text(record.combined_risk_note)}")
            add("")

    if contacts:
        add("## Who to contact")
        add("")
        lines += [f"- {line}" for line in contacts]
        add("")

    add("## Answers")
    add("")
    section = None
    for number, answer in enumerate(record.answers, 1):
        if answer.section != section:
            if section is not None:
                add("")
            section = answer.section
            add(f"### {text(section)}")
            add("")
            if answer.scale == "in-place":
                add(
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
                add("| --: | --- | --- | --- | --- | --- |")
            else:
                add(_row(["#", "Question", "Answer", "Note", "Action"]))
                add("| --: | --- | --- | --- | --- |")
        flag = " (for supervision)" if answer.concern else ""
        if answer.scale == "in-place":
            add(
                _row(
                    [
                        str(number),
                        text(answer.text),
                        _answer_word(answer) + flag,
                        text(answer.currently_in_place),
                        text(answer.more_could_be_in_place),
                        text(answer.action),
                    ]
                )
            )
        else:
            add(
                _row(
                    [
                        str(number),
                        text(answer.text),
                        _answer_word(answer) + flag,
                        text(answer.note),
                        text(answer.action),
                    ]
                )
            )
    add("")

    add("## Not answered")
    add("")
    skipped = [a for a in record.answers if a.answer == SKIPPED]
    if skipped:
        lines += [f"- {text(a.text)}" for a in skipped]
    else:
        add("Every question was answered.")
    add("")

    add("## Source")
    add("")
    add(text(record.checklist.source))
    add("")

    add("## Supervision discussion")
    add("")
    sessions = supervision.sessions if supervision else ()
    if not sessions:
        for label in ("Date", "Supervisor", "Decisions", "Agreed actions and by when"):
            add(f"- **{label}:**")
    for i, session in enumerate(sessions, 1):
        if len(sessions) > 1:
            add(f"### Discussion {i}")
            add("")
        add(f"- **Date:** {text(session.date)}")
        add(f"- **Supervisor:** {text(session.supervisor) or 'not recorded'}")
        add(f"- **Decisions:** {text(session.decisions) or 'none recorded'}")
        if session.actions:
            add("- **Agreed actions and by when:**")
            for action in session.actions:
                by = f" (by {text(action.by)})" if action.by else ""
                add(f"  - {text(action.action)}{by}")
        else:
            add("- **Agreed actions and by when:** none recorded")
        add("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
