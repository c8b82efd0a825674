"""The walk, driven through the prompt interface with scripted answers."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from thinkfamily import check
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.convert import convert, dump
from thinkfamily.errors import Interrupted
from thinkfamily.models.checklist import Checklist
from thinkfamily.models.record import Draft
from thinkfamily.paths import user_paths
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

from .conftest import FILE_MODES
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
