"""The quick converter and the careful one accept exactly the same data.

Every file is read by the quick converter first; only what it rejects goes to the
careful one, which names each problem. If the quick one accepted something the careful
one would refuse, a damaged record or checklist would be read as sound, so the two are
compared here on valid files with one random change made to each, in both of the quick
converter's ways of working: looping over a class's fields, as it does for the first
objects of a class, and the function it writes for a class once it has seen many.
"""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thinkfamily import structure
from thinkfamily.models.checklist import Checklist
from thinkfamily.models.contacts import Area
from thinkfamily.models.record import Draft, Record
from thinkfamily.structure import Problems, _Rejected, convert, converter, dump, quick

REPO = Path(__file__).resolve().parent.parent

ODD_VALUES = [
    None,
    0,
    -1,
    3,
    1.5,
    True,
    "",
    "   ",
    "x" * 5000,
    "Not A Word",
    [],
    {},
    ["a"],
    {"a": 1},
]

PRACTITIONER_ANSWERS = """\
who-is-the-family: {answer: "yes", note: "Mum and two children"}
household: {answer: partly, note: "Uncle stays some nights", action: "Ask at next visit"}
whole-family: {answer: "no", action: "Map the family"}
"""


@pytest.fixture(autouse=True, params=["loop", "written"])
def quick_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with quick converters that only loop, then with written ones."""
    monkeypatch.setattr(structure, "_quick", {})
    monkeypatch.setattr(structure, "_WRITE_AFTER", 10**9 if request.param == "loop" else 0)
    return str(request.param)


def paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in nested dicts and lists, the top included."""
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*here, index))
    return found


def changed(data: Any, where: tuple[Any, ...], how: str, value: Any) -> Any:
    """A copy of `data` with one change at `where`: replaced, removed or given an extra key."""
    out = copy.deepcopy(data)
    if not where:
        return value if how == "replace" else out
    parent = out
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if how == "replace":
        parent[last] = value
    elif how == "remove":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["unexpected"] = value
    return out


def verdicts(data: Any, cls: type) -> tuple[Any, Any]:
    """What each converter makes of `data`: an object, or None when it refuses it."""
    try:
        fast = quick(cls)(data)
    except _Rejected:
        fast = None
    problems: list[Any] = []
    careful = converter(cls)(data, (), problems)
    return fast, (None if problems else careful)


def check_agreement(data: Any, cls: type) -> Callable[..., None]:
    places = paths(data)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        where=st.sampled_from(places),
        how=st.sampled_from(["replace", "remove", "extra"]),
        value=st.sampled_from(ODD_VALUES),
    )
    def agree(where: tuple[Any, ...], how: str, value: Any) -> None:
        fast, careful = verdicts(changed(data, where, how, value), cls)
        assert (fast is None) == (careful is None)
        if fast is not None:
            assert dump(fast) == dump(careful)

    return agree


def shipped(name: str) -> Any:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("checklists/practitioner.yaml", Checklist),
        ("checklists/organisation.yaml", Checklist),
        ("contacts/portsmouth.yaml", Area),
        ("checklists/quiz.yaml", Checklist),
    ],
)
def test_quick_and_careful_agree_on_shipped_files(name: str, cls: type) -> None:
    data = shipped(name)
    fast, careful = verdicts(data, cls)
    assert fast is not None
    assert careful is not None
    check_agreement(data, cls)()


def test_quick_and_careful_agree_on_records_and_drafts(
    make_record: Callable[..., Path], home: Path
) -> None:
    record = json.loads(
        make_record("practitioner", PRACTITIONER_ANSWERS, "--case", "ABC123").read_text("utf-8")
    )
    check_agreement(record, Record)()
    draft = dump(
        Draft(
            checklist_id="practitioner",
            sha256="0" * 64,
            version="1",
            started="2026-11-23T10:30:00Z",
            case="ABC123",
            answers={"household": {"answer": "partly", "note": "Uncle stays"}},
            current="whole-family",
            questions={"household": "Do I know who else lives in the household?"},
        )
    )
    assert verdicts(draft, Draft)[0] is not None
    check_agreement(draft, Draft)()


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
