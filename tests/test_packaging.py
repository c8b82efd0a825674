"""The wheel carries the shipped data, and the installed entry points work."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import thinkfamily

from .conftest import REPO, Run, system_env


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


def test_wheel_contains_every_guide_and_the_glossary(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        f"thinkfamily/data/{path.parent.name}/{path.name}"
        for folder in ("guides", "glossary")
        for path in sorted((REPO / folder).iterdir())
    ]
    assert "thinkfamily/data/glossary/glossary.yaml" in shipped
    assert len(shipped) > 1
    assert [name for name in shipped if name not in names] == []


def unpacked(wheel: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The wheel unpacked into a folder of its own; runs it from another folder, with
    nothing of the source checkout on the path."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "thinkfamily", *args],
            cwd=elsewhere,
            env=system_env(
                PYTHONPATH=str(site),
                THINKFAMILY_HOME=str(tmp_path / "home"),
                PYTHONSAFEPATH="1",
            ),
            capture_output=True,
            encoding="utf-8",
            check=False,
        )

    return command


def test_unpacked_wheel_shows_its_guides_and_glossary_from_another_folder(
    wheel: Path, tmp_path: Path, run: Run
) -> None:
    command = unpacked(wheel, tmp_path)
    listing = command("guide")
    assert (listing.returncode, listing.stderr) == (0, "Read one with: thinkfamily guide TOPIC\n")
    topics = [line.split()[0] for line in listing.stdout.splitlines()[1:] if line.strip()]
    assert topics == sorted(path.stem for path in (REPO / "guides").glob("*.yaml"))
    for args in (("guide", "carers"), ("glossary", "MASH"), ("glossary", "out of hours")):
        shown = command(*args)
        assert (shown.returncode, shown.stderr) == (0, ""), args
        assert shown.stdout == run(*args).out, args
    assert command("guide", "carers").stdout.startswith("Carers, adult and young\n\n")
    assert command("glossary", "MASH").stdout.startswith(
        "MASH\n  Multi-Agency Safeguarding Hub: the point where safeguarding concerns are\n"
    )


def test_unpacked_wheel_finds_its_checklists_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    result = unpacked(wheel, tmp_path)("checklists", "--json")
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
        encoding="utf-8",
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
