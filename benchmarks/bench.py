"""Start-up and scale budgets of the `thinkfamily` command, measured as whole processes.

Each command runs K times after a warm-up, alternating with its floor on the same
interpreter, and is reported as the ratio of the two medians, with its peak memory.
A command's floor is the least an app on the same stack does: `floor.py`, one Typer
command that reads one YAML file and validates it with one pydantic model; for the
first listing after a restore (no records index), `read_json.py`, a plain Python
process that reads and parses every record file. Rows of work at scale are judged by
wall time. Saving a draft and the size of the code are measured in this process. The
data (10,000 records, and 100,000 for the scale rows) is generated in temporary
THINKFAMILY_HOME folders, so nothing of the user's is read or touched.

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

try:  # POSIX only: peak memory of a child, and a real terminal for the walk
    import pty
    import resource
    import select
    import signal
except ImportError:  # pragma: no cover - Windows
    pty = resource = select = signal = None  # type: ignore[assignment]

# ru_maxrss is in KiB on Linux and in bytes on macOS (getrusage(2) on each)
MIB = 1024 * 1024 if sys.platform == "darwin" else 1024


HERE = Path(__file__).resolve().parent
REPO = HERE.parent


@dataclass(frozen=True)
class Budget:
    name: str
    args: tuple[str, ...]
    home: str = "small"  # which generated data folder: small (10,000) or large (100,000)
    floor: str = "floor"  # what the ratio is of: floor.py, or read_json.py of the records
    ratio: float | None = None  # times the floor
    wall: float | None = None  # seconds
    memory_mib: int | None = None
    cold: bool = False  # remove the records index (and any cache) before every timed run
    first_question: bool = False
    fresh: bool = False  # a run changes the data: set up a new copy before every run
    env: dict[str, str] = field(default_factory=dict)


EVENING = {"THINKFAMILY_NOW": "2026-12-02T20:00:00+00:00"}  # a Wednesday, 8pm in England
OFFICE = {"THINKFAMILY_NOW": "2026-12-02T11:00:00+00:00"}  # the same day, 11am


STARTUP = 1.25  # times the floor app


BUDGETS = (
    Budget("--help", ("--help",), ratio=STARTUP),
    # `contacts` follows the clock, so its row fixes it: a weekday evening.
    Budget("contacts portsmouth", ("contacts", "portsmouth"), ratio=STARTUP, env=EVENING),
    Budget("checklists", ("checklists",), ratio=STARTUP),
    Budget("guide mental-capacity-act", ("guide", "mental-capacity-act"), ratio=STARTUP),
    Budget(
        "check practitioner, to question 1",
        ("check", "practitioner", "--new"),
        ratio=STARTUP,
        first_question=True,
    ),
    Budget("show latest", ("show", "latest"), ratio=STARTUP),
    Budget("export latest", ("export", "latest"), ratio=STARTUP),
    Budget(
        "check practitioner --answers",
        ("check", "practitioner", "--answers", "{answers}"),
        home="answers",
    ),
    Budget("records ({small})", ("records",), memory_mib=80),
    Budget(
        "records ({small}), first run after a restore",
        ("records",),
        cold=True,
        floor="json",
        ratio=2,
    ),
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
DRAFT_SAVE_MS = 15  # the median of saving the draft after one answer
MAX_LINES = 9_000  # non-blank lines in src/thinkfamily


def floor_argv(kind: str, home: Path) -> list[str]:
    if kind == "json":
        return [sys.executable, str(HERE / "read_json.py"), str(home / "records")]
    return [sys.executable, str(HERE / "floor.py"), str(REPO / "checklists" / "practitioner.yaml")]


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
    baseline: list[str],
    env: dict[str, str],
    runs: int,
    *,
    first_question: bool,
    prepare: Callable[[], None] | None,
) -> tuple[list[float], list[float], int]:
    """Times of the command and of its floor, run alternately, and the peak memory."""
    runner = run_to_first_question if first_question else run_once
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


def draft_save_median(home: Path, runs: int) -> float:
    """Seconds to save a walk's draft after an answer, as the walk does, in this process."""
    from thinkfamily.models.common import moment_text  # noqa: PLC0415 - the code measured
    from thinkfamily.models.record import Draft  # noqa: PLC0415
    from thinkfamily.paths import Paths  # noqa: PLC0415
    from thinkfamily.store import Store  # noqa: PLC0415

    store = Store(Paths(data=home, config_dir=home))
    draft = Draft(
        checklist_id="practitioner",
        sha256="0" * 64,
        version="1",
        started=moment_text(datetime.now(UTC)),
    )
    times = []
    for i in range(runs):
        draft.answers[f"q{i % 16}"] = {"answer": "partly", "note": "Seen at home, " * 8}
        start = time.perf_counter()
        store.save_draft(draft)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def source_lines() -> int:
    """Non-blank lines of the product's code."""
    return sum(
        1
        for path in (REPO / "src" / "thinkfamily").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


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
            "ratio = median / median of the row's floor (floor.py, or read_json.py) run "
            "alternately."
        )
        header = (
            f"{'command':<54} {'median':>8} {'min':>7} {'max':>7} {'ratio':>6} "
            f"{'peak':>8}  {'budget':<22} result"
        )
        print(header)
        print("-" * len(header))
        over = 0
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
                floor_argv(budget.floor, home),
                env,
                3 if slow else runs,
                first_question=budget.first_question,
                prepare=prepare,
            )
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
            if budget.memory_mib is not None:
                limits.append(f"{budget.memory_mib} MiB")
                within &= row.peak_mib <= budget.memory_mib
            over += not within
            verdict = "-" if options.quick else ("within" if within else "OVER")
            print(
                f"{row.name:<54} {median * 1000:>6.0f}ms {row.low * 1000:>5.0f}ms "
                f"{row.high * 1000:>5.0f}ms {row.ratio:>5.1f}x {row.peak_mib:>5.1f}MiB  "
                f"{', '.join(limits):<22} {verdict}",
                flush=True,
            )
        if not options.only or options.only in "draft":
            median = draft_save_median(root / "draft", 15 if options.quick else 200)
            within = median * 1000 <= DRAFT_SAVE_MS
            over += not within
            verdict = "-" if options.quick else ("within" if within else "OVER")
            print(
                f"{'saving the draft after one answer':<54} {median * 1000:>6.1f}ms "
                f"{'':>7} {'':>7} {'':>6} {'':>8}  {f'<= {DRAFT_SAVE_MS} ms':<22} {verdict}"
            )
        if not options.only or options.only in "lines":
            lines = source_lines()
            within = lines <= MAX_LINES
            over += not within
            verdict = "-" if options.quick else ("within" if within else "OVER")
            print(
                f"{'lines in src/thinkfamily (non-blank)':<54} {lines:>8,} "
                f"{'':>7} {'':>7} {'':>6} {'':>8}  {f'<= {MAX_LINES:,}':<22} {verdict}"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if options.quick or not over else 1


if __name__ == "__main__":
    sys.exit(main())
