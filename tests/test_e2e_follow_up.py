"""Closing the loop in a real pseudo-terminal against the installed command: a walk with
a concern and an action, supervision with an action due 05/01/2027, the actions list,
a clock after the day, the action done, a second walk that starts from the first, the
case's story, and `show` by case reference."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import PSEUDO_TERMINAL, guarded_env, installed_command
from .test_e2e_pty import ACTION, CLOSING, KEYS, NOTE, Terminal

pytest.importorskip("pexpect")
pytestmark = PSEUDO_TERMINAL

CASE = "FU1"


def command(home: Path, now: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = guarded_env(home.parent / "net.log", THINKFAMILY_HOME=str(home), THINKFAMILY_NOW=now)
    return subprocess.run(
        [installed_command(), *args], env=env, capture_output=True, encoding="utf-8", check=False
    )


def test_an_action_agreed_followed_and_a_second_walk_from_the_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first_day = "2026-12-01T10:00:00+00:00"

    # A walk with a concern and an action.
    t = Terminal(home, "check", "practitioner", "--case", CASE, THINKFAMILY_NOW=first_day)
    t.expect("1/16  Have I asked who is the family")
    t.answer(KEYS, "n")
    t.answer(NOTE, "Only met mum")
    t.answer(ACTION, "Draw a genogram")
    for number in range(2, 17):
        t.expect(f"{number}/16  ")
        t.answer(KEYS, "y")
        t.answer(NOTE, "")
        if number == 14:  # assumptions: yes is the concern
            t.answer(ACTION, "")
    t.answer(CLOSING, "")
    t.expect("Finished: 16 of 16 questions answered")
    assert t.finish()[0] == 0

    # Supervision agrees an action due 05/01/2027.
    result = command(
        home, first_day, "supervise", CASE.lower(), "--supervisor", "J. Patel",
        "--decisions", "Refer to adult services",
        "--action", "Make the referral", "--by", "05/01/2027",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "  Make the referral: by 5 Jan 2027\n" in result.stderr

    # `show` by case reference shows the supervision decisions.
    shown = command(home, first_day, "show", CASE).stdout
    assert "    Decisions: Refer to adult services\n" in shown
    assert ": Make the referral, by 5 Jan 2027 (due in 35 days)\n" in shown

    # Both actions, with real days.
    listed = command(home, "2026-12-04T09:00:00+00:00", "actions", "--json")
    assert listed.returncode == 0
    actions = json.loads(listed.stdout)
    assert [(a["action"], a["due"], a["status"]) for a in actions] == [
        ("Make the referral", "2027-01-05", "due"),
        ("Draw a genogram", None, "open"),
    ]

    # A clock after the day shows it overdue (exit 3); done clears it.
    later = "2027-01-10T09:00:00+00:00"
    overdue = command(home, later, "actions", "--overdue")
    assert overdue.returncode == 3
    assert "overdue 5 days" in overdue.stdout
    short = overdue.stdout.splitlines()[1].split()[0]
    done = command(home, later, "actions", "done", short, "--note", "Referral made")
    assert (done.returncode, done.stderr) == (
        0,
        "Done: Make the referral (case FU1, practitioner)\n",
    )
    cleared = command(home, later, "actions", "--overdue")
    assert (cleared.returncode, cleared.stdout) == (0, "")

    # A second walk of the same case offers last time's answers and shows them.
    t = Terminal(home, "check", "practitioner", "--case", CASE, THINKFAMILY_NOW=later)
    t.expect("You walked this checklist for case FU1 on 1 Dec 2026")
    t.answer("Start from last time's answers? [y/n] (y)", "")
    t.expect("1/16  Have I asked who is the family")
    t.expect("Last time (1 Dec 2026): no - Only met mum - Draw a genogram")
    t.answer(f"{KEYS} (n)", "y")  # things have moved on
    t.expect("Earlier: Only met mum")
    t.answer("Note (Enter keeps it, - clears it)", "Met dad and gran")
    for number in range(2, 17):
        t.expect(f"{number}/16  ")
        t.expect("Last time (1 Dec 2026): yes")
        t.answer(f"{KEYS} (y)", "")  # kept with Enter
        t.answer(NOTE, "")
        if number == 14:
            t.answer(ACTION, "")
    t.answer(CLOSING, "")
    t.expect("Since your walk of 1 Dec 2026: 1 change; 15 unchanged")
    t.expect("Concern resolved:")
    assert t.finish()[0] == 0

    # The case's story, in order.
    story = json.loads(command(home, later, "case", CASE.lower(), "--json").stdout)
    assert [(e["day"], e["kind"]) for e in story["events"]] == [
        ("2026-12-01", "record"),
        ("2026-12-01", "supervision"),
        ("2027-01-10", "record"),
        ("2027-01-10", "done"),
    ]
