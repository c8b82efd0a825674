"""When things go wrong under a practitioner: a full disk mid-walk, damaged drafts and
supervision files, Ctrl-C at the last question. Nothing typed is lost without being told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thinkfamily import check
from thinkfamily.errors import ExitCode
from thinkfamily.walk import CLOSING_PROMPT, NOTE_PROMPT

from .conftest import Run
from .test_e2e_pty import Terminal

REFLECT = "[y/p/n/x/?/b/s/q]"

# --- a damaged supervision file ------------------------------------------------------

DAMAGED_SUPERVISION = {
    "invalid JSON": b'{"record_id": "x", "sessions": [',
    "a JSON list": b"[]\n",
    "a wrong shape": b'{"schema": "thinkfamily.supervision/1", "sessions": "none"}\n',
}


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("damage", sorted(DAMAGED_SUPERVISION))
class TestDamagedSupervision:
    @pytest.fixture
    def notes(self, make_record, home: Path, damage: str) -> Path:
        """A record whose supervision file is damaged; the file."""
        record = make_record("professional-curiosity", "curious: {answer: no, note: Dad}\n")
        path = home / "supervision" / f"{record.stem}.json"
        path.parent.mkdir(mode=0o700)
        path.write_bytes(DAMAGED_SUPERVISION[damage])
        return path

    def message(self, notes: Path) -> str:
        return (
            f"Error: {notes} is not a readable supervision file.\n"
            "Move it aside; `thinkfamily supervise` will start a new one.\n"
        )

    def test_export_names_the_file(self, run: Run, notes: Path) -> None:
        result = run("export", "latest")
        assert (result.code, result.out, result.err) == (1, "", self.message(notes))

    def test_supervise_names_the_file_and_leaves_it_as_it_was(
        self, run: Run, notes: Path, damage: str
    ) -> None:
        result = run("supervise", "latest", "--decisions", "Refer")
        assert (result.code, result.out, result.err) == (1, "", self.message(notes))
        assert notes.read_bytes() == DAMAGED_SUPERVISION[damage]

    def test_show_and_json_and_csv_exports_do_not_read_it(self, run: Run, notes: Path) -> None:
        """The supervision notes are only in the Markdown summary and `show`; the record
        itself is still shown (with a warning naming the notes) and exported."""
        shown = run("show", "latest")
        assert (shown.code, shown.err) == (
            0,
            f"Warning: {notes} is not a readable supervision file. Move it aside; "
            "`thinkfamily supervise` will start a new one.\n",
        )
        assert "    Note: Dad\n" in shown.out
        for fmt in ("json", "csv"):
            exported = run("export", "latest", "--format", fmt)
            assert (exported.code, exported.err) == (0, ""), fmt
        listed = json.loads(run("records", "--json").out)
        assert listed[0]["supervised"] is True


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
