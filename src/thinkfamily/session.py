"""One `check`: a draft to start or resume, the walk, and the record it saves."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, privacy
from .catalog import Loaded
from .clock import aware_now
from .errors import Interrupted, StoreError, ThinkFamilyError
from .scales import SKIPPED
from .store import Store
from .walk import Prompter, Walker, WalkState, changed_questions

if TYPE_CHECKING:
    from .models import Record


@dataclass(frozen=True)
class Saved:
    record: Record
    path: Path


_CASE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def check_case(case: str | None) -> str | None:
    """A case reference must be a pseudonymous code: it becomes part of a file name."""
    if case is None or _CASE.fullmatch(case):
        return case
    raise ThinkFamilyError(
        f"'{case}' cannot be used as a case reference.",
        hint="Use a pseudonymous code of up to 40 letters, digits, - and _ (such as ABC123), "
        "never a name: it becomes part of the record's file name.",
    )


def resume_hint(checklist_id: str, case: str | None) -> str:
    case_part = f" --case {case}" if case else ""
    return f"thinkfamily check {checklist_id}{case_part} --resume"


def new_state(loaded: Loaded, case: str | None) -> WalkState:
    checklist = loaded.checklist
    return WalkState(
        checklist_id=checklist.id,
        sha256=loaded.sha256,
        version=checklist.version,
        started=aware_now().isoformat(timespec="seconds"),
        case=case,
        current=checklist.questions[0][1].id,
    )


def build_record(
    loaded: Loaded, state: WalkState, settings: dict[str, str], finished: datetime
) -> Callable[[str], dict[str, Any]]:
    """A function from a record id to the record's JSON data, validated by the model."""
    from .models import Answer, ChecklistRef, Practitioner, Record  # noqa: PLC0415

    checklist = loaded.checklist
    answers = []
    present = 0
    for section, question in checklist.questions:
        given = state.answers.get(question.id, {"answer": SKIPPED})
        word = str(given.get("answer", SKIPPED))
        present += word == "present"
        answers.append(
            Answer(
                question_id=question.id,
                section=section.title,
                text=question.text,
                scale=question.scale,
                answer=word,
                concern=word in question.concern_answers,
                note=given.get("note"),
                action=given.get("action"),
                currently_in_place=given.get("currently_in_place"),
                more_could_be_in_place=given.get("more_could_be_in_place"),
                response=given.get("response"),
                correct=(word == str(question.answer).lower())
                if question.scale == "true-false" and word != SKIPPED
                else None,
                refer=question.refer,
            )
        )
    combined = checklist.combined_risk
    note = (
        f"{combined.note} ({combined.source.cite()})"
        if combined and present >= combined.min_present
        else None
    )

    def build(record_id: str) -> dict[str, Any]:
        record = Record(
            id=record_id,
            tool_version=__version__,
            checklist=ChecklistRef(
                id=checklist.id,
                title=checklist.title,
                version=checklist.version,
                sha256=loaded.sha256,
                source=checklist.source.cite(),
            ),
            started=datetime.fromisoformat(state.started),
            finished=finished,
            practitioner=Practitioner(
                name=settings.get("name"),
                role=settings.get("role"),
                organisation=settings.get("organisation"),
            ),
            area=settings.get("area"),
            case=state.case,
            answers=tuple(answers),
            reflection=state.reflection,
            combined_risk_note=note,
        )
        return record.model_dump(mode="json", by_alias=True)

    return build


def save_record(store: Store, loaded: Loaded, state: WalkState, settings: dict[str, str]) -> Saved:
    """Write the record, then remove the draft; if the record cannot be written, keep it."""
    finished = aware_now()
    build = build_record(loaded, state, settings, finished)
    try:
        path = store.save_record(build, finished, loaded.checklist.id, state.case)
    except StoreError as exc:
        draft = store.draft_path(loaded.checklist.id, state.case)
        try:
            store.save_draft(loaded.checklist.id, state.case, state.to_json())
        except StoreError:
            raise StoreError(
                f"{exc.message} Your answers could not be kept as a draft either.",
                hint="Free some space or fix the folder's permissions, then run the checklist "
                "again; answers given with --answers can be replayed from their file.",
            ) from None
        raise StoreError(
            exc.message,
            hint=f"Nothing is lost: your answers are kept in the draft {draft}. Free some space "
            "or fix the folder's permissions, then run "
            f"`{resume_hint(loaded.checklist.id, state.case)}` to save the record.",
        ) from None
    store.delete_draft(loaded.checklist.id, state.case)
    from .models import Record  # noqa: PLC0415 - pydantic is needed only once answers are in

    return Saved(Record.model_validate_json(path.read_bytes()), path)


