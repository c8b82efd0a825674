"""One `check`: a draft to start or resume, the walk or an answers file, and the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .catalog import Loaded
from .errors import Interrupted, StoreError, ThinkFamilyError
from .models.checklist import Checklist
from .models.common import CASE_RULE, is_case_ref
from .models.record import Draft, Given, Record, record_stem
from .store import Store
from .walk import Prompter, Walker, changed_questions, key_legend

if TYPE_CHECKING:
    from . import privacy


def aware_now() -> datetime:
    """The local time with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Saved:
    record: Record
    path: Path


def check_case(case: str | None) -> str | None:
    """A case reference must be a pseudonymous code: it becomes part of a file name."""
    if case is None or is_case_ref(case):
        return case
    raise ThinkFamilyError(
        f"'{case}' cannot be used as a case reference.",
        hint=f"Use {CASE_RULE}: it becomes part of the record's file name.",
    )


def resume_hint(checklist_id: str, case: str | None) -> str:
    case_part = f" --case {case}" if case else ""
    return f"thinkfamily check {checklist_id}{case_part} --resume"


def new_draft(loaded: Loaded, case: str | None) -> Draft:
    checklist = loaded.checklist
    return Draft(
        checklist_id=checklist.id,
        sha256=loaded.sha256,
        version=checklist.version,
        started=aware_now().isoformat(timespec="seconds"),
        case=case,
        current=checklist.questions[0][1].id,
    )


def save_record(store: Store, loaded: Loaded, draft: Draft, settings: dict[str, str]) -> Saved:
    """Write the record, then remove the draft; if the record cannot be written, keep it."""
    finished = aware_now()
    record = Record.from_draft(
        loaded.checklist,
        draft,
        sha256=loaded.sha256,
        settings=settings,
        finished=finished,
        record_id=record_stem(finished, loaded.checklist.id, draft.case),
    )
    try:
        saved, path = store.save_record(record)
    except StoreError as exc:
        where = store.draft_path(draft.checklist_id, draft.case)
        try:
            store.save_draft(draft)
        except StoreError:
            raise StoreError(
                f"{exc.message} Your answers could not be kept as a draft either.",
                hint="Free some space or fix the folder's permissions, then run the checklist "
                "again; answers given with --answers can be replayed from their file.",
            ) from None
        raise StoreError(
            exc.message,
            hint=f"Nothing is lost: your answers are kept in the draft {where}. Free some space "
            "or fix the folder's permissions, then run "
            f"`{resume_hint(loaded.checklist.id, draft.case)}` to save the record.",
        ) from None
    store.delete_draft(draft.checklist_id, draft.case)
    return Saved(saved, path)


class _DraftSaver:
    """Saves the walk's draft after every answer. A write that fails is reported once and
    the walk goes on, holding the answers; the next write that works catches up."""

    def __init__(self, store: Store, warn: Callable[[str], None], resume: str) -> None:
        self.store = store
        self.warn = warn
        self.resume = resume  # the command that carries on from the draft
        self.failure: StoreError | None = None  # the last write, while writes fail

    def __call__(self, draft: Draft) -> None:
        try:
            self.store.save_draft(draft)
        except StoreError as exc:
            if self.failure is None:
                self.warn(
                    f"{exc.message} Carrying on: your answers are held until the record is saved."
                )
            self.failure = exc
        else:
            self.failure = None

    def _not_kept(self, failure: StoreError) -> tuple[str, str]:
        """The message and hint for a walk that ends while the draft cannot be written."""
        return (
            f"{failure.message} The draft keeps only the answers saved before that.",
            f"Free some space or fix the folder's permissions, then carry on with: {self.resume}",
        )

    def quit(self, draft: Draft) -> None:
        """After `q`, which promised a saved draft: say so if it cannot be written even now
        (it is tried once more)."""
        if self.failure:
            self(draft)
        if self.failure:
            text, hint = self._not_kept(self.failure)
            raise StoreError(text, hint=hint)

    def stopped(self, draft: Draft, message: str) -> Interrupted:
        """What Ctrl-C ends the walk with: `message`, unless the draft cannot be written
        even now (it is tried once more)."""
        if self.failure:
            self(draft)
        if self.failure:
            text, hint = self._not_kept(self.failure)
            return Interrupted(f"Stopped. {text}", hint=hint)
        return Interrupted(message, hint=f"To carry on: {self.resume}")


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
    guide: Callable[[str], str | None] | None = None,
) -> Saved | None:
    """Run the walk in a terminal; None when the user saved and quit with `q`."""
    checklist = loaded.checklist
    draft = _starting_draft(loaded, case, prompter, store, resume=resume)
    save = _DraftSaver(store, warn, resume_hint(checklist.id, case))
    store.save_draft(draft)  # fails early, before any typing
    try:
        finished = Walker(checklist, prompter, save, guide=guide).run(draft)
    except (KeyboardInterrupt, EOFError):
        raise save.stopped(draft, "Stopped. Your answers so far are saved as a draft.") from None
    if not finished:
        save.quit(draft)
        return None
    try:
        review_identifiers(draft, loaded, prompter, watch_names, save)
    except (KeyboardInterrupt, EOFError):
        raise save.stopped(
            draft, "Stopped before saving. Your answers are saved as a draft."
        ) from None
    return save_record(store, loaded, draft, settings)


