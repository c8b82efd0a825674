"""The benchmark script runs (quickly, judging nothing) so it cannot rot unnoticed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

ROWS = (
    "--help",
    "contacts portsmouth",
    "checklists",
    "guide mental-capacity-act",
    "check practitioner, to question 1",
    "show latest",
    "export latest",
    "check practitioner --answers",
    "records (200)",
    "records (200), first run after a restore",
    "records (400)",
    "report (400)",
    "purge (200, each exported)",
    "saving the draft after one answer",
    "lines in src/thinkfamily (non-blank)",
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
    assert [line[:54].rstrip() for line in lines[3:]] == list(ROWS)
