"""The wheel carries the shipped data, and the installed entry points work."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import thinkfamily

from .conftest import REPO, Run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout, offline, the way pip builds one."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("thinkfamily-*.whl")
    return found


def test_wheel_contains_every_shipped_checklist(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "checklists").glob("*.yaml"):
        assert f"thinkfamily/data/checklists/{path.name}" in names
    for path in (REPO / "contacts").glob("*.yaml"):
        assert f"thinkfamily/data/contacts/{path.name}" in names


def test_unpacked_wheel_finds_its_checklists_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "thinkfamily", "checklists", "--json"],
        cwd=elsewhere,
        env={
            "PYTHONPATH": str(site),
            "THINKFAMILY_HOME": str(tmp_path / "home"),
            "PATH": "/usr/bin:/bin",
            "PYTHONSAFEPATH": "1",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert sorted(item["id"] for item in listed) == sorted(
        p.stem for p in (REPO / "checklists").glob("*.yaml")
    )
    assert all(item["file"].startswith(str(site)) for item in listed)


def test_version_flag(run: Run) -> None:
    result = run("--version")
    assert (result.code, result.out) == (0, f"thinkfamily {thinkfamily.__version__}\n")


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "thinkfamily", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == f"thinkfamily {thinkfamily.__version__}\n"


def test_bare_command_welcomes_and_says_what_to_run_first(run: Run) -> None:
    result = run()
    assert result.code == 0
    assert result.out.splitlines()[0] == (
        f"thinkfamily {thinkfamily.__version__}: see the whole family, before supervision."
    )
    assert "thinkfamily check practitioner --case REF" in result.out
