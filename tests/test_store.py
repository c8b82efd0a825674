"""Records and drafts on disk: atomic, private, never overwritten, never lost."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thinkfamily import check, dates
from thinkfamily import files as files_module
from thinkfamily.catalog import Catalog
from thinkfamily.errors import StoreError
from thinkfamily.files import atomic_write
from thinkfamily.paths import user_paths
from thinkfamily.store import Store, parse_record_name

from .conftest import FIFOS, FILE_MODES, Run, running_as_root


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "draft.json"
    atomic_write(target, b"old")

    def broken(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files_module.os, "replace", broken)
    with pytest.raises(OSError, match="Input/output error"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.json"]


def test_two_records_in_the_same_second_get_different_names(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    when = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
    monkeypatch.setattr(dates, "now", lambda: when)
    loaded = Catalog(user_paths()).load("practitioner")
    draft = check.new_draft(loaded, "C1")
    first = check.save_record(store, loaded, draft, {}).path
    second = check.save_record(store, loaded, draft, {}).path
    assert first.name == "20261123T100000Z_practitioner_C1.json"
    assert second.name == "20261123T100000Z-2_practitioner_C1.json"
    assert json.loads(first.read_text(encoding="utf-8"))["id"] == "20261123T100000Z_practitioner_C1"
    assert (
        json.loads(second.read_text(encoding="utf-8"))["id"] == "20261123T100000Z-2_practitioner_C1"
    )


def test_record_names_parse_back() -> None:
    parsed = parse_record_name(Path("20261123T100000Z-2_working-with-adults_AB_12-x.json"))
    assert parsed is not None
    assert (parsed.checklist, parsed.case, parsed.when) == (
        "working-with-adults",
        "AB_12-x",
        datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    )
    assert parse_record_name(Path("notes.json")) is None


def test_interrupted_record_write_keeps_the_draft(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = Catalog(user_paths()).load("professional-curiosity")
    state = check.new_draft(loaded, "C3")
    state.answers = {"curious": {"answer": "no", "note": "Words I typed"}}

    def no_space(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "link", no_space)
    with pytest.raises(StoreError) as caught:
        check.save_record(store, loaded, state, {})
    assert caught.value.message.startswith("Cannot save the record in ")
    assert caught.value.message.endswith(": No space left on device.")
    assert "professional-curiosity --case C3 --resume" in (caught.value.hint or "")
    draft = json.loads(store.draft_path("professional-curiosity", "C3").read_text(encoding="utf-8"))
    assert draft["answers"]["curious"]["note"] == "Words I typed"
    assert list((store.records).iterdir()) == []


class TestReadOnlyStore:
    def test_check_answers_saves_nothing_and_exits_1(
        self, run: Run, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        answers = tmp_path / "answers.yaml"
        answers.write_text("curious: {answer: no, note: Keep me}\n", encoding="utf-8")
        real_open = os.open

        def read_only(path: str | os.PathLike[str], *args: object, **kw: object) -> int:
            if Path(path).parent == home / "records":
                raise OSError(errno.EROFS, "Read-only file system")
            return real_open(path, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(files_module.os, "open", read_only)
        result = run("check", "professional-curiosity", "--case", "R1", "--answers", str(answers))
        assert result.code == 1
        assert result.err == (
            f"Error: Cannot save the record in {home / 'records'}: Read-only file system.\n"
            "Nothing was saved; the answers are still in their file. Free some space or fix "
            "the folder's permissions, then run the same command again.\n"
        )
        assert not (home / "drafts").exists()  # a draft would stand in for a walk's

    @FILE_MODES
    @pytest.mark.skipif(running_as_root(), reason="root can write to read-only folders")
    def test_a_read_only_records_folder(self, run: Run, home: Path, tmp_path: Path) -> None:
        (home / "records").mkdir(parents=True)
        (home / "records").chmod(0o500)
        answers = tmp_path / "answers.yaml"
        answers.write_text("curious: yes\n", encoding="utf-8")
        result = run("check", "professional-curiosity", "--answers", str(answers))
        assert result.code == 1
        assert "Permission denied" in result.err
        assert (home / "drafts" / "professional-curiosity.json").exists()


class TestDamagedRecordFolder:
    """Whatever sits in the records folder, a listing or report names what it skips and
    goes on; the index, which only saves time, never stops one."""

    @pytest.fixture
    def saved(self, make_record) -> list[Path]:
        return [make_record("professional-curiosity", "curious: no\n", "--case", c) for c in "AB"]

    def ids(self, run: Run, *args: str) -> list[str]:
        result = run("records", "--json", *args)
        assert result.code == 0, result.err
        return [r["id"] for r in json.loads(result.out)]

    def test_a_record_with_a_lone_surrogate_is_skipped_and_named(
        self, run: Run, saved: list[Path]
    ) -> None:
        raw = (
            saved[0]
            .read_text("utf-8")
            .replace('"answer": "no"', '"answer": "no", "note": "\\ud800"')
        )
        saved[0].write_text(raw, "utf-8")
        (saved[0].parent / ".index.json").unlink(missing_ok=True)
        for _ in range(2):  # the index is written without it, and read back
            result = run("records", "--json")
            assert result.code == 0
            assert [r["id"] for r in json.loads(result.out)] == [saved[1].stem]
            assert result.err == (
                f"Warning: skipped {saved[0]}: it holds text with a lone surrogate escape\n"
            )
        assert run("report", "--min-records", "1").code == 0

    @pytest.mark.parametrize("name", ["20261126T000000Z_practitioner_X.json", ".index.json"])
    def test_json_nested_too_deeply_is_not_fatal(
        self, run: Run, saved: list[Path], name: str
    ) -> None:
        (saved[0].parent / name).write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
        expected = [saved[1].stem, saved[0].stem]
        assert self.ids(run) == ([*expected] if name == ".index.json" else expected)
        result = run("records")
        if name != ".index.json":
            assert f"skipped {saved[0].parent / name}: it is nested too deeply" in result.err
        assert run("report", "--min-records", "1").code == 0

    @FIFOS
    def test_an_index_that_is_a_fifo_is_passed_over(self, saved: list[Path], home: Path) -> None:
        index = saved[0].parent / ".index.json"
        index.unlink(missing_ok=True)
        os.mkfifo(index)
        result = subprocess.run(  # in a process of its own: a read that waits must not hang
            [sys.executable, "-m", "thinkfamily", "records", "--json"],
            env={**os.environ, "THINKFAMILY_HOME": str(home)},
            capture_output=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert [r["id"] for r in json.loads(result.stdout)] == [saved[1].stem, saved[0].stem]

    def test_an_index_entry_for_a_file_not_named_like_a_record_is_never_listed(
        self, run: Run, saved: list[Path]
    ) -> None:
        self.ids(run)  # the index, as the tool writes it
        index = saved[0].parent / ".index.json"
        data = json.loads(index.read_bytes())
        data["entries"]["notes.json"] = data["entries"][saved[0].name]
        index.write_text(
            json.dumps(data), encoding="utf-8"
        )  # edited by hand: its checksum no longer matches
        (saved[0].parent / "notes.json").write_text(saved[0].read_text("utf-8"), "utf-8")
        for _ in range(2):  # and not once the index has been written again
            result = run("records", "--json")
            assert [r["id"] for r in json.loads(result.out)] == [saved[1].stem, saved[0].stem]
            assert result.err == (
                f"Warning: skipped {saved[0].parent / 'notes.json'}: "
                "not named like a thinkfamily record\n"
            )

    def test_a_renamed_record_is_named_and_skipped_on_every_run(
        self, run: Run, saved: list[Path]
    ) -> None:
        """Supervision notes and exports are filed under a record's id: a file whose id is
        not its name would have them filed under another record's name."""
        renamed = saved[0].with_name(saved[0].name.replace("_A.json", "_FIXED.json"))
        saved[0].rename(renamed)
        for _ in range(2):
            result = run("records", "--json")
            assert [r["id"] for r in json.loads(result.out)] == [saved[1].stem]
            assert result.err == (
                f"Warning: skipped {renamed}: its id '{saved[0].stem}' is not its file's name\n"
            )

    def test_a_finishing_time_in_another_iso_form_is_refused(
        self, run: Run, saved: list[Path]
    ) -> None:
        data = json.loads(saved[0].read_text("utf-8"))
        data["finished"] = "2026-W48T12:00:17Z"
        saved[0].write_text(json.dumps(data), "utf-8")
        (saved[0].parent / ".index.json").unlink(missing_ok=True)
        result = run("records", "--since", "2026-01-01")
        assert result.code == 0
        assert (
            f"Warning: skipped {saved[0]}: finished: must be a date and time with its offset, "
            "such as 2026-11-23T10:30:00Z, not '2026-W48T12:00:17Z'\n"
        ) in result.err
        assert run("report", "--since", "2026-01-01", "--min-records", "1").code == 0


@pytest.mark.usefixtures("frozen")
def test_records_finished_in_the_same_second_list_newest_first(run: Run, make_record) -> None:
    made = [make_record("professional-curiosity", "curious: no\n") for _ in range(11)]
    expected = [p.stem for p in reversed(made)]
    assert "-11_" in expected[0]
    listed = [r["id"] for r in json.loads(run("records", "--json").out)]
    assert listed == expected
    assert run("show", "latest").out == run("show", expected[0]).out


def test_a_lock_leaves_no_file_behind(tmp_path: Path) -> None:
    """The lock file goes when the block ends, on Windows too, which deletes no open file:
    no `.lock` files gather in the drafts folder."""
    held = tmp_path / ".drafts.lock"
    with files_module.lock(held):
        assert held.exists()
    assert list(tmp_path.iterdir()) == []
    with files_module.lock(held), files_module.lock(tmp_path / ".other.lock"):
        pass
    assert list(tmp_path.iterdir()) == []
