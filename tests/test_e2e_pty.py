"""The installed `thinkfamily` command in a real pseudo-terminal, as a practitioner uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thinkfamily import check
from thinkfamily.errors import ExitCode

from .conftest import PSEUDO_TERMINAL, assert_private, guarded_env, installed_command

pexpect = pytest.importorskip("pexpect")
pytestmark = PSEUDO_TERMINAL

KEYS = "[y/p/n/x/?/b/s/q]"
PLAIN_KEYS = "\nAnswer "  # plain mode says the keys once, at the start
NOTE = "Note (Enter to skip)"
ACTION = "What will you do, or take to supervision? (Enter to skip)"
CLOSING = "What do you want to take to supervision? (Enter to skip)"


class Terminal:
    """The installed command in a pseudo-terminal, with any network use logged and refused."""

    def __init__(self, home: Path, *args: str, errors: str = "strict", **extra: str) -> None:
        env = guarded_env(
            home.parent / "net.log",
            **{"THINKFAMILY_HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", **extra},
        )
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(
            installed_command(),
            list(args),
            env=env,
            encoding="utf-8",
            codec_errors=errors,
            timeout=15,
            dimensions=(50, 220),
        )

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def answer(self, prompt: str, reply: str) -> None:
        self.expect(prompt)
        self.child.sendline(reply)

    def finish(self) -> tuple[int, str]:
        rest = self.child.read()
        self.child.close()
        return self.child.exitstatus, rest


def records(home: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((home / "records").iterdir())]


def test_full_walk_with_every_key_then_an_interrupted_walk_resumed(tmp_path: Path) -> None:
    home = tmp_path / "home"

    # First walk: every key, then save and quit with q part-way.
    t = Terminal(home, "check", "practitioner", "--case", "PTY1")
    t.expect("1/16  Have I asked who is the family")
    t.answer(KEYS, "?")
    t.expect("Family means different things to different people")
    t.answer(KEYS, "y")
    t.answer(NOTE, "Spoke to mum; [bold]dad[/] away")
    t.expect("2/16  Do I know who else lives in the household")
    t.answer(KEYS, "p")
    t.answer(NOTE, "")
    t.answer(ACTION, "Ask about the lodger")
    t.answer(KEYS, "n")
    t.answer(NOTE, "")
    t.answer(ACTION, "Draw a genogram")
    t.answer(KEYS, "x")
    t.answer(NOTE, "")
    t.expect("5/16  Have I considered the strengths")
    t.answer(KEYS, "b")
    t.expect("4/16  Have I taken time to understand all the demands")
    t.answer(f"{KEYS} (x)", "")
    t.answer(NOTE, "")
    t.answer(KEYS, "s")
    t.expect("6/16  Have I considered their resilience")
    t.answer(KEYS, "zz")
    t.expect("'zz' is not one of the keys: y yes, p partly")
    t.answer(KEYS, "y")
    t.answer(NOTE, "")
    t.expect("7/16")
    t.answer(KEYS, "q")
    code, out = t.finish()
    assert code == 0
    assert "To carry on: thinkfamily check practitioner --case PTY1 --resume" in out
    assert not (home / "records").exists()

    # Run it again: it offers the draft, and carries on from question 7.
    t = Terminal(home, "check", "practitioner", "--case", "PTY1")
    t.expect("with 6 questions answered.")
    t.answer("Resume it? [y/n] (y)", "")
    for number in range(7, 17):
        t.expect(f"{number}/16  ")
        t.answer(KEYS, "y")
        t.answer(NOTE, "")
        if number == 14:  # "Have I made assumptions about the family?": yes is the concern
            t.answer(ACTION, "Check with the school")
    t.answer(CLOSING, "Dad's drinking and the lodger")
    t.expect(
        "Finished: 15 of 16 questions answered (yes 12, partly 1, no 1, not applicable 1, "
        "skipped 1)."
    )
    code, _ = t.finish()
    assert code == 0

    # Second walk: Ctrl-C part-way, then --resume and finish.
    t = Terminal(home, "check", "practitioner", "--case", "PTY2")
    t.answer(KEYS, "n")
    t.answer(NOTE, "Zażółć gęślą jaźń 👨‍👩‍👧")
    t.answer(ACTION, "Visit again")
    t.answer(KEYS, "y")
    t.answer(NOTE, "")
    t.expect("3/16")
    t.expect(KEYS)
    t.child.sendintr()
    code, out = t.finish()
    assert code == 130
    assert "To carry on: thinkfamily check practitioner --case PTY2 --resume" in out

    t = Terminal(home, "check", "practitioner", "--case", "PTY2", "--resume")
    t.expect("3/16  Do I have a picture of the family as a whole?")
    for _ in range(3, 17):
        t.answer(KEYS, "y")
        t.answer(NOTE, "")
        if _ == 14:
            t.answer(ACTION, "")
    t.answer(CLOSING, "")
    code, _ = t.finish()
    assert code == 0

    first, second = sorted(records(home), key=lambda r: r["case"])
    answers = {a["question_id"]: a for a in first["answers"]}
    assert [
        answers[q]["answer"]
        for q in (
            "who-is-the-family",
            "household",
            "whole-family",
            "demands",
            "strengths",
            "resilience",
        )
    ] == ["yes", "partly", "no", "na", "skipped", "yes"]
    assert answers["who-is-the-family"]["note"] == "Spoke to mum; [bold]dad[/] away"
    assert answers["household"]["action"] == "Ask about the lodger"
    assert answers["assumptions"]["concern"] is True
    assert answers["assumptions"]["action"] == "Check with the school"
    assert first["reflection"] == "Dad's drinking and the lodger"
    assert [a["question_id"] for a in first["answers"] if a["concern"]] == [
        "household",
        "whole-family",
        "assumptions",
    ]

    assert second["case"] == "PTY2"
    assert second["answers"][0]["note"] == "Zażółć gęślą jaźń 👨‍👩‍👧"
    assert second["answers"][0]["action"] == "Visit again"
    assert [a["answer"] for a in second["answers"]] == ["no"] + ["yes"] * 15
    assert second["reflection"] is None

    assert not list((home / "drafts").iterdir())
    assert not (tmp_path / "net.log").exists()
    for path in (home, home / "drafts", home / "records", *(home / "records").iterdir()):
        assert_private(path)


# --- Ctrl-C at the identifier review ---------------------------------------------------


REVIEW = check.REVIEW_PROMPT


def test_ctrl_c_at_the_identifier_review_keeps_the_draft_and_says_how_to_resume(
    home: Path,
) -> None:
    t = Terminal(home, "check", "professional-curiosity", "--case", "R1", "--watch", "Nowak")
    t.answer(KEYS, "y")
    t.answer(NOTE, "Mr Nowak at home")
    t.answer(KEYS, "n")
    t.answer(NOTE, "")
    t.answer(KEYS, "n")
    t.answer(NOTE, "")
    t.answer(CLOSING, "email dad@example.com")
    t.answer(REVIEW, "e")
    t.answer("Type it again (Enter keeps it, - clears it)", "Dad at home")
    t.expect("In the closing reflection: an email address")
    t.expect(REVIEW)
    t.child.sendintr()
    code, out = t.finish()
    assert code == ExitCode.INTERRUPTED
    assert out.replace("\r\n", "\n").endswith(
        "\nStopped before saving. Your answers are saved as a draft.\n"
        "To carry on: thinkfamily check professional-curiosity --case R1 --resume\n"
    )
    assert "Traceback" not in out
    assert not (home / "records").exists()
    (draft,) = (home / "drafts").iterdir()
    kept = json.loads(draft.read_text(encoding="utf-8"))
    assert kept["answers"] == {
        "curious": {"answer": "yes", "note": "Dad at home"},
        "indicators-of-harm": {"answer": "no"},
        "tipping-point": {"answer": "no"},
    }
    assert (kept["reflection"], kept["current"]) == ("email dad@example.com", None)

    t = Terminal(home, "check", "professional-curiosity", "--case", "R1", "--resume")
    t.expect("Earlier: email dad@example.com")
    t.answer("What do you want to take to supervision? (Enter keeps it, - clears it)", "")
    t.answer(REVIEW, "r")
    code, _ = t.finish()
    assert code == ExitCode.OK
    (saved,) = (home / "records").iterdir()
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert [a["note"] for a in record["answers"]] == ["Dad at home", None, None]
    assert record["reflection"] == "email [redacted]"
    assert list((home / "drafts").iterdir()) == []
