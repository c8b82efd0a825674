"""Data to models: every problem is named, each with the path of its field."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from thinkfamily.convert import Problems, convert
from thinkfamily.models.record import Record

PRACTITIONER_ANSWERS = """\
who-is-the-family: {answer: "yes", note: "Mum and two children"}
household: {answer: partly, note: "Uncle stays some nights", action: "Ask at next visit"}
whole-family: {answer: "no", action: "Map the family"}
"""


def test_a_refused_record_names_every_problem(make_record: Callable[..., Path]) -> None:
    record = json.loads(
        make_record("practitioner", PRACTITIONER_ANSWERS, "--case", "ABC123").read_text("utf-8")
    )
    record["answers"][0]["answer"] = "maybe"
    record["answers"][2]["note"] = 7
    del record["finished"]
    with pytest.raises(Problems) as caught:
        convert(record, Record)
    assert [loc for loc, _ in caught.value.problems] == [
        ("finished",),
        ("answers", 0, "answer"),
        ("answers", 2, "note"),
    ]
