"""Every test gets its own THINKFAMILY_HOME and runs without colour."""

from __future__ import annotations

import io
import os
import shutil
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thinkfamily import contacts, dates
from thinkfamily.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCES = REPO.parent / "shared" / "sources"


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("THINKFAMILY_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("THINKFAMILY_PLAIN", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("THINKFAMILY_DEBUG", raising=False)
    return home


# A Wednesday at 11:00 in England, in office hours for every area: what `contacts`
# shows does not depend on when the tests run. THINKFAMILY_NOW, when a test sets it, wins.
OFFICE_HOURS = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def office_hours(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(
        contacts,
        "clock",
        lambda: dates.now() if os.environ.get("THINKFAMILY_NOW") else OFFICE_HOURS,
    )
    return OFFICE_HOURS


NETGUARD = DATA / "netguard"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every test runs with sockets blocked; one that tries to connect fails."""
    attempts: list[str] = []

    def blocked(*args: object, **kwargs: object) -> None:
        attempts.append(f"{args!r} {kwargs!r}")
        raise OSError("network use is blocked in thinkfamily's tests")

    class Guard(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            blocked(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Guard)
    monkeypatch.setattr(socket, "create_connection", blocked)
    monkeypatch.setattr(socket, "getaddrinfo", blocked)
    yield attempts
    assert attempts == [], f"the code tried to use the network: {attempts}"


def guarded_env(log: Path, **extra: str) -> dict[str, str]:
    """Environment for a subprocess whose Python logs and refuses any network use."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH")]))
    env["THINKFAMILY_NET_LOG"] = str(log)
    return env


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the real entry point (`main`) with arguments and optional standard input."""

    def _run(*args: str, stdin: str = "") -> Result:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["thinkfamily", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


FIXED = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Records made in this test start and finish at one fixed time."""
    monkeypatch.setattr(dates, "now", lambda: FIXED)
    return FIXED


@pytest.fixture
def make_record(run: Run, tmp_path: Path, home: Path) -> Callable[..., Path]:
    """Save a record from answers (YAML text) with `check --answers`; returns its file."""

    def _make(checklist: str, answers: str, *extra: str) -> Path:
        before = set((home / "records").glob("*.json")) if (home / "records").is_dir() else set()
        path = tmp_path / f"answers-{len(before)}.yaml"
        path.write_text(answers, encoding="utf-8")
        result = run("check", checklist, "--answers", str(path), *extra)
        assert result.code == 0, result.err
        (made,) = set((home / "records").glob("*.json")) - before
        return made

    return _make


@pytest.fixture
def user_checklists(home: Path) -> Path:
    """The test checklists (tests/data/checklists) installed as the user's own."""
    folder = home / "checklists"
    shutil.copytree(DATA / "checklists", folder)
    shutil.copy(DATA / "valid-user.yaml", folder / "valid-user.yaml")
    return folder
