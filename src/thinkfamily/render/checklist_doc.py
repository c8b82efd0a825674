"""A blank checklist, as a reader wants it on paper or in a team meeting: each section's
questions with their ids (which answers files use), the answers to choose from (those to
take to supervision in bold), room for notes, the guidance and the sources."""

from __future__ import annotations

from thinkfamily.models.checklist import Checklist, Question
from thinkfamily.models.common import ANSWER_LABELS, SCALE_ANSWERS
from thinkfamily.render.document import (
    Block,
    Bullets,
    Doc,
    Heading,
    Inline,
    Item,
    Para,
    Span,
    Table,
    code,
    fact,
    own,
    user,
)


def checklist_doc(checklist: Checklist) -> Doc:
    organisation = checklist.audience == "organisation"
    blocks: list[Block] = [Heading(1, (user(checklist.title),))]
    if checklist.intro:
        blocks.append(Para((user(checklist.intro),)))
    blocks.append(
        Bullets(
            (
                Item((own("Checklist:", strong=True), own(" "), code(checklist.id))),
                fact("Version", checklist.version, ""),
                fact("Source", checklist.source.cite(), ""),
                fact("For", checklist.audience, ""),
            )
        )
    )
    if not organisation:
        marked = "Answers in bold are the ones to take to supervision."
        blocks.append(Para((own(marked),)))
    number = 0
    for section in checklist.sections:
        blocks.append(Heading(2, (user(section.title),)))
        if section.intro:
            blocks.append(Para((user(section.intro),)))
        if section.source:
            blocks.append(
                Para((own("Source:", strong=True), own(" "), user(section.source.cite())))
            )
        rows: list[tuple[Inline, ...]] = []
        guidance: list[Item] = []
        for question in section.questions:
            number += 1
            rows.append(
                (
                    (own(str(number)),),
                    (user(question.text), own(" "), code(question.id)),
                    _choices(question, marked=not organisation),
                    (),
                )
            )
            if question.guidance:
                guidance.append(
                    Item((own(f"{number}.", strong=True), own(" "), user(question.guidance)))
                )
        header = ("#", "Question", "Answer", "Notes")
        room = (False, False, False, True)  # notes are written in by hand
        blocks.append(Table(header, (True, False, False, False), tuple(rows), room))
        if guidance:
            blocks += [Heading(3, (own("Guidance"),)), Bullets(tuple(guidance))]
    return Doc(checklist.title, tuple(blocks))


def _choices(question: Question, *, marked: bool) -> Inline:
    """The answers to choose from, the concerns in bold (a true-or-false statement's
    answer is not given away)."""
    if question.scale == "text":
        return (own("a written answer"),)
    spans: list[Span] = []
    for word in SCALE_ANSWERS[question.scale]:
        if spans:
            spans.append(own(" / "))
        strong = marked and word in question.concern_answers
        spans.append(own(ANSWER_LABELS[word], strong=strong))
    return tuple(spans)
