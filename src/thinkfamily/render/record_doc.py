"""The supervision summary of a record, built once as a document (`render.document`): facts,
what to act on now, the points for supervision (an organisation's action plan), factors,
what changed since the walk it started from, who to contact, every answer, what was not
answered, the source and the supervision discussion. Each output format writes it."""

from __future__ import annotations

from thinkfamily.casefile import Changes
from thinkfamily.contacts.select import Referral
from thinkfamily.models.common import ANSWER_LABELS, SKIPPED
from thinkfamily.models.record import Answer, Record
from thinkfamily.models.scale import rates_areas
from thinkfamily.models.supervision import Supervision
from thinkfamily.render.document import (
    Block,
    Bullets,
    Doc,
    Form,
    Heading,
    Inline,
    Item,
    Para,
    Span,
    Table,
    code,
    fact,
    given,
    linked,
    own,
    user,
)
from thinkfamily.render.wording import (
    SET_AREA,
    SET_AREA_WHY,
    TO_FIND_OUT,
    by_when,
    label,
    no_area,
    referral_items,
)


def summary_doc(
    record: Record,
    supervision: Supervision | None = None,
    *,
    referral: Referral | None = None,
    since: Changes | None = None,
) -> Doc:
    title = f"{record.checklist.title}: {record.finished_at.strftime('%d %B %Y')}"
    blocks: list[Block] = [Heading(1, (user(title),)), _facts(record)]
    blocks += _act_now(record)
    blocks += _plan(record) if record.organisational else _points(record)
    blocks += _factors(record)
    blocks += _since(since)
    blocks += _contacts(referral)
    blocks += _answers(record)
    blocks += _not_answered(record)
    blocks += [Heading(2, (own("Source"),)), Para((user(record.checklist.source),))]
    if not record.organisational:
        blocks += _discussion(supervision)
    return Doc(title, tuple(blocks))


def answer_span(answer: Answer) -> Span:
    """An answer as shown: a text answer's words, or the answer's label."""
    if answer.scale == "text" and answer.answer != SKIPPED:
        return user(answer.response)
    shown = ANSWER_LABELS.get(answer.answer, answer.answer)
    if answer.scale == "true-false" and answer.correct is not None:
        shown += " (right)" if answer.correct else " (not right)"
    return own(shown)


def _facts(record: Record) -> Bullets:
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
    return Bullets(
        tuple(
            fact(name, value, "not recorded")
            for name, value in facts
            if value or name in (people[0][0], "Case reference")
        )
    )


def _strong_question(answer: Answer) -> Inline:
    """ "**The question** (answer)"."""
    return (Span(answer.text, "user", True), own(" ("), answer_span(answer), own(")"))


def _labelled(pairs: tuple[tuple[str, str | None], ...]) -> tuple[Inline, ...]:
    """Sub-items of a list item, one per value written."""
    return tuple((own(f"{name}: "), user(value)) for name, value in pairs if value)


def _act_now(record: Record) -> list[Block]:
    if not record.act_now:
        return []
    items = [Item((*_strong_question(a), own(": "), user(a.act_now))) for a in record.act_now]
    return [Heading(2, (own("Act now"),)), Bullets(tuple(items))]


def _points(record: Record) -> list[Block]:
    blocks: list[Block] = [Heading(2, (own("Points for supervision"),))]
    items = [
        Item(_strong_question(a), _labelled((("Note", a.note), ("Action", a.action))))
        for a in record.concerns
    ]
    blocks.append(
        Bullets(tuple(items))
        if items
        else Para((own("No answer was marked as one to take to supervision."),))
    )
    reflection = given(record.reflection, "none written")
    return [*blocks, Para((own("Reflection:", strong=True), own(" "), reflection))]


def _plan(record: Record) -> list[Block]:
    """An organisation's action plan first: each area with what more could be in place."""
    items = [
        Item(
            _strong_question(a),
            _labelled(
                (
                    ("More could be in place", a.more_could_be_in_place),
                    ("In place now", a.currently_in_place),
                    ("The organisation will", a.action),
                )
            ),
        )
        for a in record.action_plan
    ]
    items += [
        Item(_strong_question(a), _labelled((("The organisation will", a.action),)))
        for a in record.concerns
        if not rates_areas(a.scale)
    ]
    plan: Block = (
        Bullets(tuple(items))
        if items
        else Para((own("Every area is in place, with nothing more written."),))
    )
    also = given(record.reflection, "nothing")
    return [
        Heading(2, (own("Action plan"),)),
        plan,
        Para((own("Also recorded:", strong=True), own(" "), also)),
    ]


