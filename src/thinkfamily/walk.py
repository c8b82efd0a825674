"""The walk through a checklist, one question at a time, against a small prompt interface.

The walk knows nothing of terminals: it shows lines and asks for lines through a
`Prompter`, so tests drive it with scripted answers and the terminal drives it
with real prompts. The draft is handed to `save` after every answer, so an
interruption loses at most what was being typed. The training quiz is a walk too.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Literal, Protocol, cast

from thinkfamily.models.scale import rates_areas

from .dates import day_text
from .models.checklist import Checklist, Question, Section
from .models.common import ANSWER_LABELS, SCALE_KEYS, SKIPPED, answer_word, moment_text
from .models.record import TEXT_FIELDS, Draft, Given, LastTime

Kind = Literal["heading", "question", "hint", "guidance", "good", "bad", "text"]


class Prompter(Protocol):
    """What the walk needs from whoever is at the keyboard."""

    def show(self, text: str, kind: Kind = "text") -> None:
        """Show a line (or lines) of text; `kind` says what it is, for styling."""

    def ask(self, prompt: str) -> str:
        """Ask for one line; raises KeyboardInterrupt or EOFError when the user leaves."""


def reads_aloud(prompter: Prompter) -> bool:
    """Whether the prompter is in plain mode, for a screen reader, which reads every
    symbol: its prompts then leave out the keys, which are said once at the start."""
    return bool(getattr(prompter, "plain", False))


# Every prompt ends with the same commands, after its scale's keys (`SCALE_KEYS`).
COMMANDS = (("?", "guidance"), ("b", "back"), ("s", "skip"), ("q", "save and quit"))

ACTION_PROMPT = "What will you do, or take to supervision? (Enter to skip)"
# An organisation's self-assessment goes to no one's supervision: its areas' "what more
# could be in place" is its action plan.
ORGANISATION_ACTION_PROMPT = "What will the organisation do? (Enter to skip)"
ORGANISATION_CLOSING_PROMPT = "Anything else to record about this self-assessment? (Enter to skip)"
NOTE_PROMPT = "Note (Enter to skip)"
MANY_LINES = "."  # typed alone at a text prompt: start, and end, a text of several lines
LINE_PROMPT = ">"
CLOSING_PROMPT = "What do you want to take to supervision? (Enter to skip)"
IN_PLACE_NOW = "What is currently in place? (Enter to skip)"
IN_PLACE_MORE = "What more could be in place? (Enter to skip)"


QUIT = ("q", "quit")  # the quiz's `q`: it keeps nothing, so it says nothing of saving


def key_prompt(scale: str) -> str:
    keys = [k for k, _ in SCALE_KEYS[scale]] + [k for k, _ in COMMANDS]
    return "[" + "/".join(keys) + "]"


def key_legend(scale: str, *, saves: bool = True) -> str:
    commands = list(COMMANDS) if saves else [*COMMANDS[:-1], QUIT]
    pairs = [(k, ANSWER_LABELS[v]) for k, v in SCALE_KEYS[scale]] + commands
    return ", ".join(f"{k} {label}" for k, label in pairs)


def _key_of(scale: str, word: str | None) -> str | None:
    if word == SKIPPED:
        return "s"
    return next((k for k, w in SCALE_KEYS[scale] if w == word), None)


class Walker:
    """Asks a checklist's questions in order, with back, skip, guidance and save-and-quit."""

    def __init__(
        self,
        checklist: Checklist,
        prompter: Prompter,
        save: Callable[[Draft], None],
        *,
        guide: Callable[[str], str | None] | None = None,
        closing: bool = True,
        saves: bool = True,
    ) -> None:
        self.checklist = checklist
        self.saves = saves  # False for the quiz, which keeps no answers
        self.items: list[tuple[Section, Question]] = checklist.questions
        self.prompter = prompter
        self.save = save
        self.guide = guide  # a guide id -> its first paragraph
        self.closing = closing
        self.organisation = checklist.audience == "organisation"

    def run(self, state: Draft) -> bool:
        """Walk from `state.current`; True when finished, False when the user chose `q`."""
        state.questions = {q.id: q.text for _, q in self.items}
        ids = [q.id for _, q in self.items]
        position = ids.index(state.current) if state.current in ids else len(ids)
        if state.current is not None and state.current not in ids:
            position = next((i for i, q in enumerate(ids) if q not in state.answers), len(ids))
        shown_section: str | None = None
        while position < len(self.items):
            section, question = self.items[position]
            state.current = question.id
            if section.id != shown_section:
                self.prompter.show(section.title, "heading")
                if section.intro:
                    self.prompter.show(section.intro, "text")
                shown_section = section.id
            step = self._ask(position, question, state)
            if step == "quit":
                self.save(state)
                return False
            if step == "back":
                if position == 0:
                    self.prompter.show("This is the first question.", "hint")
                else:
                    position -= 1
                    shown_section = None
                continue
            position += 1
            state.current = ids[position] if position < len(ids) else None
            self.save(state)
        state.current = None
        if self.closing:
            closing = ORGANISATION_CLOSING_PROMPT if self.organisation else CLOSING_PROMPT
            state.reflection = self._text(closing, state.reflection)
        self.save(state)
        return True

    def _ask(self, position: int, question: Question, state: Draft) -> str:  # noqa: C901
        """Ask one question until it is answered, skipped, left (`b`) or quit (`q`)."""
        number = f"{position + 1}/{len(self.items)}"
        self.prompter.show(f"{number}  {question.text}", "question")
        previous = self._previous(question, state)
        while True:
            brief = reads_aloud(self.prompter)
            if question.scale == "text":
                default = previous.get("response")
                prompt = "Your answer" if brief else f"Your answer {key_prompt('text')}"
            else:
                default = _key_of(question.scale, previous.get("answer"))
                prompt = "Answer" if brief else key_prompt(question.scale)
                prompt += f" ({default})" if default else ""
            typed = self.prompter.ask(prompt).strip()
            if not typed and default:
                if question.scale == "text":
                    self.prompter.show(f"Kept: {default}", "hint")
                    kept = {**cast("dict[str, str]", previous), "answer": "answered"}
                    return self._record(question, state, kept)
                typed = default
            command = typed.lower()
            if command == "?":
                self._guidance(question)
            elif command in ("b", "q"):
                return "back" if command == "b" else "quit"
            elif command == "s":
                state.answers[question.id] = {"answer": SKIPPED}
                return "next"
            elif question.scale == "text":
                if typed:
                    return self._record(question, state, {"answer": "answered", "response": typed})
                self.prompter.show("Type your answer, or s to skip.", "hint")
            elif (word := answer_word(question.scale, command)) is not None:
                return self._answered(question, word, previous, state)
            else:
                shown = f"'{typed}' is not one of the keys" if typed else "Please choose"
                legend = key_legend(question.scale, saves=self.saves)
                self.prompter.show(f"{shown}: {legend}.", "hint")

    def _previous(self, question: Question, state: Draft) -> Given:
        """What this walk answered already or, failing that, the earlier walk it starts
        from (shown, and kept with Enter)."""
        previous = state.answers.get(question.id, {})
        if not previous and state.last and (earlier := state.last.answers.get(question.id)):
            self.prompter.show(last_time(state.last, question, earlier), "hint")
            return earlier
        return previous

    def _answered(self, question: Question, word: str, previous: Given, state: Draft) -> str:
        # What was written last time is offered again below (Enter keeps it).
        entry: dict[str, str | None] = {**cast("dict[str, str]", previous), "answer": word}
        self._record(question, state, entry)
        if question.scale == "true-false":
            right = word == question.right_word
            verdict = "Right." if right else f"Not quite: the answer is {question.right_word}."
            self.prompter.show(f"{verdict} {question.reason}", "good" if right else "bad")
            return "next"
        if rates_areas(question.scale):
            entry["currently_in_place"] = self._text(IN_PLACE_NOW, entry.get("currently_in_place"))
            self._record(question, state, entry)
            entry["more_could_be_in_place"] = self._text(
                IN_PLACE_MORE, entry.get("more_could_be_in_place")
            )
        else:
            entry["note"] = self._text(NOTE_PROMPT, entry.get("note"))
        self._record(question, state, entry)
        if word in question.concern_answers and not (
            self.organisation and rates_areas(question.scale)  # its plan is written above
        ):
            prompt = ORGANISATION_ACTION_PROMPT if self.organisation else ACTION_PROMPT
            entry["action"] = self._text(prompt, entry.get("action"))
            self._record(question, state, entry)
        elif entry.pop("action", None) is not None:
            self._record(question, state, entry)  # no action where there is no concern now
        return "next"

    def _record(self, question: Question, state: Draft, entry: Mapping[str, str | None]) -> str:
        kept = {k: v for k, v in entry.items() if v is not None}
        state.answers[question.id] = cast("Given", kept)
        self.save(state)
        return "next"

    def _text(self, label: str, previous: str | None) -> str | None:
        return ask_text(self.prompter, label, previous)

    def _guidance(self, question: Question) -> None:
        linked = self.guide(question.guide) if self.guide and question.guide else None
        if question.guidance:
            self.prompter.show(question.guidance, "guidance")
        if linked:
            self.prompter.show(linked, "guidance")
            self.prompter.show(f"Read the rest: thinkfamily guide {question.guide}", "hint")
        if not (question.guidance or linked):
            self.prompter.show("There is no guidance for this question.", "hint")
        self.prompter.show(key_legend(question.scale, saves=self.saves), "hint")


