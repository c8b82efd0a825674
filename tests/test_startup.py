"""What commands keep between runs: the year's bank holidays, the loaded-file cache and
the records index. Each is only ever a copy: a changed file shows at once, and a damaged
copy is rebuilt. (Wall times are measured by benchmarks/bench.py.)"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from thinkfamily.paths import user_paths
from thinkfamily.store import Store, index

from .conftest import REPO, Run, assert_private

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


def walked(run: Run, tmp_path: Path, answers: str, *args: str) -> None:
    """One walk of the professional curiosity checklist, from an answers file."""
    given = tmp_path / "a.yaml"
    given.write_text(answers, encoding="utf-8")
    run("check", "professional-curiosity", *args, "--answers", str(given))


class TestRecordIndex:
    def test_new_and_deleted_records_are_seen(self, run: Run, home: Path, tmp_path: Path) -> None:
        walked(run, tmp_path, "curious: no\n", "--case", "A1")
        assert [r["case"] for r in json.loads(run("records", "--json").out)] == ["A1"]
        index = home / "records" / ".index.sqlite"
        assert index.exists()
        assert_private(index)
        walked(run, tmp_path, "curious: no\n", "--case", "B2")
        assert sorted(r["case"] for r in json.loads(run("records", "--json").out)) == ["A1", "B2"]
        run("delete", "latest", "--yes")
        assert len(json.loads(run("records", "--json").out)) == 1
        with sqlite3.connect(index) as db:
            assert db.execute("SELECT count(*) FROM records").fetchone() == (1,)
        db.close()

    def test_a_damaged_index_is_ignored_and_rebuilt(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        walked(run, tmp_path, "curious: no\nindicators-of-harm: yes\n")
        index = home / "records" / ".index.sqlite"
        run("records")
        whole = index.read_bytes()
        other = tmp_path / "other.sqlite"
        with sqlite3.connect(other) as db:  # a database, but not an index of this version
            db.execute("CREATE TABLE records (name TEXT)")
            db.execute("PRAGMA user_version = 99")
        db.close()
        for damage in (b"not a database", whole[: len(whole) // 2], other.read_bytes()):
            index.write_bytes(damage)
            listed = json.loads(run("records", "--json").out)
            assert [(r["answered"], r["concerns"]) for r in listed] == [(2, 2)]
            assert run("report", "--min-records", "1").code == 0
            with sqlite3.connect(index) as db:  # made again from the records
                assert db.execute("SELECT answered, concerns FROM records").fetchall() == [(2, 2)]
            db.close()

    def test_an_index_edited_by_hand_keeps_only_what_the_tool_would_write(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        walked(run, tmp_path, "curious: no\n")
        run("records")
        with (
            sqlite3.connect(home / "records" / ".index.sqlite") as db,
            pytest.raises(sqlite3.IntegrityError),
        ):
            db.execute("UPDATE records SET answered = 'two'")
        db.close()

    def test_commands_that_find_no_index_at_once_all_list_every_record(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        """Four listings started together on 300 records and no index: each lists them all
        and says nothing is wrong, and the index they leave holds each record once."""
        walked(run, tmp_path, "curious: no\n", "--case", "A1")
        (seed,) = (home / "records").glob("*.json")
        record = json.loads(seed.read_text(encoding="utf-8"))
        for i in range(1, 300):
            record_id = (
                f"2026010{1 + i % 9}T10{i // 60 % 60:02d}{i % 60:02d}Z_professional-curiosity"
            )
            (home / "records" / f"{record_id}.json").write_text(
                json.dumps({**record, "id": record_id, "case": None}), encoding="utf-8"
            )
        command = [sys.executable, "-m", "thinkfamily", "records", "--json"]
        env = {**os.environ, "THINKFAMILY_HOME": str(home)}
        listings = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        for listing in listings:
            out, err = listing.communicate(timeout=120)
            assert (listing.returncode, err) == (0, b"")
            assert len(json.loads(out)) == 300
        assert len(json.loads(run("records", "--json").out)) == 300
        with sqlite3.connect(home / "records" / ".index.sqlite") as db:
            assert db.execute("SELECT count(*), count(DISTINCT name) FROM records").fetchone() == (
                300,
                300,
            )
        db.close()

    def test_an_index_another_command_is_making_is_waited_for_not_replaced(
        self, tmp_path: Path
    ) -> None:
        """A second command that finds the index half made (its tables written, not yet
        committed) waits for it, and then uses what the first one made."""
        maker = sqlite3.connect(tmp_path / index.INDEX_NAME, check_same_thread=False)
        maker.execute("BEGIN IMMEDIATE")
        for statement in index._TABLES.split(";"):
            if statement.strip():
                maker.execute(statement)
        maker.execute(f"PRAGMA user_version = {index.VERSION}")
        maker.execute(
            "INSERT INTO shapes (key, checklist, title, version) VALUES ('k', 'c', 't', '1')"
        )
        committing = threading.Timer(0.5, maker.commit)
        committing.start()
        with index.RecordIndex.open(tmp_path) as opened:
            assert opened.db.execute("SELECT checklist FROM shapes").fetchall() == [("c",)]
        committing.join()
        maker.close()

    def test_a_record_another_command_is_adding_is_not_added_twice(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        """While one command adds a new record to the index, another that finds the same
        new record waits for it and keeps what it added, rather than failing on the
        duplicate and throwing the index away."""
        walked(run, tmp_path, "curious: no\n", "--case", "A1")
        run("records")
        (first,) = (home / "records").glob("*.json")
        second = first.with_name(first.name.replace("_A1", "_B2"))
        record = json.loads(first.read_text(encoding="utf-8"))
        second.write_text(json.dumps({**record, "id": second.stem, "case": "B2"}), "utf-8")
        info = second.stat()
        path = home / "records" / index.INDEX_NAME
        before = path.stat().st_ino
        adding = sqlite3.connect(path, check_same_thread=False)
        adding.execute("BEGIN IMMEDIATE")
        adding.execute(
            "INSERT INTO records (name, stamp, finished, shape, case_ref, answered, questions,"
            " concerns) SELECT ?, ?, finished, shape, 'B2', answered, questions, concerns"
            " FROM records",
            (second.name, f"{info.st_size}:{info.st_mtime_ns}"),
        )
        committing = threading.Timer(0.5, adding.commit)
        committing.start()
        listed, warnings = Store(user_paths()).list_records()
        committing.join()
        adding.close()
        assert ([r.case for r in listed], warnings) == (["B2", "A1"], [])
        assert path.stat().st_ino == before

    @pytest.mark.parametrize("table", ["texts", "answers", "questions"])
    def test_a_table_lost_from_the_index_is_made_again(
        self, run: Run, home: Path, tmp_path: Path, table: str
    ) -> None:
        """Damage past the tables a listing reads (here a table gone) is found by the
        report, the actions or the case that reads it, and the index is made again."""
        walked(
            run,
            tmp_path,
            "curious: no\nindicators-of-harm: {answer: yes, action: Ring the school}\n",
            "--case",
            "A1",
        )
        clean = [
            run(*c).out for c in (["report", "--min-records", "1"], ["actions"], ["case", "A1"])
        ]
        for number, command in enumerate(
            (["report", "--min-records", "1"], ["actions"], ["case", "A1"])
        ):
            run("records")
            with sqlite3.connect(home / "records" / index.INDEX_NAME) as db:
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.close()
            result = run(*command)
            assert (result.code, result.out) == (0, clean[number]), result.err

    def test_a_file_whose_name_is_not_text_is_passed_over(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        walked(run, tmp_path, "curious: no\n", "--case", "A1")
        (record,) = (home / "records").glob("*.json")
        odd = os.fsdecode(b"caf\xe9.json")  # a Latin-1 name, as some USB sticks give
        (home / "records" / odd).write_bytes(record.read_bytes())
        listed = run("records", "--json")
        assert listed.code == 0, listed.err
        assert [r["case"] for r in json.loads(listed.out)] == ["A1"]
        elsewhere = tmp_path / "team"
        elsewhere.mkdir()
        (elsewhere / odd).write_bytes(record.read_bytes())
        reported = run("report", str(elsewhere), "--json", "--min-records", "1")
        assert (reported.code, json.loads(reported.out)["records"]) == (0, 1), reported.err
