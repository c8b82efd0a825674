"""What supervision decided, shown with the record, and corrected without rewriting it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run


@pytest.fixture
def supervised(run: Run, make_record, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-01T10:00:00+00:00")
    path = make_record("professional-curiosity", "curious: no\n", "--case", "ABC123")
    result = run(
        "supervise", "abc123", "--date", "01/12/2026", "--supervisor", "J. Patel",
        "--decisions", "Refer to adult services",
        "--action", "Make the referral", "--by", "05/01/2027",
        "--action", "Review",
    )  # fmt: skip
    assert result.code == 0, result.err
    return path


def test_show_shows_each_discussion_with_its_actions_and_their_status(
    run: Run, supervised: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THINKFAMILY_NOW", "2027-01-10T09:00:00+00:00")
    out = run("show", "ABC123").out
    tail = out.split("\nSupervision\n", 1)[1].splitlines()
    assert tail[:2] == [
        "  Discussion 1: 2026-12-01, J. Patel",
        "    Decisions: Refer to adult services",
    ]
    assert tail[2].startswith("    Action ")
    assert tail[2].endswith(": Make the referral, by 5 Jan 2027 (overdue 5 days)")
    assert tail[3].endswith(": Review (no day set)")


def test_show_says_when_there_is_no_supervision(run: Run, make_record) -> None:
    make_record("professional-curiosity", "curious: no\n")
    out = run("show", "latest").out
    assert out.endswith("\nSupervision: none recorded (thinkfamily supervise RECORD)\n")


class TestAmend:
    def test_a_correction_is_added_and_shown_in_place_of_the_entry(
        self, run: Run, supervised: Path, home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        notes = home / "supervision" / f"{supervised.stem}.json"
        first = json.loads(notes.read_text(encoding="utf-8"))["sessions"][0]
        (action,) = [a for a in json.loads(run("actions", "--json").out) if a["due"]]
        run("actions", "done", action["id"])
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-03T10:00:00+00:00")
        result = run(
            "supervise", supervised.stem, "--amend", "1",
            "--reason", "Supervisor's name was wrong", "--supervisor", "J. Patil",
        )  # fmt: skip
        assert result.code == 0, result.err
        assert result.err.startswith(f"Discussion 1 of {supervised.stem} corrected in ")
        sessions = json.loads(notes.read_text(encoding="utf-8"))["sessions"]
        assert sessions[0] == first  # the entry as first written stays
        assert (sessions[1]["amends"], sessions[1]["reason"], sessions[1]["supervisor"]) == (
            1,
            "Supervisor's name was wrong",
            "J. Patil",
        )
        assert sessions[1]["decisions"] == "Refer to adult services"
        assert sessions[1]["actions"] == first["actions"]
        out = run("export", supervised.stem).out
        assert out.split("## Supervision discussion\n\n", 1)[1].splitlines()[:4] == [
            "- **Date:** 2026-12-01",
            "- **Supervisor:** J. Patil",
            "- **Decisions:** Refer to adult services",
            "- **Corrected** on 2026-12-03: Supervisor's name was wrong",
        ]
        assert "### Discussion 2" not in out
        shown = run("show", supervised.stem).out
        assert "    Corrected 2026-12-03: Supervisor's name was wrong" in shown
        assert "(done 1 Dec 2026)" in shown  # a correction keeps what was marked done

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (["--amend", "1", "--decisions", "x"], "Say why the discussion is corrected"),
            (["--amend", "2", "--reason", "r", "--decisions", "x"], "There is no discussion 2"),
            (["--amend", "1", "--reason", "r"], "Nothing to correct"),
            (["--reason", "r", "--decisions", "x"], "--reason goes with --amend N"),
        ],
    )
    def test_refusals(
        self, run: Run, supervised: Path, home: Path, options: list[str], message: str
    ) -> None:
        notes = home / "supervision" / f"{supervised.stem}.json"
        before = notes.read_bytes()
        result = run("supervise", supervised.stem, *options)
        assert result.code == 1
        assert result.err.startswith(f"Error: {message}")
        assert notes.read_bytes() == before


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
