"""Checklist, contacts and answers files are input too: hostile ones fail cleanly and fast."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thinkfamily.answers import read_answers
from thinkfamily.catalog import Catalog, parse_area, parse_checklist
from thinkfamily.errors import LoadError, NotFoundError
from thinkfamily.paths import user_paths

from .conftest import FIFOS, Run

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

HOSTILE = {
    "alias-bomb": (BILLION_LAUGHS, ":1: anchors and aliases are repeated more than 50 times"),
    "deep": ("x: " + "[" * 60 + "]" * 60 + "\n", ":1: nested more than 40 levels deep"),
    "int-key": ("id: k\n1: one\n", ":2: the key '1' is not text; quote it"),
    "complex-key": ("? [a, b]\n: c\n", ":1: the key '?' is not text; quote it"),
    "merge": ("base: &b {id: x}\nother:\n  <<: *b\n", ":3: merge keys (<<) are not allowed"),
    "duplicate": ("id: a\nid: b\n", ":2: the key 'id' appears twice in the same mapping"),
    "set-tag": ("id: !!set {a, b}\n", ":1: the tag !!set is not allowed"),
    "two-docs": ("id: a\n---\nid: b\n", ":2: YAML syntax: but found another document"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_with_its_line(run: Run, tmp_path: Path, case: str) -> None:
    text, expected = HOSTILE[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    assert result.err.splitlines()[0].startswith(f"{path}{expected}")


def test_a_file_over_one_mebibyte_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: big\nnote: '" + "x" * (1024 * 1024) + "'\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{path}: the file is 1,048,593 bytes; files over 1,048,576 bytes are refused"
    )


# --- property-based: any document either loads or fails with the project's error -------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "reflect",
            "in-place",
            "present",
            "yes",
            "no",
            "partly",
            "practitioner",
            "children",
            "999",
            "020 8356 5500",
            "safeguarding",
        ]
    ),
)
_keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "id",
            "title",
            "audience",
            "version",
            "source",
            "document",
            "sections",
            "questions",
            "text",
            "scale",
            "concern",
            "contacts",
            "name",
            "phones",
            "number",
            "for",
            "topics",
            "answer",
            "note",
            "action",
        ]
    ),
)
documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=25,
)
# Each example overwrites the one file in the test's tmp_path: sharing that function-scoped
# folder between examples is what these tests want, so hypothesis need not warn about it.
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _write(folder: Path, content: str | bytes) -> Path:
    path = folder / "sample.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _loads_or_fails_cleanly(path: Path) -> None:
    for loader in (parse_checklist, parse_area):
        try:
            loader(path)
        except (LoadError, NotFoundError) as exc:
            assert exc.message  # noqa: PT017 - either outcome is right; any other is a bug


@PROPERTY
@given(documents)
def test_random_documents_load_or_fail_with_the_projects_error(
    tmp_path: Path, document: object
) -> None:
    _loads_or_fails_cleanly(_write(tmp_path, yaml.safe_dump(document, allow_unicode=True)))


@PROPERTY
@given(st.text(max_size=200))
def test_random_text_loads_or_fails_with_the_projects_error(tmp_path: Path, text: str) -> None:
    _loads_or_fails_cleanly(_write(tmp_path, text))


@PROPERTY
@given(st.binary(max_size=200))
def test_random_bytes_load_or_fail_with_the_projects_error(tmp_path: Path, raw: bytes) -> None:
    _loads_or_fails_cleanly(_write(tmp_path, raw))


@PROPERTY
@given(
    st.dictionaries(
        st.one_of(
            st.sampled_from(["household", "assumptions", "others-at-risk", "nope"]),
            st.text(max_size=10),
        ),
        documents,
        max_size=6,
    )
)
def test_random_answer_files_load_or_fail_with_the_projects_error(
    tmp_path: Path, answers: object
) -> None:
    checklist = Catalog(user_paths()).load("practitioner").checklist
    try:
        given_answers = read_answers(_write(tmp_path, yaml.safe_dump(answers)), checklist)
    except LoadError as exc:
        assert exc.problems  # noqa: PT017 - either outcome is right; any other is a bug
    else:
        assert set(given_answers.answers) <= {q.id for _, q in checklist.questions}


# --- the reliability review (F14, F19) ------------------------------------------------


class TestF14TaggedScalars:
    """Reliability review F14: a hostile YAML scalar is named with its file and line."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("!!int abc", "value 'abc' is not a valid int; quote it to give text"),
            ("!!float abc", "value 'abc' is not a valid float; quote it to give text"),
            ("!!int 0x", "value '0x' is not a valid int; quote it to give text"),
            ("!!int", "value '' is not a valid int; quote it to give text"),
            (  # answers read yes/no as words, so this is a word that is not an answer
                "!!bool maybe",
                "indicators-of-harm: 'maybe' is not an answer of the reflect scale: "
                "write yes (or y), partly (or p), no (or n), na (or x, not applicable, n/a), "
                "or skipped",
            ),
            ("1" * 5000, "value '" + "1" * 40 + "...' is not a valid int; quote it to give text"),
        ],
    )
    def test_each_is_named_with_file_and_line(
        self, run: Run, tmp_path: Path, value: str, message: str
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text(f"curious: no\nindicators-of-harm: {value}\n", encoding="utf-8")
        result = run("check", "professional-curiosity", "--answers", str(answers))
        assert result.code == 1
        assert result.err == f"Error: {answers}:2: {message}\n"

    def test_in_a_checklist_too(self, run: Run, tmp_path: Path) -> None:
        checklist = tmp_path / "mine.yaml"
        checklist.write_text("id: mine\ntitle: !!bool maybe\n", encoding="utf-8")
        result = run("validate", str(checklist))
        assert result.code == 1
        assert f"{checklist}:2: value 'maybe' is not a valid bool" in result.err


class TestF19SizeBeforeReading:
    """Reliability review F19: a file's size is looked at before it is read."""

    def test_a_large_file_is_refused_without_being_read(self, run: Run, tmp_path: Path) -> None:
        big = tmp_path / "big.yaml"
        with big.open("wb") as handle:
            handle.truncate(300 * 1024 * 1024)  # sparse: 300 MB that take no room
        result = run("check", "professional-curiosity", "--answers", str(big))
        assert result.code == 1
        assert "the file is 314,572,800 bytes; files over 1,048,576 bytes are refused" in result.err

    @FIFOS
    @pytest.mark.parametrize("command", ["validate", "check-answers", "check-text"])
    def test_dev_zero_and_a_fifo_are_refused_at_once(
        self, run: Run, tmp_path: Path, command: str
    ) -> None:
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        for path in ("/dev/zero", str(fifo)):
            args = {
                "validate": ("validate", path),
                "check-answers": ("check", "professional-curiosity", "--answers", path),
                "check-text": ("check-text", path),
            }[command]
            result = run(*args)
            assert result.code == 1
            assert f"{path}: cannot be read (not a regular file)" in result.err
