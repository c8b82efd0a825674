"""The walk through a checklist, one question at a time, against a small prompt interface.

The walk knows nothing of terminals: it shows lines and asks for lines through a
`Prompter`, so tests drive it with scripted answers and the terminal drives it
with real prompts. The state is handed to `save` after every answer, so an
interruption loses at most what was being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from .scales import ANSWER_LABELS, SKIPPED
from .spec import Checklist, Question, Section

Kind = Literal["heading", "question", "hint", "guidance", "good", "bad", "text"]


class Prompter(Protocol):
    """What the walk needs from whoever is at the keyboard."""

    def show(self, text: str, kind: Kind = "text") -> None:
        """Show a line (or lines) of text; `kind` says what it is, for styling."""

    def ask(self, prompt: str) -> str:
        """Ask for one line; raises KeyboardInterrupt or EOFError when the user leaves."""


# Keys for each scale's answers; every prompt ends with the same commands.
SCALE_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "reflect": (("y", "yes"), ("p", "partly"), ("n", "no"), ("x", "na")),
    "in-place": (("i", "in-place"), ("p", "partly"), ("n", "not-in-place")),
    "present": (("p", "present"), ("n", "absent"), ("u", "unknown")),
    "true-false": (("t", "true"), ("f", "false")),
    "text": (),
}
COMMANDS = (("?", "guidance"), ("b", "back"), ("s", "skip"), ("q", "save and quit"))

ACTION_PROMPT = "What will you do, or take to supervision? (Enter to skip)"
NOTE_PROMPT = "Note (Enter to skip)"
CLOSING_PROMPT = "What do you want to take to supervision? (Enter to skip)"
IN_PLACE_NOW = "What is currently in place? (Enter to skip)"
IN_PLACE_MORE = "What more could be in place? (Enter to skip)"


def key_prompt(scale: str) -> str:
    keys = [k for k, _ in SCALE_KEYS[scale]] + [k for k, _ in COMMANDS]
    return "[" + "/".join(keys) + "]"


def key_legend(scale: str) -> str:
    pairs = [(k, ANSWER_LABELS[v]) for k, v in SCALE_KEYS[scale]] + list(COMMANDS)
    return ", ".join(f"{k} {label}" for k, label in pairs)


def _answer_for(scale: str, text: str) -> str | None:
    """The stored answer word for what was typed: a key, the word, or its label."""
    for key, word in SCALE_KEYS[scale]:
        if text in (key, word, ANSWER_LABELS[word]):
            return word
    if scale == "reflect" and text in ("n/a", "not applicable"):
        return "na"
    return None


def _key_of(scale: str, word: str | None) -> str | None:
    if word == SKIPPED:
        return "s"
    return next((k for k, w in SCALE_KEYS[scale] if w == word), None)


@dataclass
class WalkState:
    """A walk in progress: what a draft holds."""

    checklist_id: str
    sha256: str
    version: str
    started: str
    case: str | None = None
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    current: str | None = None  # the question to ask next; None once all are asked
    reflection: str | None = None
    questions: dict[str, str] = field(default_factory=dict)  # id -> text when saved

    def to_json(self) -> dict[str, Any]:
        from .store import DRAFT_SCHEMA  # noqa: PLC0415

        return {
            "schema": DRAFT_SCHEMA,
            "checklist_id": self.checklist_id,
            "sha256": self.sha256,
            "version": self.version,
            "started": self.started,
            "case": self.case,
            "current": self.current,
            "reflection": self.reflection,
            "questions": self.questions,
            "answers": self.answers,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WalkState:
        answers = data.get("answers")
        return cls(
            checklist_id=str(data["checklist_id"]),
            sha256=str(data.get("sha256", "")),
            version=str(data.get("version", "")),
            started=str(data["started"]),
            case=data.get("case"),
            answers={k: v for k, v in answers.items() if isinstance(v, dict)}
            if isinstance(answers, dict)
            else {},
            current=data.get("current"),
            reflection=data.get("reflection"),
            questions=dict(data.get("questions") or {}),
        )


class Walker:
    """Asks a checklist's questions in order, with back, skip, guidance and save-and-quit."""

    def __init__(
        self,
        checklist: Checklist,
        prompter: Prompter,
        save: Callable[[WalkState], None],
        *,
        guide: Callable[[str], str | None] | None = None,
        closing: bool = True,
    ) -> None:
        self.checklist = checklist
        self.items: list[tuple[Section, Question]] = checklist.questions
        self.prompter = prompter
        self.save = save
        self.guide = guide  # a guide id -> its first paragraph
        self.closing = closing

    def run(self, state: WalkState) -> bool:
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
            state.reflection = self._text(CLOSING_PROMPT, state.reflection)
        self.save(state)
        return True

    def _ask(self, position: int, question: Question, state: WalkState) -> str:  # noqa: C901
        """Ask one question until it is answered, skipped, left (`b`) or quit (`q`)."""
        number = f"{position + 1}/{len(self.items)}"
        self.prompter.show(f"{number}  {question.text}", "question")
        previous = state.answers.get(question.id, {})
        while True:
            if question.scale == "text":
                default = previous.get("response")
                prompt = f"Your answer {key_prompt('text')}"
            else:
                default = _key_of(question.scale, previous.get("answer"))
                prompt = key_prompt(question.scale) + (f" ({default})" if default else "")
            typed = self.prompter.ask(prompt).strip()
            if not typed and default:
                if question.scale == "text":
                    self.prompter.show(f"Kept: {default}", "hint")
                    return self._record(question, state, {**previous, "answer": "answered"})
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
            elif (word := _answer_for(question.scale, command)) is not None:
                return self._answered(question, word, previous, state)
            else:
                shown = f"'{typed}' is not one of the keys" if typed else "Please choose"
                self.prompter.show(f"{shown}: {key_legend(question.scale)}.", "hint")

    def _answered(
        self, question: Question, word: str, previous: dict[str, Any], state: WalkState
    ) -> str:
        # What was written last time is offered again below (Enter keeps it).
        entry: dict[str, Any] = {**previous, "answer": word}
        self._record(question, state, entry)
        if question.scale == "true-false":
            right = word == str(question.answer).lower()
            verdict = (
                "Right." if right else f"Not quite: the answer is {str(question.answer).lower()}."
            )
            self.prompter.show(f"{verdict} {question.reason}", "good" if right else "bad")
            return "next"
        if question.scale == "in-place":
            entry["currently_in_place"] = self._text(IN_PLACE_NOW, entry.get("currently_in_place"))
            self._record(question, state, entry)
            entry["more_could_be_in_place"] = self._text(
                IN_PLACE_MORE, entry.get("more_could_be_in_place")
            )
        else:
            entry["note"] = self._text(NOTE_PROMPT, entry.get("note"))
        self._record(question, state, entry)
        if word in question.concern_answers:
            entry["action"] = self._text(ACTION_PROMPT, entry.get("action"))
            self._record(question, state, entry)
        else:
            entry.pop("action", None)
        return "next"

    def _record(self, question: Question, state: WalkState, entry: dict[str, Any]) -> str:
        state.answers[question.id] = {k: v for k, v in entry.items() if v is not None}
        self.save(state)
        return "next"

    def _text(self, label: str, previous: str | None) -> str | None:
        """Free text; Enter keeps an earlier text, and `-` clears it."""
        if previous:
            self.prompter.show(f"Earlier: {previous}", "hint")
            typed = self.prompter.ask(f"{label[: label.rfind(' (')]} (Enter keeps it, - clears it)")
            if typed.strip() == "-":
                return None
            return typed.strip() or previous
        return self.prompter.ask(label).strip() or None

    def _guidance(self, question: Question) -> None:
        linked = self.guide(question.guide) if self.guide and question.guide else None
        if question.guidance:
            self.prompter.show(question.guidance, "guidance")
        if linked:
            self.prompter.show(linked, "guidance")
            self.prompter.show(f"Read the rest: thinkfamily guide {question.guide}", "hint")
        if not (question.guidance or linked):
            self.prompter.show("There is no guidance for this question.", "hint")
        self.prompter.show(key_legend(question.scale), "hint")


def changed_questions(state: WalkState, checklist: Checklist) -> list[str]:
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
