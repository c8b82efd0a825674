"""The walk, driven through the prompt interface with scripted answers."""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from thinkfamily import check, files
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.convert import convert, dump
from thinkfamily.errors import ExitCode, Interrupted, StoreError
from thinkfamily.models.checklist import Checklist
from thinkfamily.models.record import Draft
from thinkfamily.paths import user_paths
from thinkfamily.render.answers import answers_file
from thinkfamily.store import Store
from thinkfamily.walk import (
    ACTION_PROMPT,
    CLOSING_PROMPT,
    IN_PLACE_MORE,
    IN_PLACE_NOW,
    NOTE_PROMPT,
    Walker,
    changed_questions,
)

from .conftest import FILE_MODES, Run, interactive_draft
from .scripted import CTRL_C, ScriptedPrompter

REFLECT = "[y/p/n/x/?/b/s/q]"
IN_PLACE = "[i/p/n/?/b/s/q]"
PRESENT = "[p/n/u/?/b/s/q]"
TRUE_FALSE = "[t/f/?/b/s/q]"
TEXT = "Your answer [?/b/s/q]"

MIXED = convert(
    (
        {
            "id": "mixed",
            "title": "Every scale",
            "audience": "practitioner",
            "version": "1",
            "source": {"document": "Test"},
            "sections": [
                {
                    "id": "one",
                    "title": "Section one",
                    "questions": [
                        {
                            "id": "r",
                            "text": "Reflect?",
                            "scale": "reflect",
                            "guidance": "Think. (Test)",
                        },
                        {"id": "i", "text": "Area", "scale": "in-place"},
                    ],
                },
                {
                    "id": "two",
                    "title": "Section two",
                    "questions": [
                        {"id": "p", "text": "Factor", "scale": "present"},
                        {
                            "id": "t",
                            "text": "Statement",
                            "scale": "true-false",
                            "answer": False,
                            "reason": "Because. (Test)",
                        },
                        {"id": "x", "text": "Anything else?", "scale": "text"},
                    ],
                },
            ],
        }
    ),
    Checklist,
)


def walk(script: list, state: Draft | None = None, checklist: Checklist = MIXED):
    prompter = ScriptedPrompter(list(script))
    saves: list[dict] = []
    state = state or Draft(
        checklist_id="mixed",
        sha256="0" * 64,
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current=checklist.questions[0][1].id,
    )
    finished = Walker(
        checklist, prompter, lambda s: saves.append(json.loads(json.dumps(dump(s))))
    ).run(state)
    assert prompter.script == [], "the walk ended before the script did"
    return finished, state, prompter, saves


def test_every_scale_is_asked_with_its_own_keys_and_follow_ups() -> None:
    finished, state, prompter, _ = walk(
        [
            (REFLECT, "n"),
            (NOTE_PROMPT, "No time yet"),
            (ACTION_PROMPT, "Book a visit"),
            (IN_PLACE, "p"),
            (IN_PLACE_NOW, "A policy"),
            (IN_PLACE_MORE, "Training"),
            (ACTION_PROMPT, ""),
            (PRESENT, "p"),
            (NOTE_PROMPT, ""),
            (ACTION_PROMPT, "Refer"),
            (TRUE_FALSE, "t"),
            (TEXT, "Grandad visits daily"),
            (CLOSING_PROMPT, "The housing"),
        ]
    )
    assert finished is True
    assert state.answers == {
        "r": {"answer": "no", "note": "No time yet", "action": "Book a visit"},
        "i": {
            "answer": "partly",
            "currently_in_place": "A policy",
            "more_could_be_in_place": "Training",
        },
        "p": {"answer": "present", "action": "Refer"},
        "t": {"answer": "true"},
        "x": {"answer": "answered", "response": "Grandad visits daily"},
    }
    assert state.reflection == "The housing"
    assert ("bad", "Not quite: the answer is false. Because. (Test)") in prompter.shown
    assert [text for kind, text in prompter.shown if kind == "question"] == [
        "1/5  Reflect?",
        "2/5  Area",
        "3/5  Factor",
        "4/5  Statement",
        "5/5  Anything else?",
    ]
    assert [text for kind, text in prompter.shown if kind == "heading"] == [
        "Section one",
        "Section two",
    ]