def last_time(last: LastTime, question: Question, given: Given) -> str:
    """ "Last time (12 Oct 2026): partly - what was written then"."""
    word = given.get("answer", SKIPPED)
    shown = "skipped" if word == SKIPPED else ANSWER_LABELS.get(word, word)
    if question.scale == "text" and given.get("response"):
        shown = str(given.get("response"))
    written = [given.get(f) for f in TEXT_FIELDS if f != "response" and given.get(f)]
    day = day_text(datetime.fromisoformat(last.finished).date())
    return f"Last time ({day}): {shown}" + "".join(f" - {w}" for w in written)


def changed_questions(state: Draft, checklist: Checklist) -> list[str]:
    """What differs between the questions a draft was made from and the checklist now."""
    now = {q.id: q.text for _, q in checklist.questions}
    then = state.questions
    notes = []
    reworded = [qid for qid in now if qid in then and then[qid] != now[qid]]
    added = [qid for qid in now if qid not in then]
    removed = [qid for qid in then if qid not in now]
    if reworded:
        notes.append("reworded: " + ", ".join(reworded))
    if added:
        notes.append("new: " + ", ".join(added))
    if removed:
        notes.append("no longer asked, earlier answers dropped: " + ", ".join(removed))
        for qid in removed:
            state.answers.pop(qid, None)
    return notes


