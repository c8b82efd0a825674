"""Every test gets its own THINKFAMILY_HOME and runs without colour."""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thinkfamily import check, dates
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.cli import main
from thinkfamily.cli.app import ui
from thinkfamily.cli.terminal import UI
from thinkfamily.contacts import clock
from thinkfamily.files import WINDOWS
from thinkfamily.paths import user_paths
from thinkfamily.store import Store

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCES = REPO.parent / "shared" / "sources"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`@pytest.mark.posix_only("why")` skips a test on Windows, saying why. The reason is
    required on every system, so a test marked on Linux cannot lose it on Windows."""
    for item in items:
        for mark in item.iter_markers("posix_only"):
            reason = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: posix_only needs a reason")
            if WINDOWS:
                item.add_marker(pytest.mark.skip(reason=f"POSIX only: {reason}"))


# What Windows lacks, named once for the tests that need it.
PSEUDO_TERMINAL = pytest.mark.posix_only(
    "a real terminal: pexpect.spawn and pexpect.run need a POSIX pseudo-terminal"
)
FILE_MODES = pytest.mark.posix_only(
    "POSIX file modes (0600, 0700, a folder others can read or change); Windows has none"
)
FIFOS = pytest.mark.posix_only("FIFOs and /dev/zero")


def running_as_root() -> bool:
    """Whether this is root, who can write to a read-only folder (Windows has no root, and
    no `os.geteuid`)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def assert_private(path: Path) -> None:
    """A folder the tool made is 0700 and a file 0600. Windows has no such modes (the
    profile's access control protects the data folder), so there only its presence is
    checked."""
    assert path.exists(), path
    if not WINDOWS:
        expected = 0o700 if path.is_dir() else 0o600
        assert oct(stat.S_IMODE(path.stat().st_mode)) == oct(expected), path


def symlink(link: Path, target: Path | str) -> None:
    """Make `link` point at `target`; skip the test where this user may not make links
    (Windows without Developer Mode or administrator rights)."""
    try:
        link.symlink_to(target, target_is_directory=Path(target).is_dir())
    except OSError as exc:
        if WINDOWS:
            pytest.skip(f"this Windows user may not make symbolic links ({exc.strerror})")
        raise


def system_env(**extra: str) -> dict[str, str]:
    """A bare environment for a subprocess: the system's own programs on PATH and nothing of
    this shell's (no virtual environment's scripts). Windows also needs SYSTEMROOT to start
    Python at all."""
    if WINDOWS:
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        bare = {"SYSTEMROOT": root, "PATH": os.pathsep.join([str(Path(root) / "System32"), root])}
    else:
        bare = {"PATH": os.pathsep.join(["/usr/bin", "/bin"])}
    return {**bare, **extra}


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
        clock,
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


def installed_command() -> str:
    """The console script installed beside this interpreter (the one the README installs)."""
    found = shutil.which("thinkfamily", path=str(Path(sys.executable).parent))
    found = found or shutil.which("thinkfamily")
    if found is None:
        pytest.fail("the thinkfamily command is not installed")
    return found


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


@pytest.fixture
def store() -> Store:
    """The store in this test's own data folder."""
    return Store(user_paths())


@pytest.fixture
def loaded() -> Loaded:
    """The professional-curiosity checklist, as `check` loads it."""
    return Catalog(user_paths()).load("professional-curiosity")


def interactive_draft(store: Store, loaded: Loaded, case: str, note: str) -> Path:
    """The draft of a walk at the terminal, its first question answered with `note`."""
    draft = check.new_draft(loaded, case)
    draft.answers = {"curious": {"answer": "yes", "note": note}}
    return store.save_draft(draft)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Standard input and output count as a terminal, so `check` walks rather than refuse."""
    monkeypatch.setattr(UI, "interactive", property(lambda _: True))
    ui.__dict__.pop("out", None)  # the walk's console, made on the test's own stdout
    yield
    ui.__dict__.pop("out", None)


def installed(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """The installed command, given 30 s to answer (what would hang fails, not waits)."""
    env = {**os.environ, "THINKFAMILY_HOME": str(home), "NO_COLOR": "1", **extra}
    return subprocess.run(
        [installed_command(), *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=env,
        encoding="utf-8",
        timeout=30,
        check=False,
    )


def in_terminal(
    store: Path, args: list[str], *, columns: int = 100, status: bool = False, **env: str
) -> str:
    """The command's output in a real pseudo-terminal, `columns` wide (colour allowed
    unless `env` sets NO_COLOR); with `status`, a command that fails fails the test."""
    import pexpect  # noqa: PLC0415 - POSIX tests only

    environment = {**os.environ, "THINKFAMILY_HOME": str(store), "TERM": "xterm-256color", **env}
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    environment.pop("COLUMNS", None)
    output, code = pexpect.run(
        installed_command(),
        args=args,
        env=environment,
        withexitstatus=True,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, columns),
    )
    assert not status or code == 0, output
    return str(output)
