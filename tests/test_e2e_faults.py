"""The installed command in a real pseudo-terminal when things go wrong under the user: the
data folder becomes unwritable mid-walk, text is pasted, a terminal sends bytes that are
not UTF-8, a line is longer than the terminal keeps."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from .conftest import PSEUDO_TERMINAL, running_as_root
from .test_e2e_pty import ACTION, CLOSING, KEYS, NOTE, PLAIN_KEYS, Terminal, records

pexpect = pytest.importorskip("pexpect")
pytestmark = PSEUDO_TERMINAL

BLOCK = re.compile(
    r"# --- thinkfamily answers: copy from this line ---\r?\n.*?# --- to this line ---\r?\n",
    re.DOTALL,
)


@pytest.mark.parametrize("how", ["replaced", "read-only"])
@pytest.mark.parametrize("leave", ["q", "ctrl-c", "sigterm", "end"])
def test_answers_typed_after_the_drafts_folder_fails_come_back(
    tmp_path: Path, leave: str, how: str
) -> None:
    """Mid-walk the drafts folder is replaced by a file, or made read-only, so no draft can
    be written: the walk says so at once and goes on; at q, Ctrl-C or the end everything
    typed is printed, and `check --answers` with what was printed saves the whole walk."""
    if how == "read-only" and running_as_root():
        pytest.skip("root writes to read-only folders; the replaced folder covers it")
    home = tmp_path / "home"
    t = Terminal(home, "check", "professional-curiosity", "--case", "F1", "--new")
    t.answer(KEYS, "y")
    t.answer(NOTE, "Asked about dad")
    drafts = home / "drafts"
    t.expect(KEYS)
    if how == "replaced":
        drafts.rename(home / "drafts-moved")
        drafts.write_text("in the way", encoding="utf-8")
    else:
        drafts.chmod(0o500)
    t.child.sendline("y")
    t.expect("Carrying on: your answers are held here")
    t.answer(NOTE, "Bruise on arm")
    t.answer(ACTION, "Ring the school")
    if leave == "q":
        t.answer(KEYS, "q")
    elif leave == "ctrl-c":
        t.expect(KEYS)
        t.child.sendintr()
    elif leave == "sigterm":  # a shutdown, or a window closed by another program
        t.expect(KEYS)
        t.child.kill(signal.SIGTERM)
    else:
        t.answer(KEYS, "p")
        t.answer(NOTE, "")
        t.answer(ACTION, "")
        t.answer(CLOSING, "Dad's drinking")
    code, rest = t.finish()
    assert code == (130 if leave in ("ctrl-c", "sigterm") else 0 if leave == "end" else 1)
    if leave == "end":  # the record itself could be written: nothing to print
        (record,) = records(home)
        assert [a["note"] for a in record["answers"]] == ["Asked about dad", "Bruise on arm", None]
        assert record["reflection"] == "Dad's drinking"
        return
    assert "Your answers could not be saved." in rest
    assert "Saved as a draft" not in rest
    (printed,) = BLOCK.findall(rest)
    answers = tmp_path / "answers.yaml"
    answers.write_text(printed.replace("\r\n", "\n"), encoding="utf-8")
    if how == "replaced":
        drafts.unlink()
        (home / "drafts-moved").rename(drafts)
    else:
        drafts.chmod(0o700)
    again = Terminal(
        home, "check", "professional-curiosity", "--case", "F1", "--answers", str(answers)
    )
    code, _ = again.finish()
    assert code == 0
    (record,) = records(home)
    assert [(a["answer"], a["note"], a["action"]) for a in record["answers"]] == [
        ("yes", "Asked about dad", None),
        ("yes", "Bruise on arm", "Ring the school"),
        ("skipped", None, None),
    ]


@pytest.mark.parametrize("plain", ["0", "1"], ids=["readline", "plain"])
def test_a_pasted_block_stays_one_note(tmp_path: Path, plain: str) -> None:
    home = tmp_path / "home"
    t = Terminal(home, "check", "professional-curiosity", "--case", "P1", THINKFAMILY_PLAIN=plain)
    keys = PLAIN_KEYS if plain == "1" else KEYS
    t.answer(keys, "p")
    t.expect(NOTE)
    # The paste's last line has no line break: the terminal holds it back until Enter.
    t.child.send("Visited 12/11. Mum low.\rn\rDad present, smelled of alcohol.")
    t.expect("Pasted text: press Enter on an empty line to end it, or type more first.")
    t.child.send("\r")
    if plain == "1":
        # Without a line editor the terminal holds the last line back, so a "+" comes
        # first and reads it; Enter at the next "+" ends the paste (sent sooner, with the
        # line, it would be read as part of the paste).
        t.expect("+")
    t.answer("+", "")
    t.answer(ACTION, "")
    t.expect("2/3")
    t.answer(keys, "q")
    code, _ = t.finish()
    assert code == 0
    (draft,) = (home / "drafts").glob("*.json")
    assert json.loads(draft.read_text("utf-8"))["answers"] == {
        "curious": {
            "answer": "partly",
            "note": "Visited 12/11. Mum low.\nn\nDad present, smelled of alcohol.",
        }
    }


def test_a_note_of_several_lines_ends_with_a_dot(tmp_path: Path) -> None:
    home = tmp_path / "home"
    t = Terminal(home, "check", "professional-curiosity", "--case", "P2", THINKFAMILY_PLAIN="1")
    t.expect("At a note, type . alone to write several lines.")
    t.answer(PLAIN_KEYS, "y")
    t.answer(NOTE, ".")
    t.answer(">", "First line")
    t.answer(">", "y")
    t.answer(">", ".")
    t.answer(PLAIN_KEYS, "q")
    assert t.finish()[0] == 0
    (draft,) = (home / "drafts").glob("*.json")
    answers = json.loads(draft.read_text("utf-8"))["answers"]
    assert answers == {"curious": {"answer": "yes", "note": "First line\ny"}}


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
@pytest.mark.parametrize("plain", ["0", "1"], ids=["readline", "plain"])
def test_bytes_that_are_not_utf8_never_stop_the_walk(
    tmp_path: Path, locale: str, plain: str
) -> None:
    """A terminal set to Latin-1 sends `é` as one byte. Read without a line editor, the
    text is read as Windows-1252; GNU readline in a UTF-8 locale drops the byte itself.
    Either way the note is saved and the walk goes on."""
    home = tmp_path / "home"
    t = Terminal(
        home,
        "check",
        "professional-curiosity",
        "--case",
        "U1",
        errors="replace",
        LANG=locale,
        LC_ALL=locale,
        THINKFAMILY_PLAIN=plain,
    )
    keys = PLAIN_KEYS if plain == "1" else KEYS
    t.answer(keys, "y")
    t.expect(NOTE)
    os.write(t.child.child_fd, b"Caf\xe9 with mum\r")  # as a Latin-1 terminal sends it
    t.answer(keys, "q")
    assert t.finish()[0] == 0
    (draft,) = (home / "drafts").glob("*.json")
    note = json.loads(draft.read_text("utf-8"))["answers"]["curious"]["note"]
    assert note in (("Café with mum",) if plain == "1" else ("Café with mum", "Caf with mum"))


def test_a_line_longer_than_the_terminal_keeps_is_never_cut_silently(tmp_path: Path) -> None:
    home = tmp_path / "home"
    t = Terminal(home, "check", "professional-curiosity", "--case", "L1", THINKFAMILY_PLAIN="1")
    t.answer(PLAIN_KEYS, "y")
    t.expect(NOTE)
    for _ in range(12):  # typed in pieces, as a terminal delivers a paste
        t.child.send("x" * 500)
    t.child.send("\r")
    t.expect("reached the terminal's limit of 4,095 characters")
    t.answer(PLAIN_KEYS, "y")
    t.expect(NOTE)
    t.child.send("A first line\r" + "y" * 4200 + "\r")  # the second line is too long
    t.expect("Pasted text:")
    t.answer("+", "")
    t.expect("reached the terminal's limit of 4,095 characters")
    t.answer(ACTION, "")
    t.answer(PLAIN_KEYS, "q")
    assert t.finish()[0] == 0
    (draft,) = (home / "drafts").glob("*.json")
    note = json.loads(draft.read_text("utf-8"))["answers"]["indicators-of-harm"]["note"]
    assert note.startswith("A first line\nyyyy")


def _tiny_file_system(folder: Path) -> bool:
    """Mount a 512 KiB tmpfs at `folder`; False where this cannot be done."""
    folder.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()


def test_a_disk_that_fills_mid_walk_loses_nothing_typed(tmp_path: Path) -> None:
    """On a real 512 KiB file system that fills after the first answer: the walk goes on,
    and at the end, where neither the record nor the draft can be written, the user is
    offered another try, then has every answer, note, action and the reflection printed,
    and `check --answers` with what was printed saves it all once there is room."""
    home = tmp_path / "home"
    if not _tiny_file_system(home):
        pytest.skip(
            "mounting a file system needs root with CAP_SYS_ADMIN here; the drafts "
            "folder test above covers the same failure"
        )
    try:
        t = Terminal(home, "check", "professional-curiosity", "--case", "D1")
        t.answer(KEYS, "y")
        t.answer(NOTE, "Asked about dad")
        t.expect(KEYS)
        _fill(home)
        t.child.sendline("y")
        t.expect("Carrying on: your answers are held here")
        t.answer(NOTE, "Bruise on arm")
        t.answer(ACTION, "Ring the school")
        t.answer(KEYS, "p")
        t.answer(NOTE, "Not sure yet")
        t.answer(ACTION, "Talk it through")
        t.answer(CLOSING, "Dad's drinking")
        t.answer("press Enter to try again", "")
        t.answer("press Enter to try again", "p")
        code, rest = t.finish()
        assert code == 1
        (printed,) = BLOCK.findall(rest)
        (home / "filler").unlink()
        answers = tmp_path / "answers.yaml"
        answers.write_text(printed.replace("\r\n", "\n"), encoding="utf-8")
        again = Terminal(
            home, "check", "professional-curiosity", "--case", "D1", "--answers", str(answers)
        )
        assert again.finish()[0] == 0
        (record,) = records(home)
        assert [(a["answer"], a["note"], a["action"]) for a in record["answers"]] == [
            ("yes", "Asked about dad", None),
            ("yes", "Bruise on arm", "Ring the school"),
            ("partly", "Not sure yet", "Talk it through"),
        ]
        assert record["reflection"] == "Dad's drinking"
    finally:
        subprocess.run(["umount", "-l", str(home)], capture_output=True, check=False)