# --- the training quiz -----------------------------------------------------------------


def shuffled(checklist: Checklist, seed: int | None) -> Checklist:
    """The checklist as one section of all its questions, in an order set by `seed`."""
    questions = [q for _, q in checklist.questions]
    random.Random(seed).shuffle(questions)  # noqa: S311 - an order, not a secret
    section = checklist.sections[0].model_copy(update={"questions": tuple(questions)})
    return checklist.model_copy(update={"sections": (section,)})


def run_quiz(
    checklist: Checklist,
    prompter: Prompter,
    *,
    seed: int | None,
    guide: Callable[[str], str | None] | None = None,
) -> tuple[int, int, int]:
    """Ask every statement, until `q`; return (right, answered, statements). Nothing is
    kept, so nothing is said of saving."""
    quiz = shuffled(checklist, seed)
    if quiz.intro:
        prompter.show(quiz.intro)
    prompter.show(f"Keys: {key_legend('true-false', saves=False)}.", "hint")
    state = Draft(
        checklist_id=quiz.id,
        sha256="",
        version=quiz.version,
        started=moment_text(datetime.now().astimezone()),
        current=quiz.questions[0][1].id,
    )
    Walker(quiz, prompter, lambda _: None, guide=guide, closing=False, saves=False).run(state)
    given = [state.answers.get(q.id, {}).get("answer") for _, q in quiz.questions]
    right = sum(
        1 for (_, q), word in zip(quiz.questions, given, strict=True) if word == q.right_word
    )
    answered = sum(1 for word in given if word not in (None, SKIPPED))
    return right, answered, quiz.question_count


def ask_yes_no(prompter: Prompter, question: str, *, default: bool) -> bool:
    """A yes-or-no question, asked until it is answered; Enter takes `default`."""
    shown = "y" if default else "n"
    while True:
        reply = prompter.ask(f"{question} [y/n] ({shown})").strip().lower()
        if reply in ("y", "yes") or (not reply and default):
            return True
        if reply in ("n", "no") or (not reply and not default):
            return False


def ask_text(prompter: Prompter, label: str, previous: str | None) -> str | None:
    """Free text; Enter keeps an earlier text, `-` clears it, and `.` alone starts a text
    of several lines."""
    if previous:
        prompter.show(f"Earlier: {previous}", "hint")
        typed = prompter.ask(f"{label[: label.rfind(' (')]} (Enter keeps it, - clears it)")
        if typed.strip() == "-":
            return None
        typed = _lines(prompter) if typed.strip() == MANY_LINES else typed
        return typed.strip() or previous
    typed = prompter.ask(label)
    typed = _lines(prompter) if typed.strip() == MANY_LINES else typed
    return typed.strip() or None


def _lines(prompter: Prompter) -> str:
    """A text of several lines, ended by a line holding a single `.`."""
    prompter.show(
        f"Write as many lines as you need; a line with a single {MANY_LINES} ends the text.",
        "hint",
    )
    lines: list[str] = []
    while (line := prompter.ask(LINE_PROMPT)).strip() != MANY_LINES:
        lines.append(line.rstrip())
    return "\n".join(lines)
