"""The benchmark script runs (quickly, judging nothing) so it cannot rot unnoticed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

ROWS = (
    "--help (Typer's own rendering)",
    "--version",
    "contacts portsmouth",
    "contacts portsmouth, first run (",
    "contacts portsmouth, first run of a year, in office hours (",
    "checklists, first run (",
    "guide mental-capacity-act, first run (",
    "check practitioner, to question 1",
    "check practitioner, to question 1, first run (",
    "show latest, first run (",
    "export latest, first run (",
    "check practitioner --answers, first run (",
    "records (200), first run after a restore (",
    "records (400)",
    "report (400)",
    "purge (200, each exported)",
)


@pytest.mark.posix_only("the benchmark measures processes with pty, os.wait4 and resource")
def test_quick_benchmark_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--quick"],
        capture_output=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:5] == ["command", "median", "min", "max", "ratio"]
    for row in ROWS:
        assert any(line.startswith(row) for line in lines), row
    assert len(lines) == 3 + 23 + 1
    assert lines[-1].startswith("baseline `python -c pass`: median ")
