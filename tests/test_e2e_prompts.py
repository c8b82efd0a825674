"""The other questions the installed command asks in a terminal: supervision, deletion, progress."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import PSEUDO_TERMINAL, installed_command, system_env
from .test_e2e_pty import Terminal

pexpect = pytest.importorskip("pexpect")
pytestmark = [PSEUDO_TERMINAL, pytest.mark.usefixtures("one_record")]


@pytest.fixture
def one_record(home: Path, tmp_path: Path) -> None:
    """The test's own data folder (conftest's `home`) with one practitioner record, made
    with --answers."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("household: partly\n", encoding="utf-8")
    subprocess.run(
        [installed_command(), "check", "practitioner", "--case", "E1", "--answers", str(answers)],
        env=system_env(THINKFAMILY_HOME=str(home)),
        check=True,
        capture_output=True,
    )


def test_supervise_asks_for_each_part(home: Path) -> None:
    t = Terminal(home, "supervise", "latest")
    t.answer("Date of supervision (Enter for ", "31/11/2026")
    t.expect("'31/11/2026' is not a date that exists: November 2026 has 30 days.")
    t.answer("Date of supervision (Enter for ", "30/11/2026")
    t.answer("Supervisor (Enter to skip)", "J. Patel")
    t.answer("What did supervision decide? (Enter to skip)", "Refer to adult services")
    t.answer("Agreed action (Enter when there are no more)", "Make the referral")
    t.answer("By when? (a date, a weekday or +2w; Enter to skip)", "someday")
    t.expect("'someday' is not a date")
    t.answer("By when? (a date, a weekday or +2w; Enter to skip)", "Friday")
    t.expect("by 4 Dec 2026")  # the Friday after Monday 30 November
    t.answer("Agreed action (Enter when there are no more)", "")
    code, out = t.finish()
    assert code == 0
    assert "recorded (1 discussion)" in out
    assert "Make the referral: by 4 Dec 2026 (Friday)" in out
    (notes,) = (home / "supervision").iterdir()
    session = json.loads(notes.read_text(encoding="utf-8"))["sessions"][0]
    assert (session["date"], session["supervisor"], session["decisions"], session["actions"]) == (
        "2026-11-30",
        "J. Patel",
        "Refer to adult services",
        [{"action": "Make the referral", "by": "Friday", "due": "2026-12-04"}],
    )


def test_delete_asks_first_and_no_keeps_the_record(home: Path) -> None:
    (record,) = (home / "records").glob("*.json")
    t = Terminal(home, "delete", "latest")
    t.answer("Delete it? [y/N]", "")
    code, out = t.finish()
    assert (code, record.exists()) == (0, True)
    assert "Nothing was deleted." in out
    t = Terminal(home, "delete", "latest")
    t.answer("Delete it? [y/N]", "y")
    code, out = t.finish()
    assert (code, record.exists()) == (0, False)
    assert f"Deleted {record}" in out


def test_report_shows_progress_when_reading_many_records(home: Path) -> None:
    (record,) = (home / "records").glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    for i in range(320):
        data["id"] = f"20250101T0000{i // 60:02d}Z_practitioner_C{i}"
        (home / "records" / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    env = system_env(THINKFAMILY_HOME=str(home), TERM="xterm-256color")
    output = pexpect.run(
        installed_command(),
        args=["report"],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )
    assert "Reading records" in output
    assert "Report on 321 records." in output
