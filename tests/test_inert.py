"""Text made inert for every output (render/inert.py): what reaches a terminal, a
spreadsheet or a Markdown reader from a record is shown, never acted on (reliability review
F6 and F9)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import Run

HOSTILE = (
    "\x1b]52;c;SGVsbG8=\x07\x1b[2J\x1bc\x1b(0\x9b31m\x7f\u202eevil\u2066 <script>alert(1)</script>"
)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULAS = ('=HYPERLINK("http://x")', "@SUM(1+1)", "+1", "-1")


@pytest.fixture
def hostile(run: Run, make_record, tmp_path: Path) -> Path:
    """A record in the store, and a copy in a team folder, whose every text is hostile."""
    path = make_record("practitioner", "household: {answer: no, note: x, action: y}\n")
    data = json.loads(path.read_text("utf-8"))
    data["checklist"].update(title=HOSTILE, version=FORMULAS[0], source=HOSTILE)
    data["practitioner"] = {"name": HOSTILE, "role": FORMULAS[1], "organisation": HOSTILE}
    data["reflection"] = HOSTILE
    for n, answer in enumerate(data["answers"]):
        answer.update(section=FORMULAS[n % 4] + HOSTILE, text=FORMULAS[(n + 1) % 4] + HOSTILE)
        answer.update(note=FORMULAS[(n + 2) % 4] + HOSTILE, action=FORMULAS[(n + 3) % 4] + HOSTILE)
        answer["answer"], answer["concern"] = "no", True
    path.write_text(json.dumps(data), "utf-8")
    team = tmp_path / "team"
    team.mkdir()
    for n in range(6):
        copy = dict(data, case=f"T{n}")
        (team / f"{n}.json").write_text(json.dumps(copy), "utf-8")
    return team


OUTPUTS = [
    ("export", "latest"),
    ("export", "latest", "-f", "csv"),
    ("export", "latest", "-f", "json"),
    ("show", "latest"),
    ("records", "--json"),
    ("report", "TEAM", "--details", "--min-records", "1"),
    ("report", "TEAM", "--details", "-f", "markdown", "--min-records", "1"),
    ("report", "TEAM", "--details", "-f", "csv", "--min-records", "1"),
    ("report", "TEAM", "--details", "--json", "--min-records", "1"),
]


@pytest.mark.parametrize("command", OUTPUTS, ids=[" ".join(c) for c in OUTPUTS])
def test_no_escape_or_override_reaches_any_output(run: Run, hostile: Path, command: tuple) -> None:
    """Reliability review F6 and F9: no terminal escape, bidirectional override, formula or
    markup from a record reaches any output."""
    result = run(*(str(hostile) if part == "TEAM" else part for part in command))
    assert result.code == 0, result.err
    out = result.out.replace("\r\n", "\n") if "csv" in command else result.out  # CSV's line ends
    assert UNSAFE.findall(out + result.err) == []
    if "csv" in command:
        for row in csv.reader(io.StringIO(result.out)):
            assert [c for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    if "markdown" in command or command == ("export", "latest"):
        assert "<script>" not in result.out
        assert "\\<script\\>" in result.out


def test_json_keeps_the_text_exactly(run: Run, hostile: Path) -> None:
    """Reliability review F6 and F9: JSON escapes what it makes inert, so the data reads back
    exactly."""
    result = run("export", "latest", "-f", "json")
    assert json.loads(result.out)["reflection"] == HOSTILE
