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

from .conftest import PSEUDO_TERMINAL, REPO, Run, assert_private

HEAVY = ("pydantic", "yaml")

DRIVER = """
import json, sys
sys.argv = ["thinkfamily", *json.loads(sys.argv[1])]
try:
    from thinkfamily.__main__ import main
    main()
except SystemExit:
    pass
finally:
    with open(__import__("os").environ["MODULES_OUT"], "w") as f:
        json.dump(sorted(sys.modules), f)  # packages and their modules, by full name
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
    return set(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_read_no_yaml(tmp_path: Path, args: list[str]) -> None:
    loaded = loaded_modules(tmp_path, *args)
    assert loaded.isdisjoint(HEAVY)
    # No model, store or feature is built to print help: only the commands' own modules.
    ours = {
        m for m in loaded if m.startswith("thinkfamily.") and not m.startswith("thinkfamily.cli")
    }
    assert ours == {
        "thinkfamily.__main__",
        "thinkfamily.dates",
        "thinkfamily.errors",
        "thinkfamily.paths",
        "thinkfamily.render",
        "thinkfamily.render.inert",
    }


def test_contacts_reads_yaml_only_on_the_first_run(tmp_path: Path) -> None:
    first = loaded_modules(tmp_path, "contacts", "portsmouth")
    assert "yaml" in first  # the first run parses the files and fills the cache
    again = loaded_modules(tmp_path, "contacts", "portsmouth")
    assert again.isdisjoint({"yaml", "rich", "pydantic"})
    # Each command builds only the models it reads; settings are read only for a default.
    assert "thinkfamily.models.contacts" in again
    assert again.isdisjoint(
        {"thinkfamily.models.checklist", "thinkfamily.models.guides", "thinkfamily.config"}
    )


def test_bank_holidays_are_worked_out_once_a_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The holidays library takes about 0.1 s to import: only a weekday in office hours
    needs it, and then only once a year, because the year's days are kept in the cache."""
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-05T10:00:00+00:00")  # a Saturday
    assert "holidays" not in loaded_modules(tmp_path, "contacts", "portsmouth")
    monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-02T11:00:00+00:00")  # a Wednesday
    assert "holidays" in loaded_modules(tmp_path, "contacts", "portsmouth")
    assert "holidays" not in loaded_modules(tmp_path, "contacts", "portsmouth")
    cache = json.loads((tmp_path / "home" / "cache" / "bank-holidays.json").read_bytes())
    assert cache["2026"]["2026-12-25"] == "Christmas Day"


