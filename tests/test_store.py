"""Records and drafts on disk: atomic, private, never overwritten, never lost."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from thinkfamily import check, dates
from thinkfamily import files as files_module
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.errors import ExitCode, StoreError
from thinkfamily.files import atomic_write
from thinkfamily.models.supervision import SupervisionSession
from thinkfamily.paths import user_paths
from thinkfamily.store import Store, parse_record_name

from .conftest import (
    FIFOS,
    FILE_MODES,
    Run,
    installed,
    interactive_draft,
    running_as_root,
    symlink,
)
from .test_e2e_pty import Terminal


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
        (saved[0].parent / ".index.sqlite").unlink(missing_ok=True)
        for _ in range(2):  # the index is written without it, and read back
            result = run("records", "--json")
            assert result.code == 0
            assert [r["id"] for r in json.loads(result.out)] == [saved[1].stem]
            assert result.err == (
                f"Warning: skipped {saved[0]}: it holds text with a lone surrogate escape\n"
            )
        assert run("report", "--min-records", "1").code == 0

    @pytest.mark.parametrize("name", ["20261126T000000Z_practitioner_X.json", ".index.sqlite"])
    def test_json_nested_too_deeply_is_not_fatal(
        self, run: Run, saved: list[Path], name: str
    ) -> None:
        (saved[0].parent / name).write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
        expected = [saved[1].stem, saved[0].stem]
        assert self.ids(run) == ([*expected] if name == ".index.sqlite" else expected)
        result = run("records")
        if name != ".index.sqlite":
            assert f"skipped {saved[0].parent / name}: it is nested too deeply" in result.err
        assert run("report", "--min-records", "1").code == 0

    @FIFOS
    def test_an_index_that_is_a_fifo_is_passed_over(self, saved: list[Path], home: Path) -> None:
        index = saved[0].parent / ".index.sqlite"
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
        notes = saved[0].parent / "notes.json"
        notes.write_text(saved[0].read_text("utf-8"), "utf-8")
        info = notes.stat()
        with sqlite3.connect(saved[0].parent / ".index.sqlite") as db:  # edited by hand
            db.execute(
                "INSERT INTO records (name, stamp, finished, shape, case_ref, answered,"
                " questions, concerns) SELECT ?, ?, finished, shape, case_ref, answered,"
                " questions, concerns FROM records WHERE name = ?",
                ("notes.json", f"{info.st_size}:{info.st_mtime_ns}", saved[0].name),
            )
        db.close()
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
        (saved[0].parent / ".index.sqlite").unlink(missing_ok=True)
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


# --- the reliability review (F4, F5, F7, F10, F15, F16, F18, F20) ---------------------


class TestF4TwoWalksOfOneDraft:
    """Reliability review F4: a walk holds its draft, and only its own."""

    def test_another_case_is_not_held(self, store: Store) -> None:
        with store.walking("professional-curiosity", "K1"):
            with store.walking("professional-curiosity", "K2"):
                pass
            with pytest.raises(StoreError), store.walking("professional-curiosity", "K1"):
                pass
        with store.walking("professional-curiosity", "K1"):  # free again, and tidied away
            pass
        assert [p.name for p in store.drafts.iterdir()] == []


class TestF5RecordIdCannotSteerAWrite:
    """Reliability review F5: a record's id, or a record file from elsewhere, never
    steers a write."""

    @pytest.mark.parametrize("bad_id", ["ABSOLUTE", "../../victim/rel2", "a/b"])
    def test_supervise_on_a_crafted_record_writes_nothing_outside_the_store(
        self, run: Run, make_record, home: Path, tmp_path: Path, bad_id: str
    ) -> None:
        bad_id = str(tmp_path / "owned") if bad_id == "ABSOLUTE" else bad_id
        path = make_record("professional-curiosity", "curious: no\n")
        data = json.loads(path.read_text("utf-8"))
        data["id"] = bad_id
        path.write_text(json.dumps(data), "utf-8")
        result = run("supervise", path.stem, "--decisions", "Refer")
        assert result.code == 1
        assert "is not a readable thinkfamily record (id: must be a record id" in result.err
        assert not (home / "supervision").exists()
        assert not (tmp_path / "owned.json").exists()

    def test_a_record_file_from_elsewhere_is_not_taken(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        copy = tmp_path / "bob.json"
        copy.write_bytes(path.read_bytes())
        for command in (
            ("supervise", str(copy), "--decisions", "Refer"),
            ("delete", str(copy), "--yes"),
            ("export", str(copy)),
        ):
            result = run(*command)
            assert result.code == 1, command
            assert result.err.startswith(
                f"Error: {copy} is not a record of thinkfamily's records folder"
            )
        assert copy.exists()


class TestF7LeftoverCopies:
    """Reliability review F7: hidden copies left by a killed process do not outlive it."""

    @pytest.mark.posix_only(
        "a killed writer is found by its process id; Windows goes by the copy's age alone"
    )
    def test_temporary_copies_left_by_a_killed_process_are_removed_on_the_next_run(
        self, run: Run, make_record, store: Store
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        dead = 2**22 + 12345  # above any pid this system hands out
        left = [
            record.parent / f".{record.name}.{dead}.tmp",
            store.drafts / f".professional-curiosity_k1.json.{dead}.tmp",
            store.paths.data / f".exports.json.{dead}.tmp",
        ]
        files_module.ensure_private_dir(store.drafts)
        for path in left:
            path.write_text("a copy of what a family said", encoding="utf-8")
        os.link(record, record.parent / f".{record.name}.{dead + 1}.tmp")  # a second link
        assert record.stat().st_nlink == 2
        result = run("records")
        assert result.code == 0
        assert [p for p in left if p.exists()] == []
        assert record.stat().st_nlink == 1

    def test_a_copy_in_use_by_a_running_process_is_kept(self, run: Run, store: Store) -> None:
        files_module.ensure_private_dir(store.records)
        busy = store.records / f".x.json.{os.getpid()}.tmp"
        busy.write_text("being written", encoding="utf-8")
        run("records")
        assert busy.exists()


class TestF10OneBadFileNeverStopsAReport:
    """Reliability review F10: one malformed file in the store never stops a listing."""

    def test_a_record_nested_thousands_deep_is_skipped(
        self, run: Run, make_record, home: Path
    ) -> None:
        good = make_record("professional-curiosity", "curious: no\n")
        deep = home / "records" / "20200101T000000Z_practitioner_DEEP.json"
        deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
        for command in (("records",), ("report",)):
            result = run(*command)
            assert result.code == 0, result.err
            assert f"{deep}: it is nested too deeply\n" in result.err
        assert good.stem in run("records").out


class TestF15Latest:
    """Reliability review F15: `latest` is the latest record, and no record ends before
    it starts."""

    def test_a_record_dated_in_the_future_is_not_latest(
        self, run: Run, make_record, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with monkeypatch.context() as patch:
            ahead = datetime.now(UTC) + timedelta(days=5 * 365)
            patch.setattr(dates, "now", lambda: ahead)
            future = make_record("professional-curiosity", "curious: no\n", "--case", "B")
        now = make_record("professional-curiosity", "curious: no\n", "--case", "A")
        result = run("show", "latest")
        assert result.code == 0
        assert result.out.splitlines()[1].split() == ["Record:", now.stem]
        assert future.exists()

    def test_a_record_finished_before_it_started_is_refused(self, run: Run, make_record) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        data = json.loads(path.read_text("utf-8"))
        data["started"] = "2099-01-01T00:00:00+00:00"
        path.write_text(json.dumps(data), "utf-8")
        result = run("show", path.stem)
        assert result.code == 1
        assert "(finished: before it was started)" in result.err

    def test_a_clock_put_back_mid_walk_never_gives_a_record_that_ends_before_it_starts(
        self, store: Store, loaded: Loaded, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        draft = check.new_draft(loaded, "C1")
        back = datetime.fromisoformat(draft.started) - timedelta(hours=3)
        monkeypatch.setattr(dates, "now", lambda: back)
        saved = check.save_record(store, loaded, draft, {})
        assert saved.record.started == saved.record.finished
        assert store.read_record(saved.path).finished_at == back


class TestF16ConcurrentWrites:
    """Reliability review F16: writes made at once to supervision notes and the exports
    log are all kept."""

    def test_ten_supervisions_at_once_are_all_kept(self, make_record, store: Store) -> None:
        record = make_record("professional-curiosity", "curious: no\n")

        def add(n: int) -> None:
            store.add_supervision(
                record.stem,
                SupervisionSession(
                    date="2026-11-30", recorded="2026-11-30T10:00:00Z", decisions=f"D{n}"
                ),
            )

        threads = [threading.Thread(target=add, args=(n,)) for n in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        notes = store.read_supervision(record.stem)
        assert notes is not None
        assert sorted(s.decisions or "" for s in notes.sessions) == sorted(
            f"D{n}" for n in range(10)
        )

    def test_ten_exports_at_once_are_all_logged_and_deleted_with_the_record(
        self, run: Run, make_record, store: Store, tmp_path: Path
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        targets = [tmp_path / f"e{n}.md" for n in range(10)]

        def export(target: Path) -> None:
            store.write_export(target, b"summary", force=False, record_id=record.stem)

        threads = [threading.Thread(target=export, args=(t,)) for t in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = run("delete", record.stem, "--yes")
        assert result.code == 0
        assert [t for t in targets if t.exists()] == []


class TestF18DamagedStoreFolders:
    """Reliability review F18: a damaged store folder is named, and nothing is half done."""

    @pytest.mark.parametrize("folder", ["records", "drafts", "supervision"])
    def test_a_store_folder_that_is_a_file_is_named(
        self, run: Run, home: Path, folder: str
    ) -> None:
        home.mkdir(mode=0o700)
        (home / folder).write_text("not a folder", encoding="utf-8")
        result = run("records")
        assert result.code == 1
        assert result.err == (
            f"Error: {home / folder} should be a folder, but it is a file.\n"
            "Move the file aside; thinkfamily will make the folder again.\n"
        )

    def test_a_store_folder_that_is_a_link_is_refused(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        home.mkdir(mode=0o700)
        symlink(home / "records", elsewhere)
        result = run("records")
        assert result.code == 1
        assert result.err.startswith(f"Error: {home / 'records'} is a link to another place")

    @FILE_MODES
    def test_a_data_folder_others_can_change_is_refused(self, run: Run, home: Path) -> None:
        home.mkdir()
        home.chmod(0o733)
        result = run("records")
        assert result.code == 1
        assert result.err == (
            f"Error: {home} can be changed by other users of this computer, who could delete "
            "or plant records in it.\n"
            f"Make it yours alone with: chmod 700 {home}\n"
        )

    def test_a_record_damaged_after_it_was_indexed_is_reported(self, run: Run, make_record) -> None:
        """The index vouches for a file only in the state it was read in."""
        good = make_record("professional-curiosity", "curious: no\n", "--case", "A")
        damaged = make_record("professional-curiosity", "curious: no\n", "--case", "B")
        assert run("records").code == 0  # both are in the index now
        data = json.loads(damaged.read_text("utf-8"))
        data["finished"] = "not a time"
        damaged.write_text(json.dumps(data), "utf-8")
        result = run("records", "--json")
        assert [r["id"] for r in json.loads(result.out)] == [good.stem]
        assert result.err.startswith(f"Warning: skipped {damaged}: finished: ")

    def test_delete_removes_the_record_last(self, run: Run, make_record, home: Path) -> None:
        """`supervision` is a file: nothing is deleted that would make the rest unreachable."""
        record = make_record("professional-curiosity", "curious: no\n")
        (home / "supervision").write_text("", encoding="utf-8")
        result = run("delete", record.stem, "--yes")
        assert result.code == 1
        assert record.exists()


class TestF20Rest:
    """Reliability review F20 (the rest): a draft whose start is not a time is damaged."""

    def test_a_draft_whose_start_is_not_a_time_is_refused_when_loaded(
        self, store: Store, loaded: Loaded
    ) -> None:
        path = interactive_draft(store, loaded, "K2", "typed")
        data = json.loads(path.read_text("utf-8"))
        data["started"] = "yesterday"
        path.write_text(json.dumps(data), "utf-8")
        with pytest.raises(StoreError) as damaged:
            store.load_draft("professional-curiosity", "K2")
        assert damaged.value.message == f"The draft {path} is damaged."


# --- a second attack, made after the reliability review's fixes --------------------


@FIFOS
class TestStoreFilesThatAreNotFiles:
    """Second attack after the reliability review's fixes: a FIFO or a link to /dev/zero
    where a record, a draft or a supervision file should be is reported at once, never waited
    on or read for ever."""

    def test_a_fifo_named_as_a_record_is_passed_over_or_reported(
        self, make_record, home: Path
    ) -> None:
        """The store lists regular files alone; a folder given to `report` names the rest."""
        good = make_record("professional-curiosity", "curious: no\n")
        fifo = home / "records" / "20200101T000000Z_practitioner_FIFO.json"
        os.mkfifo(fifo)
        zero = home / "records" / "20200102T000000Z_practitioner_ZERO.json"
        zero.symlink_to("/dev/zero")
        for args in (("records",), ("report", "--min-records", "1")):
            done = installed(home, *args)
            assert (done.returncode, done.stderr) == (0, ""), args
            assert "FIFO" not in done.stdout
            assert "ZERO" not in done.stdout
        assert good.stem in installed(home, "records").stdout
        done = installed(home, "report", str(home / "records"), "--min-records", "1")
        assert done.returncode == 0, done.stderr
        assert f"{fifo}: Cannot read {fifo}: not a regular file." in done.stderr
        assert f"{zero}: Cannot read {zero}: not a regular file." in done.stderr
        for ref in (fifo.stem, zero.stem):
            done = installed(home, "show", ref)
            assert done.returncode == 1
            assert done.stderr.startswith(f"Error: No record matches '{ref}'.")

    def test_a_fifo_as_a_draft_or_supervision_file_is_refused_with_its_path(
        self, make_record, home: Path, store: Store
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        notes = store.supervision_path(record.stem)
        notes.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.mkfifo(notes)
        done = installed(home, "export", record.stem)
        assert done.returncode == 1
        assert done.stderr.startswith(f"Error: Cannot read {notes}: not a regular file.")
        draft = store.draft_path("professional-curiosity", "K1")
        draft.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.mkfifo(draft)
        t = Terminal(home, "check", "professional-curiosity", "--case", "K1")
        t.expect("cannot be read (not a regular file).")
        code, _ = t.finish()
        assert code == 1


@pytest.mark.posix_only("a folder or a link where the lock goes: Windows has no O_NOFOLLOW")
class TestALockThatCannotBeTaken:
    """Second attack after the reliability review's fixes: a lock that cannot be taken
    stops the walk or the write."""

    def test_a_folder_where_the_lock_goes_is_refused_not_ignored(self, store: Store) -> None:
        lock = store.draft_path("professional-curiosity", "K1").with_name(
            ".professional-curiosity_k1_038a840b.lock"
        )
        lock.mkdir(parents=True)
        with pytest.raises(StoreError) as raised, store.walking("professional-curiosity", "K1"):
            pytest.fail("walked without a lock")
        assert raised.value.message == (
            f"{lock} is not a lock file, so thinkfamily cannot make sure no other window is "
            "changing the same files."
        )
        assert raised.value.hint == "Move it aside, then run this again."

    def test_a_link_where_the_lock_goes_creates_nothing_outside_the_store(
        self, store: Store, tmp_path: Path
    ) -> None:
        outside = tmp_path / "outside"
        store.paths.data.mkdir(parents=True)
        (store.paths.data / ".lock").symlink_to(outside)
        with pytest.raises(StoreError), store.writing():
            pytest.fail("wrote without a lock")
        assert not outside.exists()


# --- a damaged draft -------------------------------------------------------------------


DAMAGED_DRAFTS = {
    "invalid JSON": (
        b'{"checklist_id": "practitioner", "answers": {"household": {"answer": "yes", "no',
        "cannot be read (Unterminated string starting at: line 1 column 77 (char 76)).",
        "Move it aside to start again: it may still hold answers you typed.",
    ),
    "zeroed by a crash": (
        b"\x00" * 16,
        "cannot be read (Expecting value: line 1 column 1 (char 0)).",
        "Move it aside to start again: it may still hold answers you typed.",
    ),
    "not UTF-8": (
        b"\xe9t\xe9",
        "cannot be read ('utf-8' codec can't decode byte 0xe9 in position 0: "
        "invalid continuation byte).",
        "Move it aside to start again: it may still hold answers you typed.",
    ),
    "a JSON list": (b"[]\n", "is not a thinkfamily draft.", "Move it aside to start again."),
    "another file's JSON": (
        b'{"schema": "thinkfamily.record/1"}\n',
        "is not a thinkfamily draft.",
        "Move it aside to start again.",
    ),
    "a draft with a wrong field": (
        b'{"schema": "thinkfamily.draft/1", "checklist_id": "practitioner", "answers": 3}\n',
        "is damaged.",
        "Move it aside to start again; it may still hold answers you typed.",
    ),
}


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("damage", sorted(DAMAGED_DRAFTS))
@pytest.mark.parametrize("choice", [(), ("--resume",)], ids=["ask", "resume"])
def test_a_damaged_draft_is_named_kept_and_explained(
    run: Run, home: Path, damage: str, choice: tuple[str, ...]
) -> None:
    content, problem, hint = DAMAGED_DRAFTS[damage]
    draft = home / "drafts" / "practitioner.json"
    files_module.ensure_private_dir(draft.parent)
    draft.write_bytes(content)
    result = run("check", "practitioner", *choice, stdin="y\n")
    assert result.code == ExitCode.FAILED
    assert result.err == f"Error: The draft {draft} {problem}\n{hint}\n"
    assert draft.read_bytes() == content
    assert list(draft.parent.iterdir()) == [draft]
    assert not (home / "records").exists()


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("damage", sorted(DAMAGED_DRAFTS))
def test_new_starts_again_from_a_damaged_draft(run: Run, home: Path, damage: str) -> None:
    """Reliability review F20: --new asks for the draft to be discarded: it need not be
    readable to go."""
    draft = home / "drafts" / "practitioner.json"
    files_module.ensure_private_dir(draft.parent)
    draft.write_bytes(DAMAGED_DRAFTS[damage][0])
    result = run("check", "practitioner", "--new", stdin="y\nAsked\n\nq\n")
    assert result.code == 0, result.err
    (kept,) = draft.parent.iterdir()
    assert json.loads(kept.read_text("utf-8"))["answers"] == {
        "who-is-the-family": {"answer": "yes", "note": "Asked"}
    }
