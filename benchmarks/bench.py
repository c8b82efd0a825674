"""Start-up and scale budgets of the `thinkfamily` command, measured as whole processes.

Each command runs K times after a warm-up, alternating with `python -c pass` on the
same interpreter, and is reported as the ratio of the two medians, with its peak
memory. The data it needs (N records, 10,000 by default) is generated in a temporary
THINKFAMILY_HOME, so nothing of the user's is read or touched.

    python benchmarks/bench.py            # the full run; exit 1 if a row is over budget
    python benchmarks/bench.py --quick    # a small, fast run that judges nothing (CI)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

MIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Budget:
    name: str
    args: tuple[str, ...]
    ratio: float | None  # times `python -c pass`; None when the budget is wall time
    wall: float | None  # seconds
    memory_mib: int
    first_question: bool = False


BUDGETS = (
    Budget("thinkfamily --help", ("--help",), 7, None, 20),
    Budget("thinkfamily --version", ("--version",), 7, None, 20),
    Budget("thinkfamily contacts portsmouth", ("contacts", "portsmouth"), 10, None, 30),
    Budget("thinkfamily checklists", ("checklists",), 10, None, 30),
    Budget("check practitioner, to the first question", ("check", "practitioner", "--new"),
           12, None, 40, first_question=True),
    Budget("thinkfamily records ({n} records)", ("records",), 15, None, 60),
    Budget("thinkfamily report ({n} records)", ("report",), None, 2.0, 200),
)


def command() -> list[str]:
    """The installed console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("thinkfamily")
    return [str(script)] if script.exists() else [sys.executable, "-m", "thinkfamily"]


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"THINKFAMILY_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100",
                "TERM": "xterm"})
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one process, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(argv)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss


def run_to_first_question(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds until `1/16` is on a real terminal's screen, and peak memory then."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True)
    os.close(slave)
    seen = b""
    try:
        while b"1/16" not in seen:
            ready, _, _ = select.select([master], [], [], 10)
            if not ready:
                raise SystemExit("bench: the first question did not appear within 10 s")
            seen += os.read(master, 65536)
        elapsed = time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGKILL)
        _, _, usage = os.wait4(proc.pid, 0)
        os.close(master)
    return elapsed, usage.ru_maxrss


def make_records(home: Path, count: int, env: dict[str, str]) -> None:
    """One real record made by the tool, copied `count` times with new ids, times and cases."""
    answers = home / "answers.yaml"
    answers.write_text("household: partly\nothers-at-risk: no\nassumptions: yes\n"
                       "who-is-the-family: {answer: yes, note: Mum and two children}\n")
    subprocess.run([*command(), "check", "practitioner", "--case", "SEED",
                    "--answers", str(answers)], env=env, check=True, capture_output=True)
    records = home / "records"
    (seed,) = records.glob("*.json")
    template = json.loads(seed.read_text(encoding="utf-8"))
    seed.unlink()
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    for i in range(count):
        when = start + timedelta(minutes=37 * i)
        case = f"C{i:05d}"
        record_id = f"{when:%Y%m%dT%H%M%SZ}_practitioner_{case}"
        template.update(id=record_id, case=case, started=when.isoformat(),
                        finished=when.isoformat())
        path = records / f"{record_id}.json"
        path.write_text(json.dumps(template, indent=2), encoding="utf-8")
        path.chmod(0o600)


def measure(argv: list[str], env: dict[str, str], runs: int, *, first_question: bool,
            baseline: list[str]) -> tuple[list[float], list[float], int]:
    """Times of the command and of the baseline, run alternately, and the peak memory."""
    runner = run_to_first_question if first_question else run_once
    runner(argv, env)  # warm-up: caches, bytecode, the page cache
    run_once(baseline, env)
    times, base, peak = [], [], 0
    for _ in range(runs):
        elapsed, rss = runner(argv, env)
        times.append(elapsed)
        peak = max(peak, rss)
        base.append(run_once(baseline, env)[0])
    return times, base, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records to generate")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument("--quick", action="store_true",
                        help="200 records, 3 runs, and no verdict (for CI)")
    parser.add_argument("--only", metavar="WORD",
                        help="run only the rows whose command contains WORD")
    options = parser.parse_args()
    count, runs = (200, 3) if options.quick else (options.records, options.runs)

    home = Path(tempfile.mkdtemp(prefix="thinkfamily-bench-"))
    env = environment(home)
    baseline = [sys.executable, "-c", "pass"]
    available = subprocess.run([*command(), "--help"], env=env, capture_output=True,
                               text=True, check=True).stdout
    try:
        make_records(home, count, env)
        print(f"thinkfamily benchmark, {datetime.now(UTC):%Y-%m-%d}: {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}; "
              f"{count:,} records, {runs} runs each; ratio = median / median of "
              "`python -c pass` run alternately.")
        header = (f"{'command':<44} {'median':>8} {'min':>8} {'max':>8} {'ratio':>6} "
                  f"{'peak':>8}  {'budget':<18} result")
        print(header)
        print("-" * len(header))
        over = 0
        for budget in BUDGETS:
            name = budget.name.format(n=f"{count:,}")
            if options.only and options.only not in name:
                continue
            if budget.args[0] not in ("--help", "--version") and f"  {budget.args[0]} " \
                    not in available:
                print(f"{name:<44} {'(no such command yet)':>36}")
                continue
            times, base, peak = measure([*command(), *budget.args], env, runs,
                                        first_question=budget.first_question,
                                        baseline=baseline)
            median, ratio = statistics.median(times), statistics.median(times) / \
                statistics.median(base)
            limit = (f"<= {budget.ratio:g}x" if budget.ratio else f"<= {budget.wall:g} s") + \
                f", {budget.memory_mib} MiB"
            within = (ratio <= budget.ratio if budget.ratio else median <= (budget.wall or 0)) \
                and peak / MIB <= budget.memory_mib
            over += not within
            verdict = "-" if options.quick else ("within" if within else "OVER")
            print(f"{name:<44} {median * 1000:>6.0f}ms {min(times) * 1000:>6.0f}ms "
                  f"{max(times) * 1000:>6.0f}ms {ratio:>5.1f}x {peak / MIB:>5.1f}MiB  "
                  f"{limit:<18} {verdict}")
        print(f"baseline `python -c pass`: median {statistics.median(base) * 1000:.1f} ms")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0 if options.quick or not over else 1


if __name__ == "__main__":
    sys.exit(main())
