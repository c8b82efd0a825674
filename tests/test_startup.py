"""Start-up stays light: which modules each quick command loads is pinned here.

Wall times are measured by benchmarks/bench.py; what is deterministic, the modules
a command imports, is checked here so a later import cannot silently undo the work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thinkfamily import _help

from .conftest import REPO, Run

HEAVY = ("pydantic", "yaml", "rich", "typer")

DRIVER = """
import json, sys
sys.argv = ["thinkfamily", *json.loads(sys.argv[1])]
try:
    from thinkfamily.__main__ import main
    main()
except SystemExit:
    pass
finally:
    roots = sorted({m.split(".")[0] for m in sys.modules})
    with open(__import__("os").environ["MODULES_OUT"], "w") as f:
        json.dump(roots, f)
"""


def loaded_modules(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "THINKFAMILY_HOME": str(tmp_path / "home"),
        "MODULES_OUT": str(out),
        "COLUMNS": "100",
    }
    subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(list(args))],
        env=env,
        capture_output=True,
        check=True,
    )
    return set(json.loads(out.read_text()))


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_load_no_framework(tmp_path: Path, args: list[str]) -> None:
    assert loaded_modules(tmp_path, *args).isdisjoint(HEAVY)


def test_contacts_loads_no_pydantic_or_yaml_once_cached(tmp_path: Path) -> None:
    first = loaded_modules(tmp_path, "contacts", "portsmouth")
    assert {"pydantic", "yaml"} <= first  # the first run validates and fills the cache
    again = loaded_modules(tmp_path, "contacts", "portsmouth")
    assert again.isdisjoint({"pydantic", "yaml", "rich"})


def test_checklists_and_records_load_no_pydantic_once_cached(tmp_path: Path) -> None:
    loaded_modules(tmp_path, "checklists")
    assert loaded_modules(tmp_path, "checklists").isdisjoint({"pydantic", "yaml", "rich"})
    assert loaded_modules(tmp_path, "records").isdisjoint({"pydantic", "yaml", "rich"})


def test_a_changed_file_is_validated_again(tmp_path: Path, run: Run, home: Path) -> None:
    """The cache is never trusted over the file: an edit shows at once."""
    folder = home / "contacts"
    folder.mkdir(parents=True)
    area = (REPO / "contacts" / "leeds.yaml").read_text(encoding="utf-8")
    (folder / "leeds.yaml").write_text(area, encoding="utf-8")
    assert "Forward Leeds" in run("contacts", "leeds").out
    (folder / "leeds.yaml").write_text(area.replace("Forward Leeds", "Onward Leeds"), "utf-8")
    assert "Onward Leeds" in run("contacts", "leeds").out
    (folder / "leeds.yaml").write_text(area.replace('"0113 887 2477"', '"0113 8872"'), "utf-8")
    result = run("contacts", "leeds")
    assert "is not a UK number of a known kind" in result.err


def test_a_damaged_cache_is_rebuilt(run: Run, home: Path) -> None:
    assert run("checklists").code == 0
    cache = home / "cache" / "checklists.json"
    data = json.loads(cache.read_text())
    for entry in data["entries"].values():
        entry["data"] = {"nonsense": True}
    cache.write_text(json.dumps(data))
    result = run("checklists", "--json")
    assert result.code == 0
    assert len(json.loads(result.out)) == 9
    cache.write_text("not json")
    assert run("check", "practioner").err.startswith("Error: There is no checklist")
    assert json.loads(run("checklists", "--json").out)[4]["questions"] == 16


def test_stored_help_is_typers_help() -> None:
    """The top-level help answered without Typer is exactly what Typer would print."""
    rendered = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv=['thinkfamily','--help'];"
            "from thinkfamily.cli import main; main()",
        ],
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    if os.environ.get("THINKFAMILY_UPDATE_GOLDEN"):
        escaped = rendered.replace("\\", "\\\\")
        (REPO / "src" / "thinkfamily" / "_help.py").write_text(
            '"""The top-level help, as Typer renders it at 80 columns (tests keep it in step)."""'
            f'\n\nROOT_HELP = """\\\n{escaped}"""\n',
            encoding="utf-8",
        )
    assert rendered == _help.ROOT_HELP, (
        "the stored help differs from Typer's; run the tests with THINKFAMILY_UPDATE_GOLDEN=1"
    )
    fast = subprocess.run(
        [sys.executable, "-m", "thinkfamily", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        check=True,
    )
    assert fast.stdout == rendered


def test_a_narrow_terminal_gets_typers_own_layout() -> None:
    narrow = subprocess.run(
        [sys.executable, "-m", "thinkfamily", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "60"},
        check=True,
    )
    assert narrow.stdout != _help.ROOT_HELP
    assert narrow.stdout.startswith("Usage: thinkfamily [OPTIONS] COMMAND [ARGS]...")


def test_check_reaches_the_first_question_without_pydantic(tmp_path: Path) -> None:
    """The walk's start runs from the cache; pydantic loads only to save the record."""
    pexpect = pytest.importorskip("pexpect")
    loaded_modules(tmp_path, "checklists")  # fill the cache
    out = tmp_path / "modules.json"
    env = {**os.environ, "THINKFAMILY_HOME": str(tmp_path / "home"), "MODULES_OUT": str(out)}
    child = pexpect.spawn(
        sys.executable,
        ["-c", DRIVER, json.dumps(["check", "practitioner"])],
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 200),
    )
    child.expect_exact("1/16")
    child.expect_exact("[y/p/n/x/?/b/s/q]")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert set(json.loads(out.read_text())).isdisjoint({"pydantic", "yaml"})


class TestRecordIndex:
    def test_new_and_deleted_records_are_seen(self, run: Run, home: Path, tmp_path: Path) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n")
        run("check", "professional-curiosity", "--case", "A1", "--answers", str(answers))
        assert [r["case"] for r in json.loads(run("records", "--json").out)] == ["A1"]
        index = home / "records" / ".index.json"
        assert index.exists()
        assert oct(index.stat().st_mode & 0o777) == "0o600"
        run("check", "professional-curiosity", "--case", "B2", "--answers", str(answers))
        assert sorted(r["case"] for r in json.loads(run("records", "--json").out)) == ["A1", "B2"]
        run("delete", "latest", "--yes")
        assert len(json.loads(run("records", "--json").out)) == 1
        assert len(json.loads(index.read_text())["entries"]) == 1

    def test_a_damaged_index_is_ignored_and_rebuilt(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\nindicators-of-harm: yes\n")
        run("check", "professional-curiosity", "--answers", str(answers))
        index = home / "records" / ".index.json"
        run("records")
        for damage in (
            "not json",
            '{"schema": "thinkfamily.index/2", "entries": {"x": 1}}',
            '{"schema": "thinkfamily.index/2", "entries": []}',
            index.read_text().replace(",2,3,2]", ',"2","3","2"]'),
        ):
            assert damage != index.read_text() or damage == "not json"
            index.write_text(damage)
            listed = json.loads(run("records", "--json").out)
            assert [(r["answered"], r["concerns"]) for r in listed] == [(2, 2)]
