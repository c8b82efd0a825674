"""Random command lines and random store files: whatever they hold, every command ends
with a message and a documented exit code, never the internal-error message.

Bounded: a fixed number of examples, each a handful of in-process commands."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thinkfamily.cli import main

from .conftest import Result

INTERNAL = "something went wrong inside thinkfamily"
EXIT_CODES = {0, 1, 2, 3, 130}
RECORD = "20261123T100000Z_professional-curiosity_F1"

COMMANDS = [
    ["records"],
    ["records", "--json"],
    ["show", "latest"],
    ["export", "latest"],
    ["export", "latest", "-f", "csv"],
    ["export", "latest", "-f", "json"],
    ["report"],
    ["report", "--json", "--details", "--min-records", "1"],
    ["supervise", "latest", "--decisions", "Refer"],
    ["delete", "latest", "--yes"],
    ["purge", "--older-than", "1d", "--yes"],
    ["checklists"],
    ["config"],
    ["check", "professional-curiosity", "--case", "F1", "--answers", "ANSWERS"],
    ["actions", "--json"],
    ["actions", "done", "000000"],
    ["records", "--drafts"],
    [],
]
WORDS = [
    "records",
    "show",
    "export",
    "report",
    "supervise",
    "delete",
    "purge",
    "check",
    "config",
    "contacts",
    "guide",
    "glossary",
    "checklists",
    "validate",
    "schema",
    "check-text",
    "actions",
    "done",
    "--drafts",
    "--overdue",
    "--due-within",
    "set",
    "unset",
    "latest",
    "practitioner",
    "leeds",
    "--json",
    "--case",
    "--since",
    "--checklist",
    "--older-than",
    "-f",
    "--format",
    "-o",
    "--force",
    "--yes",
    "--plain",
    "--details",
    "--min-records",
    "--answers",
    "--date",
    "--by",
    "--action",
    "--for",
    "--need",
    "6y",
    "2026-13-45",
    "-1",
    "0",
    "",
    " ",
    "../x",
    "/dev/null",
    "ANSWERS",
    "K1",
    "é",
    "\x1b[2J",
    "name",
    "area",
    "watch_names",
    "role",
    "record",
    "checklist",
    "contacts",
    "--resume",
]
# What the review's fuzzers found breaking the tool, mixed in with the random values.
HOSTILE_BYTES = [
    b"[" * 5000 + b"]" * 5000,
    b'{"a": "\\ud800"}',
    b"\x00" * 8,
    b"\xef\xbb\xbf{}",
    b'{"schema": "thinkfamily.record/1"}',
    b"1" * 5000,
    b"",
]
HOSTILE_VALUES = [
    [],
    {},
    "../../x",
    "/etc/x",
    "2026-W48T12:00:17Z",
    "2099-01-01T00:00:00+00:00",
    10**30,
    "\x1b]52;c;x\x07",
    "=HYPERLINK(1)",
    {"a": [[[[[[[[[[]]]]]]]]]]},
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _run(argv: list[str]) -> Result:
    out, err = io.StringIO(), io.StringIO()
    old = sys.argv, sys.stdin, sys.stdout, sys.stderr
    sys.argv, sys.stdin, sys.stdout, sys.stderr = ["thinkfamily", *argv], io.StringIO(""), out, err
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = old
    return Result(code, out.getvalue(), err.getvalue())


def _fresh_home(monkeypatch: pytest.MonkeyPatch) -> Path:
    home = Path(tempfile.mkdtemp(prefix="tf-fuzz-")) / "home"
    monkeypatch.setenv("THINKFAMILY_HOME", str(home))
    return home


def _record(tmp: Path) -> bytes:
    """A real record of the professional-curiosity checklist, made by the tool."""
    answers = tmp / "answers.yaml"
    answers.write_text("curious: {answer: no, note: Seen}\n", encoding="utf-8")
    result = _run(["check", "professional-curiosity", "--case", "F1", "--answers", str(answers)])
    assert result.code == 0, result.err
    (path,) = (tmp / "home" / "records").glob("*.json")
    return path.read_bytes()


def _mutate(data: object, path: list[str | int], value: object) -> object:
    if not path or not isinstance(data, dict | list):
        return value
    key, rest = path[0], path[1:]
    if isinstance(data, dict) and isinstance(key, str) and key in data:
        return {**data, key: _mutate(data[key], rest, value)}
    if isinstance(data, list) and isinstance(key, int) and data:
        index = key % len(data)
        return [*data[:index], _mutate(data[index], rest, value), *data[index + 1 :]]
    return data


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(argv=st.lists(st.sampled_from(WORDS), max_size=6))
def test_random_command_lines(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    home = _fresh_home(monkeypatch)
    try:
        result = _run(argv)
        assert result.code in EXIT_CODES, (argv, result)
        assert INTERNAL not in result.err, (argv, result.err)
    finally:
        shutil.rmtree(home.parent, ignore_errors=True)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    where=st.sampled_from(
        ["record", "draft", "index", "exports", "supervision", "actions", "config"]
    ),
    path=st.lists(
        st.sampled_from(
            [
                "answers",
                "checklist",
                "id",
                "started",
                "finished",
                "case",
                "note",
                "text",
                "scale",
                "answer",
                "entries",
                "shapes",
                0,
                1,
                "sessions",
                "actions",
                "due",
                "done",
            ]
        ),
        max_size=3,
    ),
    value=st.one_of(JSON, st.sampled_from(HOSTILE_VALUES)),
    raw=st.one_of(st.none(), st.binary(max_size=40), st.sampled_from(HOSTILE_BYTES)),
    command=st.sampled_from(COMMANDS),
)
def test_random_store_files(
    monkeypatch: pytest.MonkeyPatch,
    *,
    where: str,
    path: list[str | int],
    value: object,
    raw: bytes | None,
    command: list[str],
) -> None:
    """A record, draft, index, exports log, supervision file or settings file changed at
    random (a field replaced, or the whole file random bytes), then a command."""
    home = _fresh_home(monkeypatch)
    try:
        record = json.loads(_record(home.parent))
        files = {
            "record": home / "records" / f"{RECORD}.json",
            "draft": home / "drafts" / "professional-curiosity_f1_d8f3a9a2.json",
            "index": home / "records" / ".index.sqlite",
            "exports": home / "exports.json",
            "supervision": home / "supervision" / f"{RECORD}.json",
            "actions": home / "actions.json",
            "config": home / "config.toml",
        }
        base = {
            "record": {**record, "id": RECORD},
            "draft": {
                "schema": "thinkfamily.draft/1",
                "checklist_id": "professional-curiosity",
                "sha256": "x",
                "version": "1",
                "started": record["started"],
                "case": "F1",
                "answers": {"curious": {"answer": "no"}},
            },
            "index": {"schema": "thinkfamily.index/5", "shapes": {}, "entries": {}},
            "exports": {RECORD: [{"path": str(home / "x.md"), "sha256": "0"}]},
            "supervision": {
                "schema": "thinkfamily.supervision/1",
                "record_id": RECORD,
                "sessions": [
                    {
                        "date": "2026-11-23",
                        "recorded": record["finished"],
                        "actions": [{"action": "Ring", "by": "+2w", "due": "2026-12-07"}],
                    }
                ],
            },
            "actions": {
                "schema": "thinkfamily.actions/1",
                "done": [{"id": "0" * 64, "record_id": RECORD, "done": record["finished"]}],
            },
            "config": None,
        }[where]
        target = files[where]
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if raw is not None or where == "config":
            content = raw if raw is not None else f"name = {json.dumps(str(value))}\n".encode()
        else:
            content = json.dumps(_mutate(base, path, value)).encode()
        for existing in (home / "records").glob("*.json"):
            existing.unlink()  # kept under a name and id the test knows
        files["record"].write_text(json.dumps({**record, "id": RECORD}), encoding="utf-8")
        target.write_bytes(content)
        os.chmod(target, 0o600)
        answers = home.parent / "answers.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        argv = [str(answers) if part == "ANSWERS" else part for part in command]
        result = _run(argv)
        assert result.code in EXIT_CODES, (where, path, value, raw, command, result)
        assert INTERNAL not in result.err, (where, path, value, raw, command, result.err)
    finally:
        shutil.rmtree(home.parent, ignore_errors=True)
