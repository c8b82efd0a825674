"""Records and drafts on disk: atomic, private, never overwritten, never lost."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thinkfamily import check
from thinkfamily import files as files_module
from thinkfamily.catalog import Catalog
from thinkfamily.errors import StoreError
from thinkfamily.files import atomic_write
from thinkfamily.paths import user_paths
from thinkfamily.store import Store, parse_record_name

from .conftest import Run


@pytest.fixture
def store(home: Path) -> Store:
    return Store(user_paths())


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
    monkeypatch.setattr(check, "aware_now", lambda: when)
    loaded = Catalog(user_paths()).load("practitioner")
    draft = check.new_draft(loaded, "C1")
    first = check.save_record(store, loaded, draft, {}).path
    second = check.save_record(store, loaded, draft, {}).path
    assert first.name == "20261123T100000Z_practitioner_C1.json"
    assert second.name == "20261123T100000Z-2_practitioner_C1.json"
    assert json.loads(first.read_text())["id"] == "20261123T100000Z_practitioner_C1"
    assert json.loads(second.read_text())["id"] == "20261123T100000Z-2_practitioner_C1"


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
    draft = json.loads(store.draft_path("professional-curiosity", "C3").read_text())
    assert draft["answers"]["curious"]["note"] == "Words I typed"
    assert list((store.records).iterdir()) == []


class TestReadOnlyStore:
    def test_check_keeps_the_draft_and_exits_1(
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
        draft = Store(user_paths()).draft_path("professional-curiosity", "R1")
        assert result.err == (
            f"Error: Cannot save the record in {home / 'records'}: Read-only file system.\n"
            f"Nothing is lost: your answers are kept in the draft {draft}. Free some space or "
            "fix the folder's permissions, then run `thinkfamily check professional-curiosity "
            "--case R1 --resume` to save the record.\n"
        )
        assert json.loads(draft.read_text())["answers"]["curious"]["note"] == "Keep me"

    @pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
    def test_a_read_only_records_folder(self, run: Run, home: Path, tmp_path: Path) -> None:
        (home / "records").mkdir(parents=True)
        (home / "records").chmod(0o500)
        answers = tmp_path / "answers.yaml"
        answers.write_text("curious: yes\n", encoding="utf-8")
        result = run("check", "professional-curiosity", "--answers", str(answers))
        assert result.code == 1
        assert "Permission denied" in result.err
        assert (home / "drafts" / "professional-curiosity.json").exists()
