"""Answers given in a file (`check --answers FILE`) instead of at prompts."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from .catalog import format_loc, read_document
from .errors import LoadError
from .models import ANSWER_LABELS, SCALE_ANSWERS, SKIPPED, Checklist, Question

_FIELDS = {
    "answer",
    "note",
    "action",
    "currently_in_place",
    "more_could_be_in_place",
    "response",
}


def _word(question: Question, value: str) -> str | None:
    text = value.strip().lower()
    if text == SKIPPED:
        return SKIPPED
    for word in SCALE_ANSWERS[question.scale]:
        if text in (word, ANSWER_LABELS[word]):
            return word
    if question.scale == "reflect" and text in ("n/a", "not applicable"):
        return "na"
    return None


def read_answers(path: Path, checklist: Checklist) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Answers by question id, and the ids the file leaves out (recorded as skipped).

    Each value is a bare answer (`household: partly`) or a mapping with `answer`,
    `note`, `action` and, for self-assessment areas, `currently_in_place` and
    `more_could_be_in_place`; a `text` question takes its text as the answer.
    """
    doc, _ = read_document(path, bools_as_text=True)
    name = str(path)
    if not isinstance(doc.data, dict):
        raise LoadError([f"{name}:1: (top level): must map question ids to answers"])
    questions = {q.id: q for _, q in checklist.questions}
    problems: list[str] = []
    answers: dict[str, dict[str, Any]] = {}

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(f"{name}:{doc.line_of(loc)}: {format_loc(loc)}: {message}")

    for qid, value in doc.data.items():
        question = questions.get(qid)
        if question is None:
            close = difflib.get_close_matches(qid, list(questions), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problem((qid,), f"no question has this id in '{checklist.id}'{hint}")
            continue
        fields: dict[str, Any] = value if isinstance(value, dict) else {"answer": value}
        entry: dict[str, Any] = {}
        for key, text in fields.items():
            if key not in _FIELDS:
                problem((qid, key), f"unknown key (allowed: {', '.join(sorted(_FIELDS))})")
            elif text is not None and not isinstance(text, str | int | float):
                problem((qid, key), "must be text")
            elif text is not None and str(text).strip():
                entry[key] = str(text).strip()
        loc: tuple[str | int, ...] = (qid, "answer") if isinstance(value, dict) else (qid,)
        raw = entry.get("answer")
        if raw is None:
            problem(loc, "no answer given")
            continue
        if question.scale == "text":
            entry = {"answer": "answered", "response": raw, **{
                k: v for k, v in entry.items() if k not in ("answer", "response")}}
            if raw.lower() == SKIPPED:
                entry = {"answer": SKIPPED}
        else:
            word = _word(question, raw)
            if word is None:
                allowed = ", ".join((*SCALE_ANSWERS[question.scale], SKIPPED))
                problem(loc, f"'{raw}' is not an answer of the {question.scale} scale ({allowed})")
                continue
            entry["answer"] = word
        answers[qid] = entry
    if problems:
        raise LoadError(problems)
    missing = [qid for qid in questions if qid not in answers]
    return answers, missing
