"""The training quiz: a true-false checklist walked in a random order, then scored."""

from __future__ import annotations

import random
from dataclasses import replace

from .session import guide_intro
from .spec import Checklist
from .walk import Prompter, Walker, WalkState


def shuffled(checklist: Checklist, seed: int | None) -> Checklist:
    """The checklist as one section of all its questions, in an order set by `seed`."""
    questions = [q for _, q in checklist.questions]
    random.Random(seed).shuffle(questions)  # noqa: S311 - an order, not a secret
    section = replace(checklist.sections[0], questions=tuple(questions))
    return replace(checklist, sections=(section,))


def run_quiz(checklist: Checklist, prompter: Prompter, *, seed: int | None) -> tuple[int, int]:
    """Ask every statement; return (right, asked). Nothing is saved."""
    quiz = shuffled(checklist, seed)
    if quiz.intro:
        prompter.show(quiz.intro)
    state = WalkState(quiz.id, "", quiz.version, "", current=quiz.questions[0][1].id)
    Walker(quiz, prompter, lambda _: None, guide=guide_intro, closing=False).run(state)
    right = sum(
        1
        for _, question in quiz.questions
        if state.answers.get(question.id, {}).get("answer") == str(question.answer).lower()
    )
    return right, quiz.question_count