def walk(
    loaded: Loaded,
    case: str | None,
    prompter: Prompter,
    store: Store,
    settings: dict[str, str],
    *,
    resume: bool | None,
    warn: Callable[[str], None],
    watch_names: tuple[str, ...] = (),
) -> Saved | None:
    """Run the walk in a terminal; None when the user saved and quit with `q`."""
    checklist = loaded.checklist
    state = _starting_state(loaded, case, prompter, store, resume=resume)
    draft_ok = [True]

    def save(current: WalkState) -> None:
        try:
            store.save_draft(checklist.id, case, current.to_json())
        except StoreError as exc:
            if draft_ok[0]:
                warn(f"{exc.message} Carrying on: your answers are held until the record is saved.")
            draft_ok[0] = False
        else:
            draft_ok[0] = True

    store.save_draft(checklist.id, case, state.to_json())  # fails early, before any typing
    try:
        finished = Walker(checklist, prompter, save, guide=guide_intro).run(state)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(
            "Stopped. Your answers so far are saved as a draft.",
            hint=f"To carry on: {resume_hint(checklist.id, case)}",
        ) from None
    if not finished:
        return None
    try:
        review_identifiers(state, loaded, prompter, watch_names, save)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(
            "Stopped before saving. Your answers are saved as a draft.",
            hint=f"To carry on: {resume_hint(checklist.id, case)}",
        ) from None
    return save_record(store, loaded, state, settings)


def _order(loaded: Loaded) -> list[str]:
    return [q.id for _, q in loaded.checklist.questions]


def review_identifiers(
    state: WalkState,
    loaded: Loaded,
    prompter: Prompter,
    watch_names: tuple[str, ...],
    save: Callable[[WalkState], None],
) -> None:
    """Before saving, show anything that looks like an identifier and ask what to do."""
    places = privacy.scan_answers(state.answers, _order(loaded), state.reflection, watch_names)
    if not places:
        return
    prompter.show(
        "Some of what you wrote looks like it could identify someone. Records should use "
        "the case reference, not names or personal details.",
        "heading",
    )
    for place in places:
        text: str | None = place.text
        while text and (found := privacy.find(text, watch_names)):
            for finding in found:
                prompter.show(
                    f"In the {place.describe()}: {finding.label()}: "
                    f"{privacy.masked_excerpt(text, finding, found)}",
                    "hint",
                )
            reply = prompter.ask("[e]dit, [r]eplace with [redacted], or [k]eep it? (k)").strip()
            if reply.lower() in ("", "k", "keep"):
                break
            if reply.lower() in ("r", "replace", "redact"):
                text = privacy.redact(text, found)
            elif reply.lower() in ("e", "edit"):
                prompter.show(f"It was: {text}", "hint")
                text = prompter.ask("Type it again (Enter leaves it empty)").strip() or None
            else:
                prompter.show("Please type e, r or k.", "hint")
                continue
            _put(state, place, text)
            save(state)


def _put(state: WalkState, place: privacy.Place, text: str | None) -> None:
    if place.question_id is None:
        state.reflection = text
        return
    entry = state.answers[place.question_id]
    if text is None:
        entry.pop(place.field, None)
    else:
        entry[place.field] = text


def guide_intro(guide_id: str) -> str | None:
    """A linked guide's first paragraph, for `?` at a question (loaded only when asked)."""
    from .guides import load_guides  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    try:
        guides = {g.id: g for g in load_guides(user_paths())}
    except ThinkFamilyError:
        return None
    found = guides.get(guide_id)
    return found.first_paragraph if found else None


def _starting_state(
    loaded: Loaded, case: str | None, prompter: Prompter, store: Store, *, resume: bool | None
) -> WalkState:
    checklist = loaded.checklist
    draft = store.load_draft(checklist.id, case)
    if draft is None:
        return new_state(loaded, case)
    try:
        state = WalkState.from_json(draft)
    except (KeyError, TypeError, ValueError):
        raise StoreError(
            f"The draft {store.draft_path(checklist.id, case)} is damaged.",
            hint="Move it aside to start again; it may still hold answers you typed.",
        ) from None
    answered = len(state.answers)
    if resume is None:
        prompter.show(
            f"You have a draft of this checklist{f' for case {case}' if case else ''}, started "
            f"{state.started[:16].replace('T', ' ')}, with {answered} question"
            f"{'s' if answered != 1 else ''} answered.",
            "hint",
        )
        while resume is None:
            reply = prompter.ask("Resume it? [y/n] (y)").strip().lower()
            if reply in ("", "y", "yes"):
                resume = True
            elif reply in ("n", "no"):
                confirm = (
                    prompter.ask("Start again and discard the draft's answers? [y/n] (n)")
                    .strip()
                    .lower()
                )
                resume = False if confirm in ("y", "yes") else None
    if not resume:
        store.delete_draft(checklist.id, case)
        return new_state(loaded, case)
    if state.sha256 != loaded.sha256:
        changes = changed_questions(state, checklist)
        prompter.show(
            "The checklist has changed since this draft was saved; answers are matched by "
            "question id."
            + ("".join(f"\n  {c}" for c in changes) if changes else " No question was changed."),
            "hint",
        )
        state.sha256 = loaded.sha256
        state.version = checklist.version
    return state


def run_answers(
    loaded: Loaded,
    case: str | None,
    answers: dict[str, dict[str, Any]],
    store: Store,
    settings: dict[str, str],
    *,
    watch_names: tuple[str, ...] = (),
    redact_identifiers: bool = False,
) -> tuple[Saved, list[privacy.Place]]:
    """Save a record from answers given in a file, with no prompts.

    Identifier-like text is kept and reported, or replaced when `redact_identifiers`.
    """
    state = new_state(loaded, case)
    state.answers = answers
    state.current = None
    places = privacy.scan_answers(answers, _order(loaded), None, watch_names)
    if redact_identifiers:
        for place in places:
            _put(state, place, privacy.redact(place.text, list(place.findings)))
    return save_record(store, loaded, state, settings), places