def test_a_right_true_false_answer_says_so() -> None:
    state = Draft(
        checklist_id="mixed",
        sha256="",
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current="t",
    )
    _, state, prompter, _ = walk([(TRUE_FALSE, "f"), (TEXT, "s"), (CLOSING_PROMPT, "")], state)
    assert ("good", "Right. Because. (Test)") in prompter.shown
    assert state.answers["x"] == {"answer": "skipped"}


def test_no_action_is_asked_for_an_answer_that_is_not_a_concern() -> None:
    _, state, _, _ = walk(
        [
            (REFLECT, "yes"),
            (NOTE_PROMPT, ""),
            (IN_PLACE, "in place"),
            (IN_PLACE_NOW, ""),
            (IN_PLACE_MORE, ""),
            (PRESENT, "not present"),
            (NOTE_PROMPT, ""),
            (TRUE_FALSE, "s"),
            (TEXT, "s"),
            (CLOSING_PROMPT, ""),
        ]
    )
    assert [a["answer"] for a in state.answers.values()] == [
        "yes",
        "in-place",
        "absent",
        "skipped",
        "skipped",
    ]


def test_back_offers_the_earlier_answer_and_texts_as_defaults() -> None:
    _, state, _, _ = walk(
        [
            (REFLECT, "p"),
            (NOTE_PROMPT, "First note"),
            (ACTION_PROMPT, "Ask dad"),
            (IN_PLACE, "b"),
            (f"{REFLECT} (p)", ""),
            ("Note (Enter keeps it, - clears it)", ""),
            ("What will you do, or take to supervision? (Enter keeps it, - clears it)", "-"),
            (IN_PLACE, "q"),
        ]
    )
    assert state.answers["r"] == {"answer": "partly", "note": "First note"}
    assert state.current == "i"


def test_back_at_the_first_question_says_so() -> None:
    _, _, prompter, _ = walk([(REFLECT, "b"), (REFLECT, "q")])
    assert "This is the first question." in prompter.hints()


def test_question_mark_shows_guidance_then_asks_again() -> None:
    _, _, prompter, _ = walk([(REFLECT, "?"), (REFLECT, "q")])
    assert ("guidance", "Think. (Test)") in prompter.shown


def test_a_mistyped_key_re_asks_with_a_one_line_hint() -> None:
    _, state, prompter, _ = walk([(REFLECT, "maybe"), (REFLECT, ""), (REFLECT, "q")])
    assert prompter.hints() == [
        "'maybe' is not one of the keys: y yes, p partly, n no, x not applicable, "
        "? guidance, b back, s skip, q save and quit.",
        "Please choose: y yes, p partly, n no, x not applicable, ? guidance, b back, "
        "s skip, q save and quit.",
    ]
    assert state.answers == {}


def test_state_is_saved_after_every_answer_and_on_quit() -> None:
    finished, _, _, saves = walk(
        [
            (REFLECT, "y"),
            (NOTE_PROMPT, "typed"),
            (IN_PLACE, "q"),
        ]
    )
    assert finished is False
    assert saves[0]["answers"] == {"r": {"answer": "yes"}}
    assert saves[1]["answers"] == {"r": {"answer": "yes", "note": "typed"}}
    assert saves[-1]["current"] == "i"


def test_resumes_at_the_saved_question() -> None:
    state = Draft(
        checklist_id="mixed",
        sha256="",
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current="x",
        answers={"r": {"answer": "yes"}},
    )
    _, state, prompter, _ = walk([(TEXT, "ok"), (CLOSING_PROMPT, "")], state)
    assert [t for k, t in prompter.shown if k == "question"] == ["5/5  Anything else?"]
    assert state.answers["r"] == {"answer": "yes"}


