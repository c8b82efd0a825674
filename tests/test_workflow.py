"""CI runs exactly the test lines the README gives a new user, on every system it names."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"
POSIX = "runner.os != 'Windows'"
WINDOWS = "runner.os == 'Windows'"
# What makes a failing command stop the Windows step, since `;` runs the next one anyway.
STOP_ON_FAILURE = [
    "$ErrorActionPreference = 'Stop'",
    "$PSNativeCommandUseErrorActionPreference = $true",
]


def readme_line(marker: str, start: str) -> str:
    """The first line starting with `start` after `<!-- marker -->` in the README, as
    .ci/run finds the POSIX one."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    after = lines[lines.index(f"<!-- {marker} -->") + 1 :]
    return next(line for line in after if line.startswith(start))


def steps() -> list[dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow["jobs"]["tests"]["steps"]


def step(condition: str) -> dict[str, str]:
    (found,) = [s for s in steps() if s.get("if") == condition]
    return found


def test_the_readme_gives_each_system_its_lines() -> None:
    assert readme_line("test-line", "python3 ") == (
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"
    )
    assert readme_line("windows-test-line", "py ") == (
        'py -m venv .venv; .venv\\Scripts\\python -m pip install ".[test]"; '
        ".venv\\Scripts\\python -m pytest"
    )
    assert readme_line("windows-run-line", "py ") == (
        "py -m venv .venv; .venv\\Scripts\\python -m pip install .; "
        ".venv\\Scripts\\thinkfamily check practitioner --case ABC123"
    )


def test_the_matrix_is_three_systems_by_two_pythons() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["tests"]
    assert job["runs-on"] == "${{ matrix.os }}"
    matrix = job["strategy"]["matrix"]
    assert set(matrix) == {"os", "python"}  # no include or exclude changes the product
    assert sorted(matrix["os"]) == ["macos-latest", "ubuntu-latest", "windows-latest"]
    assert sorted(matrix["python"]) == ["3.11", "3.13"]
    (setup,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert setup["with"]["python-version"] == "${{ matrix.python }}"


def test_linux_and_macos_run_exactly_the_readmes_test_line() -> None:
    posix = step(POSIX)
    assert posix["shell"] == "bash"
    assert posix["run"].strip() == readme_line("test-line", "python3 ")


def test_windows_runs_exactly_the_readmes_windows_test_line_and_stops_on_a_failure() -> None:
    windows = step(WINDOWS)
    assert windows["shell"] == "pwsh"
    assert windows["run"].strip().splitlines() == [
        *STOP_ON_FAILURE,
        readme_line("windows-test-line", "py "),
    ]
    assert "&&" not in readme_line("windows-test-line", "py ")  # Windows PowerShell 5.1
    assert "&&" not in readme_line("windows-run-line", "py ")


def test_only_those_two_steps_run_commands_that_could_pass_for_the_tests() -> None:
    """Every step that runs something other than the check of the Python version is one of
    the two, so no other step can install or test in their place."""
    running = [s for s in steps() if "run" in s]
    checks = [s for s in running if s.get("if") not in (POSIX, WINDOWS)]
    assert [s["name"] for s in checks] == ["The README's Python is the one asked for"]
    assert "pip" not in checks[0]["run"]
    assert "pytest" not in checks[0]["run"]


@pytest.mark.skipif(shutil.which("awk") is None, reason="needs awk, as .ci/run does")
def test_ci_run_finds_the_same_posix_line() -> None:
    (program,) = re.findall(r"awk '([^']+)' README\.md", (REPO / ".ci" / "run").read_text("utf-8"))
    found = subprocess.run(
        ["awk", program, "README.md"],
        cwd=REPO,
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    assert found == readme_line("test-line", "python3 ") + "\n"
