"""At home in the terminal: plain output, colour, streams, JSON, schemas, help and docs."""

from __future__ import annotations

import ast
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import yaml
from jsonschema import Draft202012Validator

from thinkfamily import __version__
from thinkfamily.cli import app

from .conftest import FILE_MODES, PSEUDO_TERMINAL, REPO, Run, in_terminal, installed_command

pexpect = pytest.importorskip("pexpect")

BOX_DRAWING = re.compile("[\u2500-\u257f\u2580-\u259f]")  # box drawing and block elements
ESCAPE = "\x1b"
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")

COMMANDS = [
    ["checklists"],
    ["records"],
    ["show", "latest"],
    ["export", "latest"],
    ["contacts"],
    ["contacts", "hackney"],
    ["report", "--min-records", "1"],
    ["guide"],
    ["guide", "carers"],
    ["glossary", "MASH"],
    ["config"],
    ["validate", str(REPO / "checklists" / "practitioner.yaml")],
    ["check-text", str(REPO / "README.md")],
    [],
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("conventions") / "home"
    answers = home.parent / "answers.yaml"
    answers.write_text("household: partly\nothers-at-risk: no\n", encoding="utf-8")
    env = {**os.environ, "THINKFAMILY_HOME": str(home)}
    subprocess.run(
        [installed_command(), "config", "set", "area", "Hackney"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [installed_command(), "check", "practitioner", "--case", "T1", "--answers", str(answers)],
        env=env,
        check=True,
        capture_output=True,
    )
    return home


@PSEUDO_TERMINAL
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "welcome")
@pytest.mark.parametrize("how", ["--plain", "THINKFAMILY_PLAIN", "TERM=dumb"])
def test_plain_mode_has_no_drawing_and_no_escapes(store: Path, args: list[str], how: str) -> None:
    if how == "--plain":
        output = in_terminal(store, ["--plain", *args])
    elif how == "THINKFAMILY_PLAIN":
        output = in_terminal(store, args, THINKFAMILY_PLAIN="1")
    else:
        output = in_terminal(store, args, TERM="dumb")
    assert output.strip()
    assert ESCAPE not in output
    assert not BOX_DRAWING.search(output)


@PSEUDO_TERMINAL
def test_without_plain_a_terminal_gets_a_table(store: Path) -> None:
    assert BOX_DRAWING.search(in_terminal(store, ["checklists"]))


@PSEUDO_TERMINAL
def test_plain_tables_are_one_item_per_line(store: Path) -> None:
    lines = in_terminal(store, ["--plain", "checklists"]).splitlines()
    start = lines.index("practitioner")
    assert lines[start + 1 : start + 5] == [
        "  title: Think Family, Work Family: practitioner checklist",
        "  audience: practitioner",
        "  questions: 16",
        "  source: Leeds protocol, Appendix B",
    ]


@PSEUDO_TERMINAL
@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_colour(store: Path, how: str) -> None:
    for args in (["contacts", "hackney"], ["report", "--min-records", "1"], ["checklists"]):
        if how == "NO_COLOR":
            output = in_terminal(store, args, NO_COLOR="1")
        else:
            output = in_terminal(store, ["--no-color", *args])
        assert not COLOUR.search(output), args
    assert COLOUR.search(in_terminal(store, ["contacts", "hackney"]))  # colour by default


@PSEUDO_TERMINAL
def test_the_walk_in_plain_mode(store: Path) -> None:
    env = {**os.environ, "THINKFAMILY_HOME": str(store), "TERM": "xterm-256color"}
    child = pexpect.spawn(
        installed_command(),
        ["--plain", "check", "practitioner", "--new"],
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
    )
    child.expect_exact("\nAnswer ")  # the keys were said once, at the start
    child.sendline("y")
    child.expect_exact("Note (Enter to skip)")
    child.sendline("")
    child.expect_exact("\nAnswer ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert ESCAPE not in child.before
    child.close()


@FILE_MODES  # the warning is of a folder others can read
def test_warnings_go_to_stderr_not_into_a_piped_file(store: Path, tmp_path: Path) -> None:
    (store / "records").chmod(0o755)
    try:
        out = tmp_path / "records.txt"
        with out.open("w", encoding="utf-8") as file:
            result = subprocess.run(
                [installed_command(), "records"],
                stdout=file,
                stderr=subprocess.PIPE,
                encoding="utf-8",
                check=True,
                env={**os.environ, "THINKFAMILY_HOME": str(store)},
            )
        assert "Warning:" in result.stderr
        assert "Warning" not in out.read_text(encoding="utf-8")
        assert out.read_text(encoding="utf-8").startswith("finished")
    finally:
        (store / "records").chmod(0o700)


class TestJson:
    def test_every_listing_command_prints_json(self, run: Run, tmp_path: Path) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        run("check", "professional-curiosity", "--answers", str(answers))
        checklists = json.loads(run("checklists", "--json").out)
        assert {
            "id",
            "title",
            "audience",
            "questions",
            "version",
            "source",
            "file",
            "shipped",
        } == set(checklists[0])
        records = json.loads(run("records", "--json").out)
        assert {
            "id",
            "finished",
            "checklist",
            "case",
            "answered",
            "questions",
            "concerns",
            "path",
            "supervised",
        } == set(records[0])
        areas = json.loads(run("contacts", "--json").out)
        assert {
            "id",
            "name",
            "aliases",
            "places",
            "left_out",
            "children_partnership",
            "adults_board",
            "not_found",
            "contact_count",
            "file",
            "local",
        } == set(areas[0])
        area = json.loads(run("contacts", "leeds", "--json").out)
        assert {
            "service",
            "for",
            "topics",
            "hours",
            "open",
            "phones",
            "email",
            "form",
            "web",
            "confirm",
            "cover",
            "note",
            "source",
        } == set(area["contacts"][0])
        shown = {
            "service",
            "for",
            "group",
            "check",
            "phones",
            "hours",
            "email",
            "form",
            "web",
            "note",
            "source",
        }
        assert shown == set(area["shown"][0]) == set(area["emergency"][0])
        assert {"number", "who", "when", "hours", "note", "hours_not_stated"} == set(
            area["shown"][0]["phones"][0]
        )
        report = json.loads(run("report", "--json").out)
        assert {"records", "min_records", "skipped", "checklists"} == set(report)


class TestSchemas:
    def test_the_record_schema_validates_a_real_record(
        self, run: Run, tmp_path: Path, home: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("household: {answer: partly, note: x, action: y}\n", encoding="utf-8")
        run("check", "practitioner", "--case", "S1", "--answers", str(answers))
        schema = json.loads(run("schema", "record").out)
        Draft202012Validator.check_schema(schema)
        (path,) = (home / "records").glob("*.json")
        record = json.loads(path.read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(record)) == []
        record["answers"][0]["answer"] = 3
        assert list(Draft202012Validator(schema).iter_errors(record))

    @pytest.mark.parametrize(
        ("name", "folder"), [("checklist", "checklists"), ("contacts", "contacts")]
    )
    def test_shipped_files_validate_against_their_schema(
        self, run: Run, name: str, folder: str
    ) -> None:
        validator = Draft202012Validator(json.loads(run("schema", name).out))
        for path in (REPO / folder).glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert list(validator.iter_errors(data)) == [], path.name

    def test_an_unknown_schema_is_a_usage_error(self, run: Run) -> None:
        assert run("schema", "family").code == 2


def test_debug_shows_the_traceback(run: Run) -> None:
    plain = run("show", "nope")
    assert plain.code == 1
    assert "Traceback" not in plain.err
    debug = run("--debug", "show", "nope")
    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.err
    assert debug.err.rstrip().endswith("Run a checklist first: thinkfamily check practitioner")


# --- every command documented ------------------------------------------------------


def _commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            found.update({f"{name} {n}": c for n, c in sub.items()})
        found[name] = command
    return found


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str) -> None:
    command = _commands()[name]
    text = (command.help or "") + (command.epilog or "")  # type: ignore[attr-defined]
    assert text.strip(), name
    assert "Example: thinkfamily " in text, name
    for param in command.params:  # type: ignore[attr-defined]
        if param.name != "help":
            assert getattr(param, "help", None), f"{name} {param.name}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"thinkfamily {name}" in readme, name


def test_the_changelog_names_this_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog


def test_help_is_reachable_for_every_command() -> None:
    for name in _commands():
        result = subprocess.run(
            [sys.executable, "-m", "thinkfamily", *name.split(), "--help"],
            capture_output=True,
            encoding="utf-8",
            check=False,
        )
        assert result.returncode == 0, name
        assert result.stdout.startswith("Usage: thinkfamily"), name


@pytest.mark.posix_only("SIGPIPE: Windows has no such signal")
def test_a_reader_that_stops_early_ends_the_command_quietly(store: Path, tmp_path: Path) -> None:
    """`thinkfamily records | head -1`: no broken-pipe error, the command just ends."""
    home = tmp_path / "home"
    (home / "records").mkdir(parents=True)
    home.chmod(0o700)
    (home / "records").chmod(0o700)
    record = min(p for p in (store / "records").glob("*.json") if not p.name.startswith("."))
    data = json.loads(record.read_text(encoding="utf-8"))
    for i in range(1500):  # more output than a pipe holds, so the write meets the closed end
        data["id"] = (
            f"2025{i // 28 % 12 + 1:02d}{i % 28 + 1:02d}T{i % 24:02d}0000Z_practitioner_C{i}"
        )
        (home / "records" / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:  # a file, so nothing written there can block the command
        proc = subprocess.Popen(
            [installed_command(), "records"],
            env={**os.environ, "THINKFAMILY_HOME": str(home)},
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"finished ")
        proc.stdout.close()
        assert proc.wait(timeout=30) == -signal.SIGPIPE
    assert errors.read_bytes() == b""


# --- the tests' own conventions ------------------------------------------------------


def _fixtures(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """Each fixture a module defines, at any depth: its name (or `name=`), line, autouse."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if ast.unparse(target) not in ("pytest.fixture", "fixture"):
                continue
            keywords = {k.arg: k.value for k in (call.keywords if call else [])}
            name = keywords.get("name")
            autouse = keywords.get("autouse")
            found.append(
                (
                    name.value if isinstance(name, ast.Constant) else node.name,
                    node.lineno,
                    isinstance(autouse, ast.Constant) and autouse.value is True,
                )
            )
    return found


def test_no_test_module_hides_an_autouse_fixture_of_conftest() -> None:
    """A fixture named like conftest's autouse `home` would silently replace it, and with
    it the test's own data folder; one named `no_network` would let the test go online."""
    tests = REPO / "tests"
    conftest = ast.parse((tests / "conftest.py").read_text(encoding="utf-8"))
    autouse = {name for name, _, auto in _fixtures(conftest) if auto}
    assert {"home", "no_network"} <= autouse
    hiding = [
        f"{path.name}:{line} defines a fixture named {name!r}"
        for path in sorted(tests.glob("*.py"))
        if path.name != "conftest.py"
        for name, line, _ in _fixtures(ast.parse(path.read_text(encoding="utf-8")))
        if name in autouse
    ]
    assert hiding == []


def _text_mode(node: ast.Call) -> bool:
    """Whether `open(file, mode)` or `path.open(mode)` opens text; `os.open` takes flags."""
    func = node.func
    if isinstance(func, ast.Attribute) and ast.unparse(func.value) == "os":
        return False
    given = node.args[0 if isinstance(func, ast.Attribute) else 1 :][:1]
    given += [k.value for k in node.keywords if k.arg == "mode"]
    if not given:
        return True  # "r"
    return isinstance(given[0], ast.Constant) and bool(
        re.fullmatch(r"[rwxa]\+?t?", str(given[0].value))
    )


def _text_without_encoding(tree: ast.AST) -> list[tuple[int, str]]:
    """Each call that reads or writes text in the locale's encoding: `read_text()`,
    `write_text(text)`, `open` in text mode, `subprocess` with `text=True`; what names an
    `encoding` is left out."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if (
            (name == "read_text" and not node.args)
            or (name == "write_text" and len(node.args) == 1)
            or (name == "open" and _text_mode(node))
            or (
                name in ("run", "Popen", "check_output")
                and any(k.arg in ("text", "universal_newlines") for k in node.keywords)
            )
        ):
            found.append((node.lineno, ast.unparse(node)[:60]))
    return found


def test_no_test_reads_or_writes_text_in_the_locales_encoding() -> None:
    """The tool reads and writes UTF-8 everywhere; a test that leaves the encoding out gets
    the ANSI code page on Windows (cp1252), and fails there on any character beyond ASCII."""
    unnamed = [
        f"{path.name}:{line}: {call}"
        for path in sorted((REPO / "tests").glob("*.py"))
        for line, call in _text_without_encoding(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert unnamed == []


# --- the reliability review (F20) and the second attack after its fixes ---------------


class TestF20Messages:
    """Reliability review F20 (the rest): a full standard output says it cannot write."""

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    @pytest.mark.parametrize(
        "args", [["checklists"], ["contacts", "leeds"], ["guide"], ["--help"], ["schema", "record"]]
    )
    def test_stdout_on_a_full_device_says_it_cannot_write(self, home: Path, args: list) -> None:
        env = {**os.environ, "THINKFAMILY_HOME": str(home)}
        with Path("/dev/full").open("w", encoding="utf-8") as full:
            done = subprocess.run(
                [installed_command(), *args],
                stdout=full,
                stderr=subprocess.PIPE,
                env=env,
                encoding="utf-8",
                check=False,
            )
        assert done.returncode == 1
        assert done.stderr == (
            "Error: Cannot write the output: No space left on device.\n"
            "Free some space there, or send the output somewhere else.\n"
        )


class TestOutputInAnyEncoding:
    """Second attack after the reliability review's fixes: a closed standard output is
    said, not a crash."""

    @pytest.mark.posix_only("/bin/sh closes the command's standard output")
    def test_a_closed_standard_output_is_an_error_not_a_crash(self, home: Path) -> None:
        done = subprocess.run(
            ["/bin/sh", "-c", 'exec 1>&-; exec "$0" records', installed_command()],
            capture_output=False,
            stderr=subprocess.PIPE,
            env={**os.environ, "THINKFAMILY_HOME": str(home)},
            encoding="utf-8",
            timeout=30,
            check=False,
        )
        assert done.returncode == 1
        assert done.stderr == (
            "Error: Cannot write the output: standard output is closed.\n"
            "Run it again with the output going to the terminal, a file or a pipe.\n"
        )
