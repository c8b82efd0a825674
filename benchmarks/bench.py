"""Start-up and scale budgets of the `thinkfamily` command, measured as whole processes.

Each command runs K times after a warm-up, alternating with `python -c pass` on the
same interpreter, and is reported as the ratio of the two medians, with its peak
memory. "cold" rows remove the cache of shipped files and the records index before
every timed run, as on the first run after an install or a restore; "first run" rows
are judged against the warm row of the same command. The data (10,000 records, and
100,000 for the scale rows) is generated in temporary THINKFAMILY_HOME folders, so
nothing of the user's is read or touched.

    python benchmarks/bench.py            # the full run; exit 1 if a row is over budget
    python benchmarks/bench.py --quick    # a small, fast run that judges nothing (CI)
    python benchmarks/bench.py --only records   # the rows whose name holds a word
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

try:  # POSIX only: peak memory of a child, and a real terminal for the walk
    import pty
    import resource
    import select
    import signal
except ImportError:  # pragma: no cover - Windows
    pty = resource = select = signal = None  # type: ignore[assignment]

# ru_maxrss is in KiB on Linux and in bytes on macOS (getrusage(2) on each)
MIB = 1024 * 1024 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class Budget:
    name: str
    args: tuple[str, ...]
    home: str = "small"  # which generated data folder: small (10,000) or large (100,000)
    ratio: float | None = None  # times `python -c pass`
    wall: float | None = None  # seconds
    memory_mib: int | None = None
    cold: bool = False  # remove the cache and the index before every timed run
    of_warm: float | None = None  # a cold row's budget: this many times its warm row
    first_question: bool = False
    fresh: bool = False  # a run changes the data: set up a new copy before every run
    env: dict[str, str] = field(default_factory=dict)


EVENING = {"THINKFAMILY_NOW": "2026-12-02T20:00:00+00:00"}  # a Wednesday, 8pm in England
OFFICE = {"THINKFAMILY_NOW": "2026-12-02T11:00:00+00:00"}  # the same day, 11am


def warm_and_first(name: str, args: tuple[str, ...], ratio: float, **extra: Any) -> list[Budget]:
    """A command's warm row and its row on the first run after an install (no cache)."""
    memory = extra.pop("memory_mib", 40)
    return [
        Budget(name, args, ratio=ratio, memory_mib=memory, **extra),
        Budget(f"{name}, first run", args, cold=True, of_warm=1.5, **extra),
    ]


BUDGETS = (
    Budget(
        "--help (Typer's own rendering)", ("--help",), ratio=7, memory_mib=40, env={"COLUMNS": "79"}
    ),
    Budget("--help", ("--help",), ratio=7, memory_mib=40),
    Budget("--version", ("--version",), ratio=7, memory_mib=40),
    # `contacts` follows the clock, so its rows fix it: a weekday evening, and a weekday in
    # office hours, when the first run of a year also works out that year's bank holidays
    # (the holidays library takes about 0.1 s to import; the days are then kept in the
    # cache, so this is once a year, and never out of hours).
    *warm_and_first("contacts portsmouth", ("contacts", "portsmouth"), 8, env=EVENING),
    Budget(
        "contacts portsmouth, first run of a year, in office hours",
        ("contacts", "portsmouth"),
        cold=True,
        of_warm=2.5,
        env=OFFICE,
    ),
    *warm_and_first("checklists", ("checklists",), 8),
    *warm_and_first("guide mental-capacity-act", ("guide", "mental-capacity-act"), 8),
    *warm_and_first(
        "check practitioner, to question 1",
        ("check", "practitioner", "--new"),
        9,
        first_question=True,
    ),
    *warm_and_first("show latest", ("show", "latest"), 10),
    *warm_and_first("export latest", ("export", "latest"), 10),
    *warm_and_first(
        "check practitioner --answers",
        ("check", "practitioner", "--answers", "{answers}"),
        12,
        home="answers",
        memory_mib=60,
    ),
    Budget("records ({small})", ("records",), ratio=None, memory_mib=80),
    Budget("records ({small}), first run after a restore", ("records",), cold=True, of_warm=2),
    Budget("records ({large})", ("records",), home="large", wall=1.5, memory_mib=200),
    Budget("report ({large})", ("report",), home="large", wall=2.0, memory_mib=200),
    Budget(
        "purge ({small}, each exported)",
        ("purge", "--older-than", "1d", "--yes"),
        home="purge",
        wall=10.0,
        memory_mib=200,
        fresh=True,
    ),
)