def test_changed_checklist_is_reported_by_question_id() -> None:
    state = Draft(
        checklist_id="mixed",
        sha256="old",
        version="1",
        started="2026-11-23T10:00:00+00:00",
        questions={
            "r": "Reflect, old wording?",
            "gone": "Removed?",
            "i": "Area",
            "p": "Factor",
            "t": "Statement",
        },
        answers={"gone": {"answer": "no"}, "r": {"answer": "yes"}},
    )
    assert changed_questions(state, MIXED) == [
        "reworded: r",
        "new: x",
        "no longer asked, earlier answers dropped: gone",
    ]
    assert state.answers == {"r": {"answer": "yes"}}


def test_assumptions_yes_asks_for_an_action() -> None:
    practitioner = Catalog(user_paths()).load("practitioner").checklist
    state = Draft(
        checklist_id="practitioner",
        sha256="",
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current="assumptions",
    )
    _, state, _, _ = walk(
        [
            (REFLECT, "y"),
            (NOTE_PROMPT, ""),
            (ACTION_PROMPT, "Check with the school"),
            (REFLECT, "q"),
        ],
        state,
        practitioner,
    )
    assert state.answers["assumptions"] == {"answer": "yes", "action": "Check with the school"}


class TestSession:
    """The walk with its draft and record, as `check` runs it."""

    def test_ctrl_c_keeps_the_draft_and_resume_finishes_it(
        self, loaded: Loaded, store: Store
    ) -> None:
        prompter = ScriptedPrompter([(REFLECT, "y"), (NOTE_PROMPT, "Curious"), (REFLECT, CTRL_C)])
        with pytest.raises(Interrupted) as caught:
            check.walk(loaded, "C1", prompter, store, {}, resume=None, warn=print, rescue=print)
        assert caught.value.hint == (
            "To carry on: thinkfamily check professional-curiosity --case C1 --resume"
        )
        draft = json.loads(
            store.draft_path("professional-curiosity", "C1").read_text(encoding="utf-8")
        )
        assert draft["answers"] == {"curious": {"answer": "yes", "note": "Curious"}}

        prompter = ScriptedPrompter(
            [
                ("Resume it? [y/n] (y)", ""),
                (REFLECT, "n"),
                (NOTE_PROMPT, ""),
                (REFLECT, "p"),
                (NOTE_PROMPT, ""),
                (ACTION_PROMPT, "Supervision"),
                (CLOSING_PROMPT, "All of it"),
            ]
        )
        saved = check.walk(
            loaded, "C1", prompter, store, {"name": "Sam"}, resume=None, warn=print, rescue=print
        )
        assert saved is not None
        assert [(a.question_id, a.answer, a.concern) for a in saved.record.answers] == [
            ("curious", "yes", False),
            ("indicators-of-harm", "no", False),
            ("tipping-point", "partly", True),
        ]
        assert saved.record.answers[0].note == "Curious"
        assert saved.record.practitioner.name == "Sam"
        assert saved.record.reflection == "All of it"
        assert not store.draft_path("professional-curiosity", "C1").exists()
        assert prompter.hints()[0].startswith("You have a draft of this checklist for case C1")

    def test_case_references_differing_only_in_letter_case_never_share_a_draft(
        self, loaded: Loaded, store: Store
    ) -> None:
        upper = ScriptedPrompter([(REFLECT, "y"), (NOTE_PROMPT, "Upper"), (REFLECT, CTRL_C)])
        with pytest.raises(Interrupted):
            check.walk(loaded, "AbC1", upper, store, {}, resume=None, warn=print, rescue=print)
        lower = ScriptedPrompter([(REFLECT, "x"), (NOTE_PROMPT, "lower"), (REFLECT, "q")])
        assert (
            check.walk(loaded, "abc1", lower, store, {}, resume=None, warn=print, rescue=print)
            is None
        )
        assert lower.hints() == []  # AbC1's draft is not offered for abc1
        names = [p.name for p in store.drafts.iterdir()]
        assert len({name.lower() for name in names}) == 2  # apart even where letter case is not

        for case, key, note in (("AbC1", "y", "Upper"), ("abc1", "x", "lower")):
            draft = json.loads(
                store.draft_path("professional-curiosity", case).read_text(encoding="utf-8")
            )
            assert (draft["case"], draft["answers"]) == (
                case,
                {"curious": {"answer": {"y": "yes", "x": "na"}[key], "note": note}},
            )
            resumed = ScriptedPrompter(
                [("Resume it? [y/n] (y)", ""), (REFLECT, "b"), (f"{REFLECT} ({key})", "q")]
            )
            assert (
                check.walk(loaded, case, resumed, store, {}, resume=None, warn=print, rescue=print)
                is None
            )
            assert resumed.hints()[0].startswith(
                f"You have a draft of this checklist for case {case},"
            )
            assert resumed.hints()[0].endswith(", with 1 question answered.")

    def test_a_draft_from_an_older_checklist_resumes_by_question_id(
        self, loaded: Loaded, store: Store
    ) -> None:
        state = check.new_draft(loaded, None)
        state.sha256 = "an older file"
        state.questions = {"curious": "Old wording?", "retired": "Gone?"}
        state.answers = {"curious": {"answer": "yes"}, "retired": {"answer": "no"}}
        state.current = "indicators-of-harm"
        store.save_draft(state)
        prompter = ScriptedPrompter([(REFLECT, "q")])
        assert (
            check.walk(loaded, None, prompter, store, {}, resume=True, warn=print, rescue=print)
            is None
        )
        assert prompter.hints() == [
            "The checklist has changed since this draft was saved; answers are matched by "
            "question id.\n  reworded: curious\n  new: indicators-of-harm, tipping-point\n"
            "  no longer asked, earlier answers dropped: retired"
        ]
        draft = json.loads(
            store.draft_path("professional-curiosity", None).read_text(encoding="utf-8")
        )
        assert draft["answers"] == {"curious": {"answer": "yes"}}
        assert draft["sha256"] == loaded.sha256

    def test_new_discards_the_draft(self, loaded: Loaded, store: Store) -> None:
        store.save_draft(check.new_draft(loaded, None))
        prompter = ScriptedPrompter([(REFLECT, "q")])
        assert (
            check.walk(loaded, None, prompter, store, {}, resume=False, warn=print, rescue=print)
            is None
        )
        assert prompter.hints() == []

    def test_declining_to_resume_asks_before_discarding(self, loaded: Loaded, store: Store) -> None:
        state = check.new_draft(loaded, None)
        state.answers = {"curious": {"answer": "no"}}
        store.save_draft(state)
        prompter = ScriptedPrompter(
            [
                ("Resume it? [y/n] (y)", "n"),
                ("Start again and discard the draft's answers? [y/n] (n)", ""),
                ("Resume it? [y/n] (y)", "y"),
                (REFLECT + " (n)", "q"),
            ]
        )
        assert (
            check.walk(loaded, None, prompter, store, {}, resume=None, warn=print, rescue=print)
            is None
        )

    @FILE_MODES
    def test_record_and_folders_are_private_whatever_the_umask(
        self, loaded: Loaded, store: Store, home: Path
    ) -> None:
        old = os.umask(0)
        try:
            saved, _ = check.run_answers(loaded, "C2", {"curious": {"answer": "yes"}}, store, {})
        finally:
            os.umask(old)
        assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(saved.path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert [a.answer for a in saved.record.answers] == ["yes", "skipped", "skipped"]


def test_going_back_to_a_concern_and_answering_otherwise_drops_its_action() -> None:
    """An action belongs to a concern: once the answer is no longer one, it goes."""
    _, state, _, _ = walk(
        [
            (REFLECT, "n"),
            (NOTE_PROMPT, ""),
            (ACTION_PROMPT, "Book a visit"),
            (IN_PLACE, "b"),
            (f"{REFLECT} (n)", "y"),
            (NOTE_PROMPT, ""),
            (IN_PLACE, "q"),
        ]
    )
    assert state.answers["r"] == {"answer": "yes"}


class PlainPrompter(ScriptedPrompter):
    """A screen reader's walk (`--plain`): the prompts leave the keys out."""

    plain = True


def test_in_plain_mode_the_prompt_does_not_read_the_keys_at_every_question() -> None:
    prompter = PlainPrompter(
        [
            ("Answer", "n"),
            (NOTE_PROMPT, "Not yet"),
            (ACTION_PROMPT, ""),
            ("Answer", "zz"),  # a key it does not know: the keys are said again
            ("Answer", "i"),
            (IN_PLACE_NOW, ""),
            (IN_PLACE_MORE, ""),
            ("Answer", "b"),  # back: the answer given is offered as the default
            ("Answer (i)", ""),
            (IN_PLACE_NOW, ""),
            (IN_PLACE_MORE, ""),
            ("Answer", "n"),
            (NOTE_PROMPT, ""),
            ("Answer", "t"),
            ("Your answer", "Grandad"),
            (CLOSING_PROMPT, ""),
        ]
    )
    state = Draft(
        checklist_id="mixed",
        sha256="0" * 64,
        version="1",
        started="2026-11-23T10:00:00+00:00",
        current="r",
    )
    assert Walker(MIXED, prompter, lambda _: None).run(state) is True
    assert prompter.script == []
    assert not any("[" in prompt for prompt in prompter.asked)
    assert prompter.hints() == [
        "'zz' is not one of the keys: i in place, p partly, n not in place, ? guidance, "
        "b back, s skip, q save and quit."
    ]


# --- the reliability review (F4, F7, F20) ---------------------------------------------


class TestF4TwoWalksOfOneDraft:
    """Reliability review F4: a second walk of one checklist and case is refused."""

    def test_a_second_walk_of_the_same_checklist_and_case_is_refused(
        self, store: Store, loaded: Loaded
    ) -> None:
        """Walk A holds the draft; walk B, started meanwhile, is refused before a question,
        and A's answers are all saved."""
        refused: list[str] = []
        second = ScriptedPrompter([])

        class Meanwhile(ScriptedPrompter):
            def ask(self, prompt: str) -> str:
                if not refused:  # walk B starts while walk A waits at its first question
                    try:
                        check.walk(
                            loaded,
                            "K1",
                            second,
                            store,
                            {},
                            resume=False,
                            warn=print,
                            rescue=print,
                            intro=True,
                        )
                    except StoreError as exc:
                        refused.append(f"{exc.message} {exc.hint}")
                return super().ask(prompt)

        walker = Meanwhile([(REFLECT, "y"), ("Note (Enter to skip)", "A's note"), (REFLECT, "q")])
        assert (
            check.walk(loaded, "K1", walker, store, {}, resume=None, warn=print, rescue=print)
            is None
        )
        assert refused == [
            "This checklist for case K1 is open in another thinkfamily window or terminal. "
            "Carry on there, or leave it there with q (its answers are kept as a draft), then "
            "run this again to resume."
        ]
        assert second.shown == []  # no introduction to a walk that cannot start
        saved = json.loads(store.draft_path("professional-curiosity", "K1").read_text("utf-8"))
        assert saved["answers"] == {"curious": {"answer": "yes", "note": "A's note"}}


class TestF7LeftoverCopies:
    """Reliability review F7: a draft left beside the record saved from it is not walked
    again."""

    def test_a_draft_whose_record_was_saved_is_not_offered_again(
        self, store: Store, loaded: Loaded
    ) -> None:
        """Killed between saving the record and removing the draft: the next walk does not
        offer the draft, so no second record of the same walk is made."""
        draft = check.new_draft(loaded, "K9")
        draft.answers = {"curious": {"answer": "no"}}
        draft.current = None
        saved = check.save_record(store, loaded, draft, {})
        draft.answers = {}  # as if the last draft write had failed too, and the process died
        store.save_draft(draft)
        start = ("Start from last time's answers? [y/n] (y)", "n")  # a new walk, offered it
        prompter = ScriptedPrompter([start, (REFLECT, "q")])
        assert (
            check.walk(loaded, "K9", prompter, store, {}, resume=None, warn=print, rescue=print)
            is None
        )
        assert prompter.hints()[0] == (
            f"Your last walk of this checklist was saved as {saved.path.stem}; its draft is "
            "removed, and a new walk starts."
        )


class TestF20Rest:
    """Reliability review F20 (the rest): Ctrl-D at "Resume it?" stops the walk."""

    def test_ctrl_d_at_resume_it_stops_with_130(self, store: Store, loaded: Loaded) -> None:
        interactive_draft(store, loaded, None, "kept")  # type: ignore[arg-type]

        class EndOfInput(ScriptedPrompter):
            def ask(self, prompt: str) -> str:
                self.asked.append(prompt)
                raise EOFError

        with pytest.raises(Interrupted) as stopped:
            check.walk(
                loaded, None, EndOfInput([]), store, {}, resume=None, warn=print, rescue=print
            )
        assert stopped.value.exit_code == ExitCode.INTERRUPTED
        assert stopped.value.message == "Stopped. Any draft is kept as it was."


# --- reliability review F1 and F2: a draft that cannot be written mid-walk ----------

FULL = "No space left on device"


@dataclass
class Disk:
    """The disk under the drafts folder: while `full`, every draft write fails as a full
    disk makes it fail; records and everything else are written as usual."""

    drafts: Path
    full: bool = False
    room: int | None = None  # when set, the disk fills after this many more draft writes

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = files.atomic_write

        def write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
            if path.parent == self.drafts:
                if self.room is not None:
                    self.full = self.room == 0
                    self.room = max(self.room - 1, 0)
                if self.full:
                    raise OSError(errno.ENOSPC, FULL)
            real(path, data, overwrite=overwrite)

        monkeypatch.setattr(files, "atomic_write", write)


FILL = ("disk", "fills up")  # script entries that change the disk before the next prompt
FREE = ("disk", "has room again")


@dataclass
class DiskPrompter(ScriptedPrompter):
    disk: Disk = field(default_factory=lambda: Disk(Path()))

    def ask(self, prompt: str) -> str:
        while self.script and self.script[0] in (FILL, FREE):
            self.disk.full = self.script.pop(0) == FILL
        return super().ask(prompt)


@pytest.fixture
def disk(store: Store, monkeypatch: pytest.MonkeyPatch) -> Disk:
    disk = Disk(store.drafts)
    disk.install(monkeypatch)
    return disk


PRINTED: list[str] = []  # what the last walk printed for the user to copy


def walk_d1(loaded: Loaded, store: Store, disk: Disk, script: list) -> tuple[list[str], object]:
    """Walk professional-curiosity for case D1; the warnings, and what the walk returned
    or raised. What it printed for the user to copy is in PRINTED."""
    warned: list[str] = []
    PRINTED.clear()
    prompter = DiskPrompter(list(script), disk=disk)
    try:
        outcome: object = check.walk(
            loaded,
            "D1",
            prompter,
            store,
            {},
            resume=None,
            warn=warned.append,
            rescue=lambda draft: PRINTED.append(answers_file(draft)),  # as the command does
        )
    except (Interrupted, StoreError) as exc:
        outcome = exc
    assert prompter.script == [], f"the walk ended before the script did: {outcome!r}"
    return warned, outcome


def draft_answers(store: Store) -> dict:
    draft = store.draft_path("professional-curiosity", "D1")
    return json.loads(draft.read_text(encoding="utf-8"))["answers"]


def warning(store: Store) -> str:
    return (
        f"Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Carrying on: your answers are held here, and will be saved or shown to you when "
        "you finish or leave."
    )


FIRST = [(REFLECT, "y"), (NOTE_PROMPT, "Asked about dad")]
SECOND = [(REFLECT, "y"), (NOTE_PROMPT, "Bruise on arm"), (ACTION_PROMPT, "Ring the school")]
FIRST_SAVED = {"curious": {"answer": "yes", "note": "Asked about dad"}}
SECOND_SAVED = {
    "indicators-of-harm": {"answer": "yes", "note": "Bruise on arm", "action": "Ring the school"}
}


def test_a_draft_write_that_fails_mid_walk_is_reported_once_and_the_walk_goes_on(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    """Reliability review F1: the disk fills while question 2 is answered and has room again
    by question 3: the walk asks every question, warns once, and the next save keeps
    everything, so Ctrl-C loses only the text being typed."""
    warned, outcome = walk_d1(
        loaded,
        store,
        disk,
        [
            *FIRST,
            FILL,
            *SECOND,
            FREE,
            (REFLECT, "p"),
            (NOTE_PROMPT, "Not sure yet"),
            (ACTION_PROMPT, CTRL_C),
        ],
    )
    assert warned == [warning(store)]
    assert isinstance(outcome, Interrupted)
    assert (outcome.message, outcome.hint, outcome.exit_code) == (
        "Stopped. Your answers so far are saved as a draft.",
        "To carry on: thinkfamily check professional-curiosity --case D1 --resume",
        ExitCode.INTERRUPTED,
    )
    assert draft_answers(store) == {
        **FIRST_SAVED,
        **SECOND_SAVED,
        "tipping-point": {"answer": "partly", "note": "Not sure yet"},
    }


def test_answers_held_while_the_draft_cannot_be_written_are_saved_in_the_record(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    """Reliability review F1 and F2: what the draft could not keep reaches the record."""
    warned, saved = walk_d1(
        loaded,
        store,
        disk,
        [*FIRST, FILL, *SECOND, (REFLECT, "n"), (NOTE_PROMPT, ""), (CLOSING_PROMPT, "Dad")],
    )
    assert warned == [warning(store)]
    assert isinstance(saved, check.Saved)
    assert [(a.question_id, a.answer, a.note, a.action) for a in saved.record.answers] == [
        ("curious", "yes", "Asked about dad", None),
        ("indicators-of-harm", "yes", "Bruise on arm", "Ring the school"),
        ("tipping-point", "no", None, None),
    ]
    assert saved.record.reflection == "Dad"
    assert not store.draft_path("professional-curiosity", "D1").exists()


def test_ctrl_c_tries_the_draft_once_more_and_keeps_everything_if_there_is_room(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    """Reliability review F1: Ctrl-C says the draft is saved only once it is."""
    warned, outcome = walk_d1(loaded, store, disk, [*FIRST, FILL, *SECOND, FREE, (REFLECT, CTRL_C)])
    assert warned == [warning(store)]
    assert isinstance(outcome, Interrupted)
    assert outcome.message == "Stopped. Your answers so far are saved as a draft."
    assert draft_answers(store) == {**FIRST_SAVED, **SECOND_SAVED}


COPY_HINT = (
    "Everything you typed is printed above, between the two marker lines. Copy it into a "
    "file (for example answers.yaml), free some space or fix the folder's permissions, then "
    "run: thinkfamily check professional-curiosity --case D1 --answers answers.yaml"
)
PRINTED_FIRST_TWO = (
    "# --- thinkfamily answers: copy from this line ---\n"
    "# checklist: professional-curiosity\n"
    "# case: D1\n"
    'curious: {answer: "yes", note: "Asked about dad"}\n'
    'indicators-of-harm: {answer: "yes", note: "Bruise on arm", action: "Ring the school"}\n'
    "# --- to this line ---\n"
)


@pytest.mark.parametrize("leave", ["q", "ctrl-c"])
def test_leaving_while_the_draft_cannot_be_written_prints_everything_typed(
    loaded: Loaded, store: Store, disk: Disk, leave: str
) -> None:
    """Reliability review F1: `q` means save and quit, and Ctrl-C promises a saved draft:
    neither may claim a draft it could not write, and what the draft lacks is printed for the
    user to keep."""
    warned, outcome = walk_d1(
        loaded, store, disk, [*FIRST, FILL, *SECOND, (REFLECT, "q" if leave == "q" else CTRL_C)]
    )
    assert warned == [warning(store)]
    failed = (
        f"Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Your answers could not be saved."
    )
    assert isinstance(outcome, StoreError if leave == "q" else Interrupted)
    assert outcome.message == (failed if leave == "q" else f"Stopped. {failed}")
    assert outcome.exit_code == (ExitCode.FAILED if leave == "q" else ExitCode.INTERRUPTED)
    assert outcome.hint == COPY_HINT
    assert PRINTED == [PRINTED_FIRST_TWO]
    assert draft_answers(store) == FIRST_SAVED


RETRY = (
    "Free some space or fix the folder's permissions, then press Enter to try again; "
    "or type p to print your answers to copy"
)


def fill_records(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Make the records folder's disk full until the returned flag is turned off."""
    real = store.save_record
    full = {"on": True}

    def save_record(record):  # type: ignore[no-untyped-def]
        if full["on"]:
            raise StoreError(f"Cannot save the record in {store.records}: {FULL}.")
        return real(record)

    monkeypatch.setattr(store, "save_record", save_record)
    return full


def test_what_is_printed_saves_the_whole_walk_with_check_answers(  # noqa: PLR0917
    run: Run,
    loaded: Loaded,
    store: Store,
    disk: Disk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reliability review F2: the disk fills after the first answer and stays full to the
    end, so neither the record nor the draft can be written: the user is asked to free space,
    declines, and everything typed, reflection included, is printed, and saves the record
    later."""
    records_full = fill_records(store, monkeypatch)
    warned, outcome = walk_d1(
        loaded,
        store,
        disk,
        [
            *FIRST,
            FILL,
            *SECOND,
            (REFLECT, "p"),
            (NOTE_PROMPT, 'Said "no" twice\\ then: ok'),
            (ACTION_PROMPT, ""),
            (CLOSING_PROMPT, "Dad's drinking; ask the school"),
            (RETRY, "p"),
        ],
    )
    assert warned == [warning(store)]
    assert isinstance(outcome, StoreError)
    assert outcome.hint == COPY_HINT
    assert draft_answers(store) == FIRST_SAVED
    (printed,) = PRINTED
    disk.full = records_full["on"] = False
    answers = tmp_path / "answers.yaml"
    answers.write_text(printed, encoding="utf-8")
    result = run("check", "professional-curiosity", "--case", "D1", "--answers", str(answers))
    assert result.code == 0, result.err
    (path,) = (store.records).glob("*.json")
    record = json.loads(path.read_text("utf-8"))
    assert [(a["answer"], a["note"], a["action"]) for a in record["answers"]] == [
        ("yes", "Asked about dad", None),
        ("yes", "Bruise on arm", "Ring the school"),
        ("partly", 'Said "no" twice\\ then: ok', None),
    ]
    assert record["reflection"] == "Dad's drinking; ask the school"


def test_at_the_end_the_user_can_free_space_and_save(
    loaded: Loaded, store: Store, disk: Disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reliability review F2: neither the record nor the draft can be written at the end: the
    walk waits for the user to free some space, then saves the record."""
    full = fill_records(store, monkeypatch)

    class Freeing(DiskPrompter):
        def ask(self, prompt: str) -> str:
            if prompt == RETRY:
                full["on"] = self.disk.full = False
            return super().ask(prompt)

    prompter = Freeing(
        [
            *FIRST,
            FILL,
            *SECOND,
            (REFLECT, "n"),
            (NOTE_PROMPT, ""),
            (CLOSING_PROMPT, ""),
            (RETRY, ""),
        ],
        disk=disk,
    )
    saved = check.walk(loaded, "D1", prompter, store, {}, resume=None, warn=print, rescue=print)
    assert isinstance(saved, check.Saved)
    assert [a.answer for a in saved.record.answers] == ["yes", "yes", "no"]
    assert prompter.script == []


@pytest.mark.usefixtures("terminal")
def test_q_while_the_draft_cannot_be_written_fails_and_says_so_at_the_command_line(
    run: Run, store: Store, disk: Disk
) -> None:
    """Reliability review F1: `check` does not say "Saved as a draft" when it was not."""
    disk.room = 1  # the draft the walk starts with is written, and nothing after it
    result = run("check", "professional-curiosity", "--case", "D1", stdin="y\nAsked\nq\n")
    assert result.code == ExitCode.FAILED
    assert result.err == (
        f"Warning: {warning(store)}\n"
        "# --- thinkfamily answers: copy from this line ---\n"
        "# checklist: professional-curiosity\n"
        "# case: D1\n"
        'curious: {answer: "yes", note: "Asked"}\n'
        "# --- to this line ---\n\n"
        f"Error: Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Your answers could not be saved.\n"
        f"{COPY_HINT}\n"
    )
    assert "Saved as a draft" not in result.out
    assert draft_answers(store) == {}
