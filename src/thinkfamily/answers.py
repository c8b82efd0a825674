"""Answers given in a file (`check --answers FILE`) instead of at prompts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, cast

from .convert import format_loc, suggest
from .errors import LoadError
from .loading import read_document
from .models.checklist import Checklist, Question
from .models.common import SKIPPED, answer_forms, answer_word
from .models.record import Given

_FIELDS = set(Given.__annotations__)
# The closing reflection; question ids never start with `_`.
REFLECTION_KEY = "_reflection"


class AnswersFile(NamedTuple):
    answers: dict[str, Given]  # by question id
    missing: list[str]  # the questions the file leaves out, recorded as skipped
    reflection: str | None


def _word(question: Question, value: str) -> str | None:
    if value.strip().lower() == SKIPPED:
        return SKIPPED
    return answer_word(question.scale, value)


def read_answers(path: Path, checklist: Checklist) -> AnswersFile:
    """Answers by question id, the ids the file leaves out, and the closing reflection.

    Each value is a bare answer (`household: partly`) or a mapping with `answer`,
    `note`, `action` and, for self-assessment areas, `currently_in_place` and
    `more_could_be_in_place`; a `text` question takes its text as the answer.
    `_reflection` holds the closing reflection.
    """
    doc = read_document(path, bools_as_text=True)
    name = str(path)
    if not isinstance(doc.data, dict):
        raise LoadError([f"{name}:1: (top level): must map question ids to answers"])
    questions = {q.id: q for _, q in checklist.questions}
    problems: list[str] = []
    answers: dict[str, Given] = {}
    reflection: str | None = None
    for qid, value in doc.data.items():
        if qid == REFLECTION_KEY:
            if isinstance(value, str):
                reflection = value.strip() or None
            elif value is not None:
                problems.append(f"{name}:{doc.line_of((qid,))}: {qid}: must be text")
            continue
        question = questions.get(qid)
        if question is None:
            close = suggest(qid, list(questions))
            hint = f"; did you mean '{close}'?" if close else ""
            found: list[Problem] = [((qid,), f"no question has this id in '{checklist.id}'{hint}")]
        else:
            entry, found = _entry(question, value)
            if not found:
                answers[qid] = entry
        problems += [f"{name}:{doc.line_of(loc)}: {format_loc(loc)}: {msg}" for loc, msg in found]
    if problems:
        raise LoadError(problems)
    missing = [qid for qid in questions if qid not in answers]
    return AnswersFile(answers, missing, reflection)


Problem = tuple[tuple[str | int, ...], str]


def _text_entry(
    entry: dict[str, str], loc: tuple[str | int, ...], problems: list[Problem]
) -> tuple[Given, list[Problem]]:
    """A text question's answer: `{response: ...}` is the text as written, even a word
    such as "skipped"; a bare answer is the text, or `skipped`."""
    raw = entry.get("answer")
    if "response" in entry:
        if raw is not None and raw.lower() != "answered":
            problems.append((loc, "give the text as the answer or as the response, not both"))
        entry["answer"] = "answered"
    elif raw is None:
        problems.append((loc, "no answer given"))
    elif raw.lower() == SKIPPED:
        entry["answer"] = SKIPPED
    else:
        entry["response"] = raw
        entry["answer"] = "answered"
    return cast("Given", entry), problems


def _entry(question: Question, value: Any) -> tuple[Given, list[Problem]]:
    """One question's answer from the file, or what is wrong with it."""
    qid = question.id
    fields: dict[str, Any] = value if isinstance(value, dict) else {"answer": value}
    loc: tuple[str | int, ...] = (qid, "answer") if isinstance(value, dict) else (qid,)
    problems: list[Problem] = []
    entry: dict[str, str] = {}
    for key, text in fields.items():
        if key not in _FIELDS:
            problems.append(((qid, key), f"unknown key (allowed: {', '.join(sorted(_FIELDS))})"))
        elif text is not None and not isinstance(text, str | int | float):
            problems.append(((qid, key), "must be text"))
        elif text is not None and str(text).strip():
            entry[key] = str(text).strip()
    if question.scale == "text":
        return _text_entry(entry, loc, problems)
    if "response" in entry:
        problems.append(((qid, "response"), "only a text question takes a response"))
    raw = entry.get("answer")
    if raw is None:
        return cast("Given", entry), [*problems, (loc, "no answer given")]
    word = _word(question, raw)
    if word is None:
        allowed = f"{answer_forms(question.scale)}, or {SKIPPED}"
        problems.append(
            (loc, f"'{raw}' is not an answer of the {question.scale} scale: write {allowed}")
        )
    if word is not None:
        entry["answer"] = word
    return cast("Given", entry), problems
