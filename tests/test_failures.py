"""When things go wrong under a practitioner: a full disk mid-walk, damaged drafts and
supervision files, Ctrl-C at the last question. Nothing typed is lost without being told."""

from __future__ import annotations

import json
from pathlib import Path

from thinkfamily import check
from thinkfamily.errors import ExitCode
from thinkfamily.walk import CLOSING_PROMPT, NOTE_PROMPT

from .test_e2e_pty import Terminal

REFLECT = "[y/p/n/x/?/b/s/q]"

# --- a damaged supervision file ------------------------------------------------------


# --- Ctrl-C at the identifier review ---------------------------------------------------

REVIEW = check.REVIEW_PROMPT


def test_ctrl_c_at_the_identifier_review_keeps_the_draft_and_says_how_to_resume(
    home: Path,
) -> None:
    t = Terminal(home, "check", "professional-curiosity", "--case", "R1", "--watch", "Nowak")
    t.answer(REFLECT, "y")
    t.answer(NOTE_PROMPT, "Mr Nowak at home")
    t.answer(REFLECT, "n")
    t.answer(NOTE_PROMPT, "")
    t.answer(REFLECT, "n")
    t.answer(NOTE_PROMPT, "")
    t.answer(CLOSING_PROMPT, "email dad@example.com")
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
