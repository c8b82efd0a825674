"""One `check`: a draft to start or resume, the walk or an answers file, and the record."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from . import dates, privacy
from .casefile import Changes, referral_of, since_started_from
from .catalog import Loaded
from .contacts.select import Referral
from .dates import day_text
from .errors import Interrupted, NotFoundError, StoreError, ThinkFamilyError
from .models.checklist import Checklist
from .models.common import CASE_RULE, is_case_ref
from .models.record import Draft, Given, LastTime, Record, record_stem
from .paths import Paths
from .store import Store
from .walk import (
    MANY_LINES,
    Prompter,
    Walker,
    ask_text,
    ask_yes_no,
    changed_questions,
    key_legend,
)


@dataclass(frozen=True)
class Saved:
    record: Record
    path: Path


@dataclass(frozen=True)
class CheckResult:
    """What a finished check shows: the record as saved and where, who to contact about its
    concerns in its area, and what moved since the walk it started from."""

    saved: Saved
    referral: Referral | None
    since: Changes | None


def finished(paths: Paths, store: Store, saved: Saved) -> CheckResult:
    """The end of a check, for a record just saved: the referral puts the out-of-hours
    services first when it is out of hours now."""
    return CheckResult(
        saved, referral_of(paths, saved.record, live=True), since_started_from(store, saved.record)
    )


# Asked for each piece of a note that looks like an identifier; Enter edits it.
REVIEW_PROMPT = "[e]dit, [r]eplace the highlighted parts with [redacted], or [k]eep it? (e)"
_PSEUDONYM_HINT = (
    "Use a code that identifies no one outside your service, such as your team's letters and "
    "a number (ABC123), and keep the link to the family in your case system: the case "
    "reference goes into file names, the list of records and every export."
)


# Where a new walk starts: afresh, from the last walk (asking first, or not), or a record.
FRESH, ASK, LATEST = "fresh", "ask", "latest"


def _resume_it(draft: Draft, case: str | None, prompter: Prompter) -> bool:
    answered = len(draft.answers)
    prompter.show(
        f"You have a draft of this checklist{f' for case {case}' if case else ''}, started "
        f"{draft.started[:16].replace('T', ' ')}, with {answered} question"
        f"{'s' if answered != 1 else ''} answered.",
        "hint",
    )
    while not ask_yes_no(prompter, "Resume it?", default=True):
        if ask_yes_no(prompter, "Start again and discard the draft's answers?", default=False):
            return False
    return True


def check_case(case: str | None, watch_names: Iterable[str] = ()) -> str | None:
    """A case reference must be a pseudonymous code: it becomes part of a file name, so it
    is checked as a note is, for anything that identifies a person."""
    if case is None:
        return case
    if case.startswith("-"):  # `--case --fresh`: the option after it was taken as its value
        raise ThinkFamilyError(
            f"'{case}' looks like an option, not a case reference.",
            hint="Give the case reference straight after --case, such as --case ABC123.",
        )
    if not is_case_ref(case):
        raise ThinkFamilyError(
            f"'{case}' cannot be used as a case reference.",
            hint=f"Use {CASE_RULE}: it becomes part of the record's file name.",
        )

    what = privacy.code_finding(case, watch_names)
    if what:
        raise ThinkFamilyError(
            f"'{case}' looks like {what}, so it cannot be used as a case reference.",
            hint=_PSEUDONYM_HINT,
        )
    return case


def resume_hint(checklist_id: str, case: str | None) -> str:
    case_part = f" --case {case}" if case else ""
    return f"thinkfamily check {checklist_id}{case_part} --resume"


def new_draft(loaded: Loaded, case: str | None) -> Draft:
    checklist = loaded.checklist
    return Draft(
        checklist_id=checklist.id,
        sha256=loaded.sha256,
        version=checklist.version,
        started=dates.now().isoformat(timespec="seconds"),
        case=case,
        current=checklist.questions[0][1].id,
    )


def _record(loaded: Loaded, draft: Draft, settings: dict[str, str]) -> Record:
    finished = dates.now()
    return Record.from_draft(
        loaded.checklist,
        draft,
        sha256=loaded.sha256,
        settings=settings,
        finished=finished,
        record_id=record_stem(finished, loaded.checklist.id, draft.case),
    )


def save_record(store: Store, loaded: Loaded, draft: Draft, settings: dict[str, str]) -> Saved:
    """Write the walk's record, then remove its draft; if the record cannot be written,
    keep the draft (RecordNotSavedError when the draft cannot be written either)."""
    try:
        saved, path = store.save_record(_record(loaded, draft, settings))
    except StoreError as exc:
        where = store.draft_path(draft.checklist_id, draft.case)
        try:
            store.save_draft(draft)
        except StoreError:
            raise RecordNotSavedError(exc.message) from None
        raise StoreError(
            exc.message,
            hint=f"Nothing is lost: your answers are kept in the draft {where}. Free some space "
            "or fix the folder's permissions, then run "
            f"`{resume_hint(loaded.checklist.id, draft.case)}` to save the record.",
        ) from None
    with contextlib.suppress(OSError):  # the record is safe; a draft left is offered again
        store.delete_draft(draft.checklist_id, draft.case)
    return Saved(saved, path)


class RecordNotSavedError(StoreError):
    """Neither the record nor the draft could be written."""


def _copy_hint(checklist_id: str, case: str | None) -> str:
    case_part = f" --case {case}" if case else ""
    return (
        "Everything you typed is printed above, between the two marker lines. Copy it into "
        "a file (for example answers.yaml), free some space or fix the folder's permissions, "
        f"then run: thinkfamily check {checklist_id}{case_part} --answers answers.yaml"
    )


class _DraftSaver:
    """Saves the walk's draft after every answer. A write that fails is reported at once and
    the walk goes on, holding the answers; the next write that works catches up. If the
    walk ends while writes still fail, everything typed is printed for the user to keep."""

    def __init__(
        self,
        store: Store,
        warn: Callable[[str], None],
        rescue: Callable[[Draft], None],
        draft: Draft,
    ) -> None:
        self.store = store
        self.warn = warn
        self.rescue = rescue  # shows the user everything typed, to keep
        self.draft = draft
        self.resume = resume_hint(draft.checklist_id, draft.case)
        self.failure: StoreError | None = None  # the last write, while writes fail

    def __call__(self, draft: Draft) -> None:
        try:
            self.store.save_draft(draft)
        except StoreError as exc:
            if self.failure is None:
                self.warn(
                    f"{exc.message} Carrying on: your answers are held here, and will be "
                    "saved or shown to you when you finish or leave."
                )
            self.failure = exc
        else:
            self.failure = None

    def print_all(self, failure: str) -> StoreError:
        """Print everything typed, and the error to end the walk with."""

        self.rescue(self.draft)
        return StoreError(
            f"{failure} Your answers could not be saved.",
            hint=_copy_hint(self.draft.checklist_id, self.draft.case),
        )

    def quit(self, draft: Draft) -> None:
        """After `q`, which promised a saved draft: tried once more, and if it still cannot
        be written, everything typed is printed."""
        if self.failure:
            self(draft)
        if self.failure:
            raise self.print_all(self.failure.message)

    def stopped(self, draft: Draft, message: str) -> Interrupted:
        """What Ctrl-C ends the walk with: `message`, unless the draft cannot be written
        even now (it is tried once more): then everything typed is printed."""
        if self.failure:
            self(draft)
        if self.failure:
            failed = self.print_all(self.failure.message)
            return Interrupted(f"Stopped. {failed.message}", hint=failed.hint)
        return Interrupted(message, hint=f"To carry on: {self.resume}")


def walk(
    loaded: Loaded,
    case: str | None,
    prompter: Prompter,
    store: Store,
    settings: dict[str, str],
    *,
    resume: bool | None,
    start_from: str = ASK,
    warn: Callable[[str], None],
    rescue: Callable[[Draft], None],
    watch_names: tuple[str, ...] = (),
    guide: Callable[[str], str | None] | None = None,
    intro: bool = False,
) -> Saved | None:
    """Run the walk in a terminal (after the checklist's introduction, with `intro`); None
    when the user saved and quit with `q`. While it runs no other walk of the same
    checklist and case can start."""
    checklist = loaded.checklist
    with store.walking(checklist.id, case):  # before anything is shown: it may be refused
        if intro:
            introduce(checklist, prompter)
        try:
            draft = _starting_draft(
                loaded, case, prompter, store, resume=resume, start_from=start_from
            )
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("Stopped. Any draft is kept as it was.") from None
        save = _DraftSaver(store, warn, rescue, draft)
        store.save_draft(draft)  # fails early, before any typing
        try:
            finished = Walker(checklist, prompter, save, guide=guide).run(draft)
        except (KeyboardInterrupt, EOFError):
            stopped = "Stopped. Your answers so far are saved as a draft."
            raise save.stopped(draft, stopped) from None
        if not finished:
            save.quit(draft)
            return None
        try:
            review_identifiers(draft, loaded, prompter, watch_names, save)
        except (KeyboardInterrupt, EOFError):
            raise save.stopped(
                draft, "Stopped before saving. Your answers are saved as a draft."
            ) from None
        return _save_at_end(loaded, draft, settings, prompter, save)


def _save_at_end(
    loaded: Loaded,
    draft: Draft,
    settings: dict[str, str],
    prompter: Prompter,
    save: _DraftSaver,
) -> Saved:
    """Save the record; while neither it nor the draft can be written, let the user free
    some space and try again, or have everything typed printed."""
    while True:
        try:
            return save_record(save.store, loaded, draft, settings)
        except RecordNotSavedError as exc:
            prompter.show(f"{exc.message} Your answers cannot be kept as a draft either.", "bad")
            try:
                reply = prompter.ask(
                    "Free some space or fix the folder's permissions, then press Enter to try "
                    "again; or type p to print your answers to copy"
                )
            except (KeyboardInterrupt, EOFError):
                reply = "p"
            if reply.strip().lower() in ("p", "print", "q"):
                raise save.print_all(exc.message) from None


def introduce(checklist: Checklist, prompter: Prompter) -> None:
    """What a walk at the terminal starts with: title, introduction, source, keys."""
    prompter.show(checklist.title, "heading")
    if checklist.intro:
        prompter.show(checklist.intro)
    prompter.show(f"Source: {checklist.source.cite()}", "hint")
    scales: dict[str, str] = {}  # each scale's legend, where it is first asked
    for section, question in checklist.questions:
        scales.setdefault(question.scale, section.title)
    for number, (scale, title) in enumerate(scales.items()):
        where = f" ({title})" if len(scales) > 1 and number else ""
        prompter.show(f"Keys{where}: {key_legend(scale)}.", "hint")
    prompter.show(f"At a note, type {MANY_LINES} alone to write several lines.", "hint")


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
            reply = prompter.ask(REVIEW_PROMPT).strip()
            if reply.lower() in ("k", "keep"):
                break
            if reply.lower() in ("r", "replace", "redact"):
                text = privacy.redact(text, found)
                prompter.show(
                    "Only the highlighted parts were replaced; read the rest for names, "
                    f"addresses and other details: {text}",
                    "hint",
                )
            elif reply.lower() in ("", "e", "edit"):
                text = ask_text(prompter, "Type it again (Enter to skip)", text)
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
    loaded: Loaded,
    case: str | None,
    prompter: Prompter,
    store: Store,
    *,
    resume: bool | None,
    start_from: str = ASK,
) -> Draft:
    checklist = loaded.checklist

    def fresh(*, replacing: bool = False) -> Draft:
        draft = new_draft(loaded, case)
        draft.last = last_walk(store, loaded, case, prompter, start_from)
        if replacing:  # only once the new walk is settled: a refusal above keeps the draft
            store.delete_draft(checklist.id, case)
        return draft

    if resume is False:  # start again, even from a draft too damaged to read
        return fresh(replacing=True)
    draft = store.load_draft(checklist.id, case)
    if draft is None:
        return fresh()
    saved = store.saved_from(draft)
    if saved is not None:  # the last walk stopped after saving its record, before tidying up
        prompter.show(
            f"Your last walk of this checklist was saved as {saved.stem}; its draft is "
            "removed, and a new walk starts.",
            "hint",
        )
        return fresh(replacing=True)
    if resume is None:
        resume = _resume_it(draft, case, prompter)
    if not resume:
        return fresh(replacing=True)
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


def last_walk(
    store: Store, loaded: Loaded, case: str | None, prompter: Prompter, start_from: str
) -> LastTime | None:
    """The earlier walk a new walk starts from: none (`fresh`), the last of this checklist
    and case (`latest`, or offered when `ask`), or a record named."""
    checklist = loaded.checklist
    if start_from == FRESH:
        return None
    if start_from in (ASK, LATEST):
        path = store.latest_of(checklist.id, case)
        if path is None:
            if start_from == LATEST:
                raise NotFoundError(
                    f"There is no earlier walk of {checklist.id}"
                    + (f" for case {case}." if case else " without a case."),
                    hint="Leave out --from to start afresh.",
                )
            return None
    else:
        path = store.resolve(start_from)
    try:
        record = store.read_record(path)
    except StoreError:
        if start_from != ASK:
            raise
        prompter.show(f"Your last walk, {path.stem}, cannot be read; starting afresh.", "hint")
        return None
    if record.checklist.id != checklist.id:
        raise ThinkFamilyError(
            f"{record.id} is a walk of {record.checklist.id}, not of {checklist.id}.",
            hint=f"Give a record of {checklist.id}, or --fresh.",
        )
    if start_from == ASK and not _start_from_it(record, case, prompter):
        return None
    return LastTime.of(record)


def _start_from_it(record: Record, case: str | None, prompter: Prompter) -> bool:
    day = day_text(record.finished_at.date())
    prompter.show(
        f"You walked this checklist{f' for case {case}' if case else ''} on {day} "
        f"({record.id}). Each of those answers can be shown again and kept with Enter.",
        "hint",
    )
    return ask_yes_no(prompter, "Start from last time's answers?", default=True)


def run_answers(
    loaded: Loaded,
    case: str | None,
    answers: dict[str, Given],
    store: Store,
    settings: dict[str, str],
    *,
    reflection: str | None = None,
    watch_names: tuple[str, ...] = (),
    redact_identifiers: bool = False,
) -> tuple[Saved, list[privacy.Place]]:
    """Save a record from answers given in a file, with no prompts. Drafts are never
    touched: an unfinished walk of the same checklist and case stays as it is.

    Identifier-like text is kept and reported, or replaced when `redact_identifiers`.
    """

    draft = new_draft(loaded, case)
    draft.answers = answers
    draft.current = None
    draft.reflection = reflection
    places = privacy.scan_answers(answers, _order(loaded), reflection, watch_names)
    if redact_identifiers:
        for place in places:
            _put(draft, place, privacy.redact(place.text, list(place.findings)))
    try:
        saved, path = store.save_record(_record(loaded, draft, settings))
    except StoreError as exc:
        raise StoreError(
            exc.message,
            hint="Nothing was saved; the answers are still in their file. Free some space or "
            "fix the folder's permissions, then run the same command again.",
        ) from None
    return Saved(saved, path), places