def introduce(checklist: Checklist, prompter: Prompter) -> None:
    """What a walk at the terminal starts with: title, introduction, source, keys."""
    prompter.show(checklist.title, "heading")
    if checklist.intro:
        prompter.show(checklist.intro)
    prompter.show(f"Source: {checklist.source.cite()}", "hint")
    prompter.show(f"Keys: {key_legend(checklist.questions[0][1].scale)}.", "hint")


def _order(loaded: Loaded) -> list[str]:
    return [q.id for _, q in loaded.checklist.questions]


def review_identifiers(
    draft: Draft,
    loaded: Loaded,
    prompter: Prompter,
    watch_names: tuple[str, ...],
    save: Callable[[Draft], None],
) -> None:
    """Before saving, show anything that looks like an identifier and ask what to do."""
    from . import privacy  # noqa: PLC0415 - its patterns are compiled after the walk, not before

    places = privacy.scan_answers(draft.answers, _order(loaded), draft.reflection, watch_names)
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
            _put(draft, place, text)
            save(draft)


def _put(draft: Draft, place: privacy.Place, text: str | None) -> None:
    if place.question_id is None:
        draft.reflection = text
        return
    entry = cast("dict[str, str]", draft.answers[place.question_id])
    if text is None:
        entry.pop(place.field, None)
    else:
        entry[place.field] = text


def _starting_draft(
    loaded: Loaded, case: str | None, prompter: Prompter, store: Store, *, resume: bool | None
) -> Draft:
    checklist = loaded.checklist
    draft = store.load_draft(checklist.id, case)
    if draft is None:
        return new_draft(loaded, case)
    answered = len(draft.answers)
    if resume is None:
        prompter.show(
            f"You have a draft of this checklist{f' for case {case}' if case else ''}, started "
            f"{draft.started[:16].replace('T', ' ')}, with {answered} question"
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
        return new_draft(loaded, case)
    if draft.sha256 != loaded.sha256:
        changes = changed_questions(draft, checklist)
        prompter.show(
            "The checklist has changed since this draft was saved; answers are matched by "
            "question id."
            + ("".join(f"\n  {c}" for c in changes) if changes else " No question was changed."),
            "hint",
        )
        draft.sha256 = loaded.sha256
        draft.version = checklist.version
    return draft


def run_answers(
    loaded: Loaded,
    case: str | None,
    answers: dict[str, Given],
    store: Store,
    settings: dict[str, str],
    *,
    watch_names: tuple[str, ...] = (),
    redact_identifiers: bool = False,
) -> tuple[Saved, list[privacy.Place]]:
    """Save a record from answers given in a file, with no prompts.

    Identifier-like text is kept and reported, or replaced when `redact_identifiers`.
    """
    from . import privacy  # noqa: PLC0415 - as in review_identifiers

    draft = new_draft(loaded, case)
    draft.answers = answers
    draft.current = None
    places = privacy.scan_answers(answers, _order(loaded), None, watch_names)
    if redact_identifiers:
        for place in places:
            _put(draft, place, privacy.redact(place.text, list(place.findings)))
    return save_record(store, loaded, draft, settings), places
