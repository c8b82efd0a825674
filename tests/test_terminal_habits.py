"""Terminal habits: global options after the command, `help`, `check` with no id, usage
lines, and tables that never cut what the user types next."""

from __future__ import annotations

import errno
import importlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from thinkfamily import files as files_module
from thinkfamily.cli.app import globals_first, options_with_values
from thinkfamily.cli.terminal import wrap

from .conftest import PSEUDO_TERMINAL, Run, in_terminal, installed_command

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX_DRAWING = re.compile("[\u2500-\u257f]")
LONG_CASES = ["FAMILY-REFERENCE-0000000000001", "FAMILY-REFERENCE-0000000000002"]


class TestGlobalOptionsAfterTheCommand:
    @pytest.mark.parametrize(
        "args",
        [
            ["records", "--plain"],
            ["contacts", "leeds", "--no-color"],
            ["checklists", "--plain", "--no-color"],
            ["contacts", "--plain", "leeds", "--for", "children"],
        ],
    )
    def test_they_work_where_users_put_them(self, run: Run, args: list[str]) -> None:
        flags = [a for a in args if a in ("--plain", "--no-color")]
        rest = [a for a in args if a not in flags]
        after = run(*args)
        assert after.code == 0, after.err
        before = run(*flags, *rest)
        assert (after.out, after.err) == (before.out, before.err)

    def test_debug_after_the_command_shows_the_traceback(self, run: Run, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text("not = [valid", encoding="utf-8")
        result = run("config", "--debug")
        assert result.code != 0
        assert "Traceback (most recent call last)" in result.err

    def test_a_value_that_reads_like_a_global_option_stays_a_value(
        self, run: Run, make_record
    ) -> None:
        make_record("practitioner", "household: partly\n", "--case", "V1")
        result = run("supervise", "latest", "--decisions", "--plain", "--supervisor", "Bob")
        assert result.code == 0, result.err
        shown = run("show", "latest", "--plain").out
        assert "Decisions: --plain" in shown

    def test_a_case_reference_that_reads_like_an_option_is_refused(
        self, run: Run, tmp_path: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("household: partly\n", encoding="utf-8")
        result = run("check", "practitioner", "--answers", str(answers), "--case", "--plain")
        assert (result.code, result.err) == (
            1,
            "Error: '--plain' looks like an option, not a case reference.\n"
            "Give the case reference straight after --case, such as --case ABC123.\n",
        )

    def test_nothing_after_a_double_dash_moves(self) -> None:
        assert globals_first(
            ["check-text", "--plain", "--", "--no-color"], options_with_values
        ) == [
            "--plain",
            "check-text",
            "--",
            "--no-color",
        ]


class TestHelp:
    def test_help_shows_the_tools_help(self, run: Run) -> None:
        assert run("help").out == run("--help").out

    @pytest.mark.parametrize("command", [["check"], ["actions", "done"], ["checklists", "show"]])
    def test_help_of_a_command_is_its_help(self, run: Run, command: list[str]) -> None:
        result = run("help", *command)
        assert result.code == 0, result.err
        assert result.out == run(*command, "--help").out

    def test_an_unknown_command(self, run: Run) -> None:
        result = run("help", "actions", "undone")
        assert (result.code, result.err) == (
            2,  # a usage error, as Typer's own for a command that does not exist
            "Error: There is no command 'actions undone'.\nRun `thinkfamily help` to list them.\n",
        )

    @pytest.mark.parametrize(
        ("command", "usage"),
        [
            (["show"], "Usage: thinkfamily show [OPTIONS] RECORD"),
            (["compare"], "Usage: thinkfamily compare [OPTIONS] RECORD RECORD"),
            (["actions", "done"], "Usage: thinkfamily actions done [OPTIONS] ID"),
            (["checklists", "show"], "Usage: thinkfamily checklists show [OPTIONS] ID"),
            (["case"], "Usage: thinkfamily case [OPTIONS] REF"),
            (["check"], "Usage: thinkfamily check [OPTIONS] [ID]"),
        ],
    )
    def test_usage_lines_name_arguments_without_braces(
        self, run: Run, command: list[str], usage: str
    ) -> None:
        assert run(*command, "--help").out.splitlines()[0] == usage
        assert "{" not in run(*command, "--help").out.split("Options")[0]

    def test_check_with_no_id_lists_the_checklists(self, run: Run) -> None:
        result = run("check")
        assert result.code == 0, result.err
        assert result.out == run("checklists").out
        assert result.err == "Run one with: thinkfamily check ID --case REF\n"


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with records under long case references and agreed actions."""
    home = tmp_path_factory.mktemp("habits") / "home"
    env = {**os.environ, "THINKFAMILY_HOME": str(home)}
    answers = home.parent / "answers.yaml"
    answers.write_text("household: partly\nothers-at-risk: no\n", encoding="utf-8")
    command = installed_command()
    for case in LONG_CASES:
        subprocess.run(
            [command, "check", "practitioner", "--case", case, "--answers", str(answers)],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *(command, "supervise", case, "--supervisor", "J. Patel"),
                *("--decisions", "Visit", "--action", "Ring the school nurse", "--by", "+2w"),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    return home


def _in_terminal(home: Path, args: list[str], columns: int) -> list[str]:
    return ANSI.sub("", in_terminal(home, args, columns=columns, status=True)).splitlines()


def _json(home: Path, *args: str) -> list[dict[str, object]]:
    env = {**os.environ, "THINKFAMILY_HOME": str(home)}
    out = subprocess.run(
        [installed_command(), *args, "--json"],
        env=env,
        check=True,
        capture_output=True,
        encoding="utf-8",
    ).stdout
    data: list[dict[str, object]] = json.loads(out)
    return data


@PSEUDO_TERMINAL
@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["records"], "id"),
        (["checklists"], "id"),
        (["actions"], "id"),  # shown as the shortest start that tells them apart
        (["contacts"], "name"),
    ],
)
def test_every_id_a_table_shows_is_whole_on_one_line(
    busy: Path, columns: int, args: list[str], field: str
) -> None:
    lines = _in_terminal(busy, args, columns)
    wanted = [str(item[field]) for item in _json(busy, *args)]
    assert wanted
    words = {w for line in lines for w in re.split(r"[\s│┃]+", line) if w}
    for value in wanted:
        if args == ["actions"]:
            assert any(len(w) >= 6 and value.startswith(w) for w in words), (value, lines)
        else:
            assert any(value in line for line in lines), (value, lines)
    drawn = [line for line in lines if BOX_DRAWING.search(line)]
    assert all(len(line) <= columns for line in drawn)


@PSEUDO_TERMINAL
def test_a_plain_walk_wraps_to_the_terminal_and_says_the_keys_once(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "THINKFAMILY_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        installed_command(),
        ["check", "practitioner", "--case", "W1", "--plain"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 60),
    )
    child.expect("\nAnswer ")
    first = child.before
    child.sendline("y")
    child.expect("Note")
    child.sendline("")
    child.expect("\nAnswer ")
    second = child.before
    child.sendline("q")
    child.expect(pexpect.EOF)
    lines = [line.rstrip("\r") for line in first.split("\n")]
    assert all(len(line) < 60 for line in lines), [line for line in lines if len(line) >= 60]
    assert first.count("Keys: y yes, p partly, n no, x not applicable") == 1
    assert "Keys" not in second
    assert "[y/p/n/x" not in first + second


def test_records_saved_in_the_same_second_list_newest_first(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-04T10:00:00+00:00")
    answers = tmp_path / "a.yaml"
    answers.write_text("household: partly\n", encoding="utf-8")
    for _ in range(11):
        assert run("check", "practitioner", "--case", "T001", "--answers", str(answers)).code == 0
    ids = [r["id"] for r in json.loads(run("records", "--json").out)]
    stem = "20261204T100000Z"
    assert ids == [f"{stem}-{n}_practitioner_T001" for n in range(11, 1, -1)] + [
        f"{stem}_practitioner_T001"
    ]
    assert json.loads(run("export", "latest", "--format", "json").out)["id"] == ids[0]


@pytest.mark.parametrize(("windows", "code"), [(True, 0), (False, 1)])
def test_a_reader_closing_the_pipe_on_windows_is_no_error(
    run: Run, monkeypatch: pytest.MonkeyPatch, windows: bool, code: int
) -> None:
    """Windows reports a closed pipe as EINVAL; elsewhere EINVAL is a real failure."""

    def closed(*_: object, **__: object) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(files_module, "WINDOWS", windows)
    app_module = importlib.import_module("thinkfamily.cli.app")  # the module, not its app
    monkeypatch.setattr(app_module, "app", closed)
    result = run("records")
    assert result.code == code
    assert result.err == (
        ""
        if windows
        else (
            "Error: Cannot write the output: Invalid argument.\n"
            "Free some space there, or send the output somewhere else.\n"
        )
    )


@pytest.mark.parametrize("width", range(30, 81))
def test_a_phone_number_is_never_split_across_lines(width: int) -> None:
    text = (
        "- Adult MASH (Portsmouth Adult Safeguarding Team): 023 9268 0810 (office hours); "
        "Children's Services out of hours 0300 555 1373; Leeds 0113 376 0336; IOW 01983 823435"
    )
    lines = [line for line, _ in wrap([(2, text, "")], width)]
    for number in ("023 9268 0810", "0300 555 1373", "0113 376 0336", "01983 823435"):
        assert any(number in line for line in lines), (number, lines)
    assert " ".join(" ".join(lines).split()) == " ".join(text.split())


@PSEUDO_TERMINAL
def test_plain_output_wraps_to_a_narrow_terminal(busy: Path) -> None:
    """A magnifier user's 60 columns: whole words on each line, not the terminal's cut."""
    for args in (["show", LONG_CASES[0]], ["contacts", "hackney"], ["guide", "carers"]):
        lines = _in_terminal(busy, ["--plain", *args], 60)
        # Only an id longer than the room left is let run on (it is never cut).
        long = [x for x in lines if len(x) > 60 and len(x.split()) > 1]
        assert long == []