def test_checklists_and_records_read_no_yaml_once_cached(tmp_path: Path) -> None:
    loaded_modules(tmp_path, "checklists")
    assert loaded_modules(tmp_path, "checklists").isdisjoint({"yaml", "rich", "pydantic"})
    assert loaded_modules(tmp_path, "records").isdisjoint({"yaml", "rich", "pydantic"})


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
    data = json.loads(cache.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        entry["data"] = {"nonsense": True}
    cache.write_text(json.dumps(data), encoding="utf-8")
    result = run("checklists", "--json")
    assert result.code == 0
    assert len(json.loads(result.out)) == len(list((REPO / "checklists").glob("*.yaml")))
    cache.write_text("not json", encoding="utf-8")
    assert run("check", "practioner").err.startswith("Error: There is no checklist")
    listed = {c["id"]: c for c in json.loads(run("checklists", "--json").out)}
    assert listed["practitioner"]["questions"] == 16


def _to_the_first_question(tmp_path: Path) -> set[str]:
    """The modules `check practitioner` has loaded when it asks its first question."""
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "modules.json"
    env = {**os.environ, "THINKFAMILY_HOME": str(tmp_path / "home"), "MODULES_OUT": str(out)}
    child = pexpect.spawn(
        sys.executable,
        ["-c", DRIVER, json.dumps(["check", "practitioner", "--new"])],
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
    return set(json.loads(out.read_text(encoding="utf-8")))


@PSEUDO_TERMINAL
def test_check_reaches_the_first_question_without_yaml(tmp_path: Path) -> None:
    """The walk's start runs from the cache."""
    loaded_modules(tmp_path, "checklists")  # fill the cache, as a listing does
    first = _to_the_first_question(tmp_path)
    assert first.isdisjoint({"pydantic", "yaml"})
    # The first walk works out the checklist's SHA-256 for its record, once; the cache
    # keeps it, so later walks start without hashing anything.
    assert "hashlib" in first
    loaded = _to_the_first_question(tmp_path)
    assert loaded.isdisjoint({"pydantic", "yaml"})
    # What only the end of a walk or an answers file needs waits for them.
    assert loaded.isdisjoint({"thinkfamily.privacy", "thinkfamily.answers", "thinkfamily.contacts"})
    # The checklist's SHA-256 comes from the cache; supervision notes are not read.
    assert loaded.isdisjoint({"hashlib", "thinkfamily.models.supervision"})


def test_a_listing_works_out_no_digest(tmp_path: Path) -> None:
    """`checklists` on its first run parses the files but hashes none of them."""
    assert "hashlib" not in loaded_modules(tmp_path, "checklists")


def test_show_and_export_load_only_what_their_output_needs(run: Run, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "curious: no\nindicators-of-harm: yes\n", encoding="utf-8"
    )  # a concern to refer
    run("check", "professional-curiosity", "--case", "A1", "--answers", str(answers))
    reading = {"yaml", "rich", "thinkfamily.privacy", "thinkfamily.loading"}
    assert loaded_modules(tmp_path, "show", "latest").isdisjoint(reading)
    assert loaded_modules(tmp_path, "export", "latest", "-f", "json").isdisjoint(reading)
    # With no area set there are no contact files to read.
    exported = loaded_modules(tmp_path, "export", "latest")
    assert exported.isdisjoint({*reading, "thinkfamily.catalog"})
    # Nothing of the case's story, of actions or of Word files unless they are wanted.
    assert exported.isdisjoint({"thinkfamily.casefile", "thinkfamily.actions", "docx"})
    # Identifier patterns are compiled only to mask them.
    assert "thinkfamily.privacy" in loaded_modules(tmp_path, "export", "latest", "--redact")


class TestRecordIndex:
    def test_new_and_deleted_records_are_seen(self, run: Run, home: Path, tmp_path: Path) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        run("check", "professional-curiosity", "--case", "A1", "--answers", str(answers))
        assert [r["case"] for r in json.loads(run("records", "--json").out)] == ["A1"]
        index = home / "records" / ".index.json"
        assert index.exists()
        assert_private(index)
        run("check", "professional-curiosity", "--case", "B2", "--answers", str(answers))
        assert sorted(r["case"] for r in json.loads(run("records", "--json").out)) == ["A1", "B2"]
        run("delete", "latest", "--yes")
        assert len(json.loads(run("records", "--json").out)) == 1
        assert len(json.loads(index.read_text(encoding="utf-8"))["entries"]) == 1

    def test_a_damaged_index_is_ignored_and_rebuilt(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\nindicators-of-harm: yes\n", encoding="utf-8")
        run("check", "professional-curiosity", "--answers", str(answers))
        index = home / "records" / ".index.json"
        run("records")
        for damage in (
            "not json",
            '{"schema": "thinkfamily.index/5", "shapes": {}, "entries": {"x": 1}}',
            '{"schema": "thinkfamily.index/5", "shapes": {}, "entries": []}',
            index.read_text(encoding="utf-8").replace(",2,3,2,", ',"2","3","2",'),
            index.read_text(encoding="utf-8").replace('"CAm"', '"C?m"'),
            index.read_text(encoding="utf-8").replace('"shapes":{', '"shapes":{"other":[],'),
        ):
            assert damage != index.read_text(encoding="utf-8") or damage == "not json"
            index.write_text(damage, encoding="utf-8")
            listed = json.loads(run("records", "--json").out)
            assert [(r["answered"], r["concerns"]) for r in listed] == [(2, 2)]