def _factors(record: Record) -> list[Block]:
    if not any(a.scale == "present" for a in record.answers):
        return []
    present = [Item((user(a.text),)) for a in record.answers if a.answer == "present"]
    blocks: list[Block] = [
        Heading(2, (own("Factors present"),)),
        Bullets(tuple(present)) if present else Para((own("None marked present."),)),
    ]
    if record.to_find_out:
        blocks.append(Para((own(TO_FIND_OUT, strong=True), own(" (marked not known):"))))
        blocks.append(Bullets(tuple(Item((user(a.text),)) for a in record.to_find_out)))
    if record.combined_risk_note:
        together = own("Several factors together:", strong=True)
        blocks.append(Para((together, own(" "), user(record.combined_risk_note))))
    return blocks


_CHANGE = {
    "raised": "now a concern",
    "resolved": "no longer a concern",
    "moved": "answer changed",
    "note": "what was written changed",
}


def _since(found: Changes | None) -> list[Block]:
    """Per question (for an organisation, per area), what moved since the earlier walk."""
    if found is None:
        return []
    day = found.earlier.finished_at.strftime("%d %B %Y")
    items = [
        Item(
            (
                Span(c.text, "user", True),
                own(f": {_CHANGE[c.kind]} ({label(c.before)} to {label(c.after)})"),
            )
        )
        for c in found.changes
    ]
    return [
        Heading(2, (own(f"Since the walk of {day}"),)),
        Bullets(tuple(items)) if items else Para((own("Nothing changed."),)),
        Para((own(f"{found.unchanged} unchanged; earlier record: {found.earlier.id}"),)),
    ]


def _contacts(referral: Referral | None) -> list[Block]:
    if referral is None:
        return []
    if referral.area is None:  # the tool's own words, with the command to type as code
        before, typed, after = no_area(referral)
        said = (own(before), *((user(typed), own(after)) if typed else ()))
        items: tuple[Item, ...] = (Item((*said, code(SET_AREA), own(SET_AREA_WHY))),)
    else:
        items = tuple(Item((linked(item),)) for item in referral_items(referral))
    return [Heading(2, (own("Who to contact"),)), Bullets(items)]


def _answers(record: Record) -> list[Block]:
    blocks: list[Block] = [Heading(2, (own("Answers"),))]
    rows: list[tuple[Inline, ...]] = []
    section: str | None = None
    in_place = False

    def close() -> None:
        if rows:
            header = (
                ("#", "Area", "Rating", "Currently in place", "What more could be in place")
                if in_place
                else ("#", "Question", "Answer", "Note")
            )
            numeric = (True, *(False for _ in header[1:]), False)
            blocks.append(Table((*header, "Action"), numeric, tuple(rows)))
            rows.clear()

    for number, answer in enumerate(record.answers, 1):
        if answer.section != section:
            close()
            section, in_place = answer.section, rates_areas(answer.scale)
            blocks.append(Heading(3, (user(section),)))
        rating = (answer_span(answer),) + ((own(" (for supervision)"),) if answer.concern else ())
        middle = (
            [answer.currently_in_place, answer.more_could_be_in_place]
            if rates_areas(answer.scale)
            else [answer.note]
        )
        rows.append(
            (
                (own(str(number)),),
                (user(answer.text),),
                rating,
                *((user(v),) for v in middle),
                (user(answer.action),),
            )
        )
    close()
    return blocks


def _not_answered(record: Record) -> list[Block]:
    skipped = tuple(Item((user(a.text),)) for a in record.answers if a.answer == SKIPPED)
    return [
        Heading(2, (own("Not answered"),)),
        Bullets(skipped) if skipped else Para((own("Every question was answered."),)),
    ]


def _discussion(supervision: Supervision | None) -> list[Block]:
    blocks: list[Block] = [Heading(2, (own("Supervision discussion"),))]
    discussions = supervision.discussions() if supervision else []
    if not discussions:
        return [*blocks, Form(("Date", "Supervisor", "Decisions", "Agreed actions and by when"))]
    for discussion in discussions:
        session = discussion.session
        if len(discussions) > 1:
            blocks.append(Heading(3, (own(f"Discussion {discussion.number}"),)))
        items = [
            fact("Date", session.date, ""),
            fact("Supervisor", session.supervisor, "not recorded"),
            fact("Decisions", session.decisions, "none recorded"),
        ]
        items += [
            Item(
                (
                    own("Corrected", strong=True),
                    own(" on "),
                    user(c.recorded[:10]),
                    own(": "),
                    given(c.reason, "no reason given"),
                )
            )
            for c in discussion.corrections
        ]
        agreed = own("Agreed actions and by when:", strong=True)
        if session.actions:
            children = tuple(
                (user(a.action), *((own(": by "), user(when)) if when else ()))
                for a in session.actions
                for when in [by_when(a.by, a.due)]
            )
            items.append(Item((agreed,), children))
        else:
            items.append(Item((agreed, own(" none recorded"))))
        blocks.append(Bullets(tuple(items)))
    return blocks
