"""The installed command, with its standard streams in a code page that cannot hold Polish,
Urdu or an emoji (PYTHONIOENCODING=cp1252, as a redirected stream is on Windows): what goes
to a file or a pipe is UTF-8 with every character kept, and standard input is read as UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import PSEUDO_TERMINAL, installed, installed_command
from .test_e2e_pty import Terminal

POLISH = "zażółć gęślą jaźń"
URDU = "پاکستان"
EMOJI = "🙂"
NOTE = f"Polish {POLISH}, Urdu {URDU}, emoji {EMOJI}"


def cp1252_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "THINKFAMILY_HOME": str(home), "PYTHONIOENCODING": "cp1252"}
    env.pop("PYTHONUTF8", None)
    return env


def command(
    home: Path, *args: str, stdin: bytes = b"", encoding: str = "cp1252"
) -> subprocess.CompletedProcess[bytes]:
    """The installed command with its streams in `encoding`; what it writes comes back as
    bytes."""
    return subprocess.run(
        [installed_command(), *args],
        env={**cp1252_env(home), "PYTHONIOENCODING": encoding},
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def the_record(home: Path) -> Path:
    (record,) = [p for p in (home / "records").glob("*.json") if not p.name.startswith(".")]
    return record


def check_answers(home: Path, case: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    answers = home.parent / "answers.yaml"
    answers.write_text(
        f"curious: {{answer: no, note: {json.dumps(NOTE, ensure_ascii=False)}}}\n",
        encoding="utf-8",
    )
    return command(
        home,
        "check",
        "professional-curiosity",
        "--case",
        case,
        "--answers",
        str(answers),
        encoding=encoding,
    )


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A data folder whose own name holds the three, so that listed paths carry them too,
    with one record whose note holds them, made by the installed command (its streams in
    UTF-8 here: the tests are of what reads it)."""
    home = tmp_path / f"home {POLISH} {URDU} {EMOJI}"
    made = check_answers(home, "ENC1", "utf-8")
    assert made.returncode == 0, made.stderr.decode("utf-8")
    record = json.loads(the_record(home).read_text(encoding="utf-8"))
    assert record["answers"][0]["note"] == NOTE
    return home


def test_export_redirected_to_a_file_is_utf8_with_every_character(
    world: Path, tmp_path: Path
) -> None:
    """`thinkfamily export latest > summary.md`."""
    summary = tmp_path / "summary.md"
    with summary.open("wb") as file:
        done = subprocess.run(
            [installed_command(), "export", "latest"],
            env=cp1252_env(world),
            stdout=file,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert (done.returncode, done.stderr) == (0, b"")
    text = summary.read_bytes().decode("utf-8")  # strict: anything but UTF-8 fails here
    assert text.startswith("# Professional curiosity: ")
    assert f"Note: {NOTE}" in text
    for words in (POLISH, URDU, EMOJI):
        assert words.encode("utf-8") in summary.read_bytes(), words


def test_records_json_in_a_pipe_keeps_a_path_in_any_script(world: Path) -> None:
    done = command(world, "records", "--json")
    assert (done.returncode, done.stderr) == (0, b"")
    (listed,) = json.loads(done.stdout.decode("utf-8"))
    assert listed["path"] == str(the_record(world))
    assert f"{POLISH} {URDU} {EMOJI}" in listed["path"]


def test_show_in_a_pipe_is_utf8_with_every_character(world: Path) -> None:
    done = command(world, "show", "latest")
    assert (done.returncode, done.stderr) == (0, b"")
    lines = done.stdout.decode("utf-8").splitlines()
    assert f"    Note: {NOTE}" in lines


def test_check_text_reads_standard_input_as_utf8(world: Path) -> None:
    """Columns count characters of the UTF-8 text, and a watched name with Polish letters is
    found: neither holds if the bytes were read in cp1252."""
    text = f"Visit {POLISH} {URDU} {EMOJI} NHS 943 476 5919\n"
    done = command(world, "check-text", "-", "--watch", "gęślą", stdin=text.encode("utf-8"))
    assert done.returncode == 3
    assert done.stdout.decode("utf-8").splitlines() == [
        f"<stdin>:1:14: a watched name: Visit zażółć gę••• jaźń {URDU} {EMOJI} NHS …",
        f"<stdin>:1:39: an NHS number: … jaźń {URDU} {EMOJI} NHS 94• ••• ••••",
    ]
    assert done.stderr.decode("utf-8").splitlines() == ["2 possible identifiers found."]


def test_check_answers_says_where_it_saved_in_utf8(world: Path) -> None:
    """The summary of a walk names the data folder, Polish, Urdu, emoji and all."""
    done = check_answers(world, "ENC2", "cp1252")
    assert done.returncode == 0
    said = done.stdout.decode("utf-8")
    record = next(p for p in (world / "records").glob("*_ENC2.json"))
    assert f"Saved record {record.stem}\n" in said
    for words in (*POLISH.split(), URDU, EMOJI):
        assert words in said, words


# --- a second attack, made after the reliability review's fixes --------------------


WORLD = "Zażółć gęślą jaźń; اردو نوٹ; 👨‍👩‍👧 … • “quoted”"
WORLD_ANSWER = f"curious: {{answer: no, note: {json.dumps(WORLD, ensure_ascii=False)}}}\n"


class TestOutputInAnyEncoding:
    """Second attack after the reliability review's fixes: data sent to a file or a pipe is
    UTF-8 whatever the locale says; a terminal that cannot show a character gets a stand-in,
    never a crash."""

    @pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "ascii"])
    def test_export_and_show_to_a_file_are_utf8(
        self, make_record, home: Path, encoding: str
    ) -> None:
        record = make_record("professional-curiosity", WORLD_ANSWER)
        for args in (("export", record.stem), ("show", record.stem), ("records", "--json")):
            done = installed(home, *args, PYTHONIOENCODING=encoding)
            assert (done.returncode, done.stderr) == (0, ""), args
            if args[0] != "records":
                assert WORLD in done.stdout, args

    @PSEUDO_TERMINAL
    def test_a_terminal_in_latin1_shows_stand_ins(self, make_record, home: Path) -> None:
        record = make_record("professional-curiosity", WORLD_ANSWER)
        t = Terminal(home, "show", record.stem, errors="replace", PYTHONIOENCODING="latin-1")
        t.expect("Note: Za?\ufffd?? g??l? ja??; ")  # ó is a Latin-1 byte, not UTF-8
        code, rest = t.finish()
        assert code == 0
        assert "went wrong" not in rest
