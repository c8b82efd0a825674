"""The benchmark script runs (quickly, judging nothing) so it cannot rot unnoticed."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_quick_benchmark_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--quick"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:5] == ["command", "median", "min", "max", "ratio"]
    for row in (
        "thinkfamily --help",
        "thinkfamily --version",
        "thinkfamily contacts portsmouth",
        "thinkfamily checklists",
        "check practitioner, to the first question",
        "thinkfamily records (200 records)",
        "thinkfamily report (200 records)",
    ):
        assert any(line.startswith(row) for line in lines), row
    assert lines[-1].startswith("baseline `python -c pass`: median ")