def command() -> list[str]:
    """The installed console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("thinkfamily")
    return [str(script)] if script.exists() else [sys.executable, "-m", "thinkfamily"]


def environment(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"THINKFAMILY_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100", "TERM": "xterm"})
    env.update(extra or {})
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (ru_maxrss: see MIB) of one process, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if resource is None:
        proc.wait()
        return time.perf_counter() - start, 0
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"bench: {' '.join(argv)} exited {code}")
    return elapsed, usage.ru_maxrss


def run_to_first_question(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds until `1/16` is on a real terminal's screen, and peak memory then."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
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


ANSWERS = (
    "household: partly\nothers-at-risk: no\nassumptions: yes\n"
    "who-is-the-family: {answer: yes, note: Mum and two children}\n"
)


def make_records(home: Path, count: int, *, exported: bool = False) -> None:
    """One real record made by the tool, copied `count` times with new ids, times and cases.

    With `exported`, each record also has an export file named in the exports log, as
    if `export -o` had written one for every record.
    """
    env = environment(home)
    answers = home / "answers.yaml"
    home.mkdir(parents=True, exist_ok=True)
    answers.write_text(ANSWERS, encoding="utf-8")
    subprocess.run(
        [*command(), "check", "practitioner", "--case", "SEED", "--answers", str(answers)],
        env=env,
        check=True,
        capture_output=True,
    )
    records = home / "records"
    (seed,) = records.glob("*.json")
    template = json.loads(seed.read_text(encoding="utf-8"))
    seed.unlink()
    start = datetime(2020, 1, 1, 9, 0, tzinfo=UTC)
    log: dict[str, list[str]] = {}
    exports = home / "exports"
    if exported:
        exports.mkdir()
    for i in range(count):
        when = start + timedelta(minutes=37 * i)
        case = f"C{i:06d}"
        record_id = f"{when:%Y%m%dT%H%M%SZ}_practitioner_{case}"
        template.update(
            id=record_id, case=case, started=when.isoformat(), finished=when.isoformat()
        )
        path = records / f"{record_id}.json"
        path.write_text(json.dumps(template, indent=2), encoding="utf-8")
        path.chmod(0o600)
        if exported:
            out = exports / f"{record_id}.md"
            out.write_text(f"# {record_id}\n", encoding="utf-8")
            log[record_id] = [str(out)]
    if exported:
        (home / "exports.json").write_text(json.dumps(log), encoding="utf-8")
    # One listing builds the index and the cache, as the user's own use would have.
    subprocess.run([*command(), "records"], env=env, check=True, capture_output=True)


def make(home: Path, count: int, *, exported: bool) -> None:
    """Generate the data in a child process: a child started by this process begins as a
    copy of it, so a large benchmark process would inflate every peak memory measured."""
    subprocess.run(
        [sys.executable, __file__, "--make", str(home), str(count), "1" if exported else "0"],
        check=True,
    )


def forget_cache(home: Path) -> None:
    """What a fresh install or a restore from backup lacks: the cache and the index."""
    shutil.rmtree(home / "cache", ignore_errors=True)
    for index in (home / "records").glob(".index*"):
        index.unlink()


@dataclass
class Row:
    name: str
    median: float
    low: float
    high: float
    ratio: float
    peak_mib: float


def measure(
    argv: list[str],
    env: dict[str, str],
    runs: int,
    *,
    first_question: bool,
    prepare: Callable[[], None] | None,
) -> tuple[list[float], list[float], int]:
    """Times of the command and of the baseline, run alternately, and the peak memory."""
    runner = run_to_first_question if first_question else run_once
    baseline = [sys.executable, "-c", "pass"]
    if prepare:
        prepare()
    runner(argv, env)  # warm-up: bytecode, the page cache
    run_once(baseline, env)
    times, base, peak = [], [], 0
    for _ in range(runs):
        if prepare:
            prepare()
        elapsed, rss = runner(argv, env)
        times.append(elapsed)
        peak = max(peak, rss)
        base.append(run_once(baseline, env)[0])
    return times, base, peak


def main() -> int:  # noqa: C901, PLR0912, PLR0915 - one linear script
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records, small rows")
    parser.add_argument("--large", type=int, default=100_000, help="records, scale rows")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument(
        "--quick", action="store_true", help="200 and 400 records, 3 runs, and no verdict (for CI)"
    )
    parser.add_argument("--only", metavar="WORD", help="run only the rows whose name contains WORD")
    parser.add_argument(
        "--make", nargs=3, metavar=("HOME", "COUNT", "EXPORTED"), help=argparse.SUPPRESS
    )
    options = parser.parse_args()
    if options.make:  # in a child process, so that this one stays small (see below)
        make_records(Path(options.make[0]), int(options.make[1]), exported=options.make[2] == "1")
        return 0
    small, large, runs = (
        (200, 400, 3) if options.quick else (options.records, options.large, options.runs)
    )
    if pty is None:
        print("bench: this benchmark needs a POSIX system (pty, wait4)", file=sys.stderr)
        return 0 if options.quick else 1

    root = Path(tempfile.mkdtemp(prefix="thinkfamily-bench-"))
    chosen = [
        b for b in BUDGETS if not options.only or options.only in b.name.format(small="", large="")
    ]
    homes = {b.home for b in chosen}
    try:
        made: dict[str, Path] = {}
        for name, count, exported in (
            ("small", small, False),
            ("large", large, False),
            ("purge", small, True),
        ):
            if name in homes or (name == "small" and "answers" in homes):
                made[name] = root / name
                make(made[name], count, exported=exported)
        if "answers" in homes:
            made["answers"] = root / "answers"
            make(made["answers"], 1, exported=False)
        print(
            f"thinkfamily benchmark, {datetime.now(UTC):%Y-%m-%d}: {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; "
            f"{small:,} and {large:,} records; {runs} runs each (3 for rows over 1 s); "
            "ratio = median / median of `python -c pass` run alternately."
        )
        header = (
            f"{'command':<54} {'median':>8} {'min':>7} {'max':>7} {'ratio':>6} "
            f"{'peak':>8}  {'budget':<22} result"
        )
        print(header)
        print("-" * len(header))
        over = 0
        warm: dict[str, Row] = {}
        bases: list[float] = []
        for budget in chosen:
            name = budget.name.format(small=f"{small:,}", large=f"{large:,}")
            home = made[budget.home]
            args = [a.format(answers=home / "answers.yaml") for a in budget.args]
            env = environment(home, budget.env)
            prepare: Callable[[], None] | None = None
            if budget.cold:
                prepare = lambda home=home: forget_cache(home)  # noqa: E731
            if budget.fresh:
                pristine = home.with_name(home.name + "-pristine")
                if not pristine.exists():
                    shutil.copytree(home, pristine, symlinks=True)

                def prepare(home: Path = home, pristine: Path = pristine) -> None:
                    shutil.rmtree(home)
                    shutil.copytree(pristine, home, symlinks=True)
                    log = home / "exports.json"
                    log.write_text(log.read_text().replace(str(pristine), str(home)))

            slow = budget.wall is not None or budget.fresh
            times, base, peak = measure(
                [*command(), *args],
                env,
                3 if slow else runs,
                first_question=budget.first_question,
                prepare=prepare,
            )
            bases += base
            median = statistics.median(times)
            row = Row(
                name, median, min(times), max(times), median / statistics.median(base), peak / MIB
            )
            limits, within = [], True
            if budget.ratio is not None:
                limits.append(f"<= {budget.ratio:g}x")
                within &= row.ratio <= budget.ratio
            if budget.wall is not None:
                limits.append(f"<= {budget.wall:g} s")
                within &= median <= budget.wall
            if budget.of_warm is not None:
                warm_name = name.split(", first run")[0]
                reference = warm.get(warm_name)
                if reference is not None:
                    limits.append(f"<= {budget.of_warm:g}x warm")
                    within &= row.ratio <= budget.of_warm * reference.ratio
                    row.name = f"{name} ({row.ratio / reference.ratio:.2f}x warm)"
            if budget.memory_mib is not None:
                limits.append(f"{budget.memory_mib} MiB")
                within &= row.peak_mib <= budget.memory_mib
            if not budget.cold:
                warm[name] = row
            over += not within
            verdict = "-" if options.quick else ("within" if within else "OVER")
            print(
                f"{row.name:<54} {median * 1000:>6.0f}ms {row.low * 1000:>5.0f}ms "
                f"{row.high * 1000:>5.0f}ms {row.ratio:>5.1f}x {row.peak_mib:>5.1f}MiB  "
                f"{', '.join(limits):<22} {verdict}",
                flush=True,
            )
        if bases:
            print(f"baseline `python -c pass`: median {statistics.median(bases) * 1000:.1f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if options.quick or not over else 1


if __name__ == "__main__":
    sys.exit(main())
