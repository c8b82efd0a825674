"""`export` and `supervise`: the summary a supervisor reads, and what supervision agreed."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import string
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pymarkdown.api import PyMarkdownApi

from thinkfamily.render import markdown
from thinkfamily.store import read_record

from .conftest import DATA, FIFOS, Run, assert_private, symlink

GOLDEN = DATA / "golden"

# Rules of pymarkdownlnt's defaults that exports turn off, and why.
DISABLED_RULES = {
    # Question texts, source citations and table rows are longer than 80 characters;
    # wrapping them would break the tables or change the source's wording.
    "md013": "line-length",
}

PRACTITIONER_ANSWERS = """\
who-is-the-family: {answer: yes, note: "Mum, two children; gran visits daily"}
household: {answer: partly, note: "A lodger some nights", action: "Ask who the lodger is"}
whole-family: no
demands: yes
strengths: {answer: yes, note: "Strong bond with gran"}
resilience: partly
others-need-support: yes
others-at-risk: {answer: no, action: "Talk to the school nurse"}
caring-responsibilities: {answer: yes, note: "Eldest (12) helps with mum's medication"}
other-practitioners: na
support-wanted: yes
family-solutions: skipped
open-and-honest: yes
assumptions: {answer: yes, action: "Check what I assumed about dad"}
family-response: yes
"""

# Notes that would change a document's layout if written into it as they are.
HOSTILE_NOTES = [
    "# Heading",
    "| a | b |",
    "<script>alert(1)</script>",
    "*bold* and _under_ and **strong**",
    "`code` and ```fence```",
    "1. looks like a list",
    "- a bullet\n## second line heading\n| x | y |\n|---|---|",
    "[link](http://example.org) ![img](x.png) &amp; &#35;",
    "back\\slash ~~strike~~ > quote",
    "</td></tr></table><img src=x onerror=alert(1)>",
]

GOLDEN_CASES = {
    "practitioner": ("practitioner", PRACTITIONER_ANSWERS),
    "organisation": (
        "organisation",
        """\
principles-embedded: partly
more-could-be-done: yes
policies-and-procedures:
  answer: in place
  currently_in_place: Think Family policy, 2025
  more_could_be_in_place: Review with adult services
workforce-development: {answer: not in place, more_could_be_in_place: "Joint training"}
assessments-for-support: partly
risk-assessments: in place
supervision-arrangements: {answer: partly, action: "Add a Think Family prompt"}
audit-programmes: not-in-place
""",
    ),
    "family-factors": (
        "family-factors",
        """\
domestic-abuse: present
mental-ill-health: {answer: present, note: "Mum: anxiety, under the GP"}
learning-disabilities: absent
substance-misuse: unknown
exploitation: absent
adverse-childhood-experiences: unknown
criminality: absent
multiple-partners: absent
acrimonious-separation: present
""",
    ),
    "text": ("valid-user", 'first: partly\nsecond: "Grandad\'s role; his health"\n'),
    "true-false": ("myths", "only-children: true\nrelationships: true\n"),
}


def lint(markdown: str) -> list[str]:
    api = PyMarkdownApi()
    for rule in DISABLED_RULES:
        api.disable_rule_by_identifier(rule)
    result = api.scan_string(markdown)
    return [f"{f.line_number}:{f.rule_id} {f.rule_description}" for f in result.scan_failures]


def structure(markdown: str) -> tuple[list[str], list[int]]:
    """The headings (as '## text') and the row count of each table, as markdown-it sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings, tables = [], []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append(f"{token.markup} {tokens[i + 1].content}")
        elif token.type == "table_open":
            tables.append(0)
        elif token.type == "tr_open":
            tables[-1] += 1
        assert token.type not in ("html_block", "html_inline"), token
    return headings, tables


@pytest.mark.usefixtures("frozen", "user_checklists")
class TestMarkdown:
    @pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
    def test_golden_file_for_each_scale(self, run: Run, make_record, case: str) -> None:
        checklist, answers = GOLDEN_CASES[case]
        run("config", "set", "name", "Sam Jones")
        run("config", "set", "role", "Health visitor")
        run("config", "set", "area", "Hackney")
        path = make_record(checklist, answers, "--case", "ABC123")
        result = run("export", path.stem)
        assert result.code == 0, result.err
        golden = GOLDEN / f"{case}.md"
        if os.environ.get("THINKFAMILY_UPDATE_GOLDEN"):
            golden.write_text(result.out, encoding="utf-8")
        assert result.out == golden.read_text(encoding="utf-8")
        assert lint(result.out) == []

    def test_points_for_supervision_come_first(self, run: Run, make_record) -> None:
        path = make_record("practitioner", PRACTITIONER_ANSWERS)
        headings, tables = structure(run("export", path.stem).out)
        assert headings == [
            "# Think Family, Work Family: practitioner checklist: 23 November 2026",
            "## Points for supervision",
            "## Who to contact",
            "## Answers",
            "### Ask yourself",
            "## Not answered",
            "## Source",
            "## Supervision discussion",
        ]
        assert tables == [17]  # header row and 16 questions

    def test_factors_present_and_the_combined_risk_note(self, run: Run, make_record) -> None:
        checklist, answers = GOLDEN_CASES["family-factors"]
        out = run("export", make_record(checklist, answers).stem).out
        section = out.split("## Factors present\n\n", 1)[1].split("\n## ", 1)[0]
        assert section.splitlines()[:3] == [
            "- Domestic abuse",
            "- Parental/familial mental ill health",
            "- Acrimonious separation",
        ]
        assert "**Several factors together:** Two or more factors are present." in section

    def test_one_factor_gives_no_combined_risk_note(self, run: Run, make_record) -> None:
        out = run("export", make_record("family-factors", "domestic-abuse: present\n").stem).out
        assert "Several factors together" not in out
        assert "## Factors present\n\n- Domestic abuse\n" in out

    def test_the_slides_factors_count_towards_the_combined_risk_note(
        self, run: Run, make_record
    ) -> None:
        answers = "substance-misuse: present\nneglect-of-self-care: present\n"
        out = run("export", make_record("family-factors", answers).stem).out
        assert "**Several factors together:** Two or more factors are present." in out

    def test_wider_factors_are_listed_but_do_not_make_the_combined_risk_note(
        self, run: Run, make_record
    ) -> None:
        answers = "bullying: present\npoverty: present\nhoarding-behaviours: present\n"
        out = run("export", make_record("family-factors", answers).stem).out
        assert "Several factors together" not in out
        section = out.split("## Factors present\n\n", 1)[1].split("\n## ", 1)[0]
        assert section.splitlines() == [
            "- Hoarding behaviours",
            "- Bullying",
            "- Poverty, lack of financial independency",
        ]

    @pytest.mark.parametrize("note", HOSTILE_NOTES)
    def test_user_text_cannot_change_the_structure(self, run: Run, make_record, note: str) -> None:
        answers = json.dumps({"who-is-the-family": {"answer": "no", "note": note, "action": note}})
        path = make_record("practitioner", answers)
        out = run("export", path.stem).out
        headings, tables = structure(out)
        assert headings == [
            "# Think Family, Work Family: practitioner checklist: 23 November 2026",
            "## Points for supervision",
            "## Answers",
            "### Ask yourself",
            "## Not answered",
            "## Source",
            "## Supervision discussion",
        ]
        assert tables == [17]
        assert lint(out) == []
        rendered = MarkdownIt("commonmark").enable("table").render(out)
        one_line = " / ".join(p.strip() for p in note.splitlines() if p.strip())
        shown = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert rendered.count(shown.replace('"', "&quot;")) >= 2  # note and action, literally


# --- user text reads back as written ---------------------------------------------------

# CommonMark with GitHub's tables and strikethrough, as most Markdown readers have them.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# What could change the layout if it were not escaped, mixed with ordinary text.
MARKUP = (
    string.punctuation
    + string.digits
    + " \t\n\r\x0b\x0c\x00\x1b\x7f\x9b\u00a0\u2028\u202e\u2067aé_。«»"
)
USER_TEXT = st.one_of(st.text(st.sampled_from(MARKUP), max_size=60), st.text(max_size=40))
NASTY = " 12. *a* _b_ `c` | d # e <f> [g](h) \\ i &amp;\n  > j\r\n- k ~~l~~ 3) |"


def read_back(value: str) -> str:
    """What a reader should see of user text. The exporter makes it one line: the lines
    (as `str.splitlines` splits them: \\n, \\r, \\v, \\f, \\x1c-\\x1e, \\x85, U+2028,
    U+2029) are stripped of surrounding white space, blank ones dropped and the rest joined
    with " / ". Control characters and bidirectional overrides read back as visible
    escapes (`\\x1b`, `\\u202e`), so that nothing in a summary can drive a terminal.
    Nothing else changes: every other character reads back as it was typed."""
    lines = [part.strip() for part in value.splitlines() if part.strip()]
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}")
        if (unicodedata.category(c) == "Cc" and c != "\t")
        or 0x202A <= ord(c) <= 0x202E
        or 0x2066 <= ord(c) <= 0x2069
        else c
        for c in " / ".join(lines)
    )


def plain(inline: Token) -> str:
    """An inline token's text; any markup in it shows as a tag, so it cannot pass as text."""
    return "".join(
        child.content if child.type == "text" else f"<{child.type}>"
        for child in inline.children or []
    )


def cells(markdown_text: str) -> list[list[str]]:
    """The text of each body cell of each table row."""
    rows: list[list[str]] = []
    inside = False
    for token in MD.parse(markdown_text):
        if token.type in ("tbody_open", "tbody_close"):
            inside = token.type == "tbody_open"
        elif inside and token.type == "tr_open":
            rows.append([])
        elif inside and token.type == "inline":
            rows[-1].append(plain(token))
    return rows


@settings(max_examples=1000, deadline=None)
@given(USER_TEXT)
@example(NASTY)
def test_escaped_text_reads_back_alone_on_a_line_and_in_a_table_cell(value: str) -> None:
    """The property of `markdown.text`: parsed as CommonMark with tables and strikethrough,
    the escaped text alone is one paragraph, and in a table row one cell, whose text is
    `read_back(value)` exactly: no emphasis, code, link, HTML, heading, list, quote,
    strikethrough or extra cell. Text with nothing but spaces and line breaks is empty."""
    escaped = markdown.text(value)
    expected = read_back(value)
    if not expected:
        assert escaped == ""
        return
    tokens = MD.parse(escaped)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert plain(tokens[1]) == expected
    table = f"| # | Note | Action |\n| --: | --- | --- |\n| 1 | {escaped} | after |\n"
    assert cells(table) == [["1", expected, "after"]]


@pytest.mark.usefixtures("frozen")
def test_notes_and_reflection_read_back_from_the_exported_summary(make_record) -> None:
    """Through the exporter: a note, an action and the reflection, whatever they hold,
    read back (as `read_back` says) from the points for supervision, the answers table
    and the reflection paragraph, and the summary keeps its headings and table."""
    record = read_record(make_record("professional-curiosity", "curious: {answer: no}\n"))

    @settings(max_examples=150, deadline=None)
    @given(note=USER_TEXT, action=USER_TEXT, reflection=USER_TEXT)
    @example(note=NASTY, action="| x |", reflection="# Not a heading\n1. not a list")
    def check(note: str, action: str, reflection: str) -> None:
        first = record.answers[0].model_copy(update={"note": note, "action": action})
        shown = markdown.summary(
            record.model_copy(
                update={"answers": (first, *record.answers[1:]), "reflection": reflection}
            )
        )
        headings, tables = structure(shown)
        assert headings == [
            "# Professional curiosity: 23 November 2026",
            "## Points for supervision",
            "## Answers",
            "### In practice, consider",
            "## Not answered",
            "## Source",
            "## Supervision discussion",
        ]
        assert tables == [4]
        texts = [plain(t) for t in MD.parse(shown) if t.type == "inline"]
        if read_back(note):
            assert f"Note: {read_back(note)}" in texts
        if read_back(action):
            assert f"Action: {read_back(action)}" in texts
        wrote = read_back(reflection) or "none written"
        assert f"<strong_open>Reflection:<strong_close> {wrote}" in texts
        row = cells(shown)[0]
        assert row[3:] == [read_back(note), read_back(action)]

    check()


@pytest.mark.usefixtures("frozen")
class TestOtherFormats:
    def test_json_is_the_record_as_stored(self, run: Run, make_record) -> None:
        path = make_record("practitioner", PRACTITIONER_ANSWERS)
        result = run("export", path.stem, "--format", "json")
        assert json.loads(result.out) == json.loads(path.read_text(encoding="utf-8"))

    def test_csv_parses_back_to_the_same_answers(self, run: Run, make_record) -> None:
        path = make_record("practitioner", PRACTITIONER_ANSWERS, "--case", "C9")
        stored = json.loads(path.read_text(encoding="utf-8"))
        rows = list(csv.DictReader(io.StringIO(run("export", path.stem, "-f", "csv").out)))
        assert len(rows) == 16
        for row, answer in zip(rows, stored["answers"], strict=True):
            assert row["question_id"] == answer["question_id"]
            assert row["question"] == answer["text"]
            assert row["answer"] == answer["answer"]
            assert row["note"] == (answer["note"] or "")
            assert row["action"] == (answer["action"] or "")
            assert row["concern"] == ("yes" if answer["concern"] else "no")
            assert (row["record_id"], row["case"]) == (path.stem, "C9")

    def test_csv_cells_cannot_start_a_spreadsheet_formula(self, run: Run, make_record) -> None:
        answers = json.dumps({"curious": {"answer": "no", "note": '=HYPERLINK("x")'}})
        path = make_record("professional-curiosity", answers)
        rows = list(csv.DictReader(io.StringIO(run("export", path.stem, "-f", "csv").out)))
        assert rows[0]["note"] == '\'=HYPERLINK("x")'


class TestOutputFile:
    def test_writes_a_private_file_and_refuses_to_overwrite(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        target = tmp_path / "summary.md"
        old = os.umask(0)
        try:
            first = run("export", path.stem, "-o", str(target))
        finally:
            os.umask(old)
        assert (first.code, first.out, first.err) == (0, "", f"Wrote {target}\n")
        assert_private(target)
        assert target.read_text(encoding="utf-8").startswith("# Professional curiosity: ")

        target.write_text("kept", encoding="utf-8")
        again = run("export", path.stem, "-o", str(target))
        assert again.code == 1
        assert again.err == (
            f"Error: {target} already exists.\nGive another file name, or --force to replace it.\n"
        )
        assert target.read_text(encoding="utf-8") == "kept"
        forced = run("export", path.stem, "-o", str(target), "--force")
        assert forced.code == 0
        assert target.read_text(encoding="utf-8").startswith("# Professional curiosity: ")

    def test_csv_rows_end_in_exactly_one_crlf(self, run: Run, make_record, tmp_path: Path) -> None:
        """CSV's own row ending, once per row, whatever the platform; a line break inside
        a note stays inside its quoted cell as it was typed."""
        answers = json.dumps({"curious": {"answer": "no", "note": "Mum\ngran visits"}})
        make_record("professional-curiosity", answers)
        target = tmp_path / "out.csv"
        result = run("export", "latest", "--format", "csv", "-o", str(target))
        assert result.code == 0, result.err
        data = target.read_bytes()
        assert b"\r\r\n" not in data
        assert data.endswith(b"\r\n")
        assert data.count(b"\r\n") == data.count(b"\r") == 4  # the header and 3 answers
        assert b',"Mum\ngran visits",' in data
        assert [len(row) for row in csv.reader(io.StringIO(data.decode(), newline=""))] == [18] * 4

    def test_json_export_and_record_files_have_no_carriage_return(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        """Line breaks a note holds, \\r\\n included, are escaped in JSON, and the files' own
        lines end in \\n alone."""
        note = "Mum\r\ngran\rvisits\n"
        path = make_record(
            "professional-curiosity", json.dumps({"curious": {"answer": "no", "note": note}})
        )
        target = tmp_path / "out.json"
        result = run("export", "latest", "--format", "json", "-o", str(target))
        assert result.code == 0, result.err
        for data in (target.read_bytes(), path.read_bytes()):
            assert b"\r" not in data
            assert data.endswith(b"}\n")
            assert b'"note": "Mum\\r\\ngran\\rvisits",' in data
            assert json.loads(data)["answers"][0]["note"] == "Mum\r\ngran\rvisits"

    def test_a_folder_that_does_not_exist(self, run: Run, make_record, tmp_path: Path) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        result = run("export", path.stem, "-o", str(tmp_path / "nope" / "s.md"))
        assert result.code == 1
        assert result.err.startswith(f"Error: Cannot write {tmp_path / 'nope' / 's.md'}: ")


class TestRedact:
    def test_drops_name_and_case_and_masks_them_in_notes(self, run: Run, make_record) -> None:
        run("config", "set", "name", "Sam Jones")
        answers = json.dumps(
            {"curious": {"answer": "no", "note": "sam jones saw ABC123's mum; ABC1234 is fine"}}
        )
        path = make_record("professional-curiosity", answers, "--case", "ABC123")
        out = run("export", path.stem, "--redact").out
        assert "Sam Jones" not in out
        assert "- **Practitioner:** not recorded" in out
        assert "- **Case reference:** not recorded" in out
        assert "\\[redacted\\] saw \\[redacted\\]'s mum; ABC1234 is fine" in out
        assert "ABC123" not in out.replace("ABC1234", "")
        data = json.loads(run("export", path.stem, "--redact", "-f", "json").out)
        assert (data["case"], data["practitioner"]["name"]) == (None, None)
        assert data["id"].endswith("_professional-curiosity_[redacted]")


class TestSupervise:
    def test_options_are_stored_beside_the_record_and_exported(
        self, run: Run, make_record, home: Path
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n", "--case", "S1")
        before = path.read_bytes()
        result = run(
            "supervise",
            "latest",
            "--date",
            "2026-11-30",
            "--supervisor",
            "J. Patel",
            "--decisions",
            "Refer to adult services",
            "--action",
            "Make the referral",
            "--by",
            "2026-12-01",
            "--action",
            "Review at next supervision",
        )
        assert result.code == 0, result.err
        assert path.read_bytes() == before
        stored = json.loads(
            (home / "supervision" / f"{path.stem}.json").read_text(encoding="utf-8")
        )
        assert stored["schema"] == "thinkfamily.supervision/1"
        assert stored["record_id"] == path.stem
        session = stored["sessions"][0]
        assert (session["date"], session["supervisor"], session["decisions"]) == (
            "2026-11-30",
            "J. Patel",
            "Refer to adult services",
        )
        assert session["actions"] == [
            {"action": "Make the referral", "by": "2026-12-01", "due": "2026-12-01"},
            {"action": "Review at next supervision", "by": None, "due": None},
        ]
        datetime.fromisoformat(session["recorded"])
        out = run("export", path.stem).out
        assert out.split("## Supervision discussion\n\n", 1)[1] == (
            "- **Date:** 2026-11-30\n"
            "- **Supervisor:** J. Patel\n"
            "- **Decisions:** Refer to adult services\n"
            "- **Agreed actions and by when:**\n"
            "  - Make the referral: by 1 Dec 2026\n"
            "  - Review at next supervision\n"
        )
        listed = json.loads(run("records", "--json").out)
        assert listed[0]["supervised"] is True

    def test_a_second_discussion_is_added_not_replaced(self, run: Run, make_record) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        run("supervise", path.stem, "--decisions", "First")
        run("supervise", path.stem, "--decisions", "Second")
        out = run("export", path.stem).out
        assert "### Discussion 1" in out
        assert "- **Decisions:** Second" in out

    @pytest.mark.usefixtures("frozen")
    def test_blank_options_show_as_not_recorded_not_as_a_backslash(
        self, run: Run, make_record
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        run("supervise", path.stem, "--supervisor", " ", "--decisions", " \n ", "--action", "Ring")
        out = run("export", path.stem).out
        assert out.split("## Supervision discussion\n\n", 1)[1] == (
            "- **Date:** 2026-11-23\n"
            "- **Supervisor:** not recorded\n"
            "- **Decisions:** none recorded\n"
            "- **Agreed actions and by when:**\n"
            "  - Ring\n"
        )

    def test_without_options_or_a_terminal(self, run: Run, make_record) -> None:
        make_record("professional-curiosity", "curious: no\n")
        result = run("supervise", "latest")
        assert result.code == 1
        assert result.err.startswith("Error: Nothing to record: give --decisions or --action")

    @pytest.mark.parametrize(
        ("given", "message"),
        [
            (
                ("--date", "31/11/2026"),
                "'31/11/2026' is not a date that exists: November 2026 has 30 days.",
            ),
            (
                ("--date", "friday"),
                "'friday' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD (or today).",
            ),
            (
                ("--by", "29/02/2027"),
                "--by '29/02/2027' is not a date that exists: February 2027 has 28 days.",
            ),
            (
                ("--by", "soon"),
                "--by 'soon' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, a weekday "
                "(friday), today, tomorrow, or +3d, +2w, +1m from today.",
            ),
        ],
    )
    def test_a_bad_date_records_nothing(
        self, run: Run, make_record, home: Path, given: tuple[str, str], message: str
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        result = run("supervise", "latest", "--action", "Ring", *given)
        assert (result.code, result.err) == (1, f"Error: {message}\n")
        assert not (home / "supervision" / f"{path.stem}.json").exists()

    @pytest.mark.usefixtures("frozen")
    def test_by_when_is_a_day_counted_from_the_supervision(
        self, run: Run, make_record, home: Path
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        result = run(
            "supervise", "latest", "--date", "05/01/2027",
            "--action", "Ring the school", "--by", "+2w",
            "--action", "Visit", "--by", "friday",
            "--action", "Write up", "--by", "12/01/2027",
        )  # fmt: skip
        assert result.code == 0, result.err
        assert result.err.splitlines()[1:] == [
            "  Ring the school: by 19 Jan 2027 (+2w)",
            "  Visit: by 8 Jan 2027 (friday)",
            "  Write up: by 12 Jan 2027",
        ]
        stored = json.loads(
            (home / "supervision" / f"{path.stem}.json").read_text(encoding="utf-8")
        )
        assert stored["sessions"][0]["date"] == "2027-01-05"
        assert [(a["by"], a["due"]) for a in stored["sessions"][0]["actions"]] == [
            ("+2w", "2027-01-19"),
            ("friday", "2027-01-08"),
            ("12/01/2027", "2027-01-12"),
        ]
        out = run("export", path.stem).out
        assert "  - Ring the school: by 19 Jan 2027 (+2w)\n" in out

    def test_more_dates_than_actions(self, run: Run, make_record) -> None:
        make_record("professional-curiosity", "curious: no\n")
        result = run("supervise", "latest", "--by", "2026-12-01")
        assert result.code == 1
        assert result.err.startswith("Error: There are more --by dates than --action texts.")


# --- the reliability review (F17) -----------------------------------------------------


class TestF17DeleteOnlyWhatIsOurs:
    """Reliability review F17: `export -o` replaces nothing but a regular file."""

    @pytest.mark.parametrize("kind", ["folder", pytest.param("fifo", marks=FIFOS), "link"])
    def test_export_never_replaces_anything_but_a_regular_file(
        self, run: Run, make_record, tmp_path: Path, kind: str
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        target = tmp_path / "target.md"
        if kind == "folder":
            target.mkdir()
        elif kind == "fifo":
            os.mkfifo(target)
        else:
            (tmp_path / "real.md").write_text("keep", encoding="utf-8")
            symlink(target, tmp_path / "real.md")
        mode = target.lstat().st_mode
        result = run("export", record.stem, "-o", str(target), "--force")
        assert result.code == 1
        assert result.err.startswith(f"Error: {target} is not a regular file")
        assert target.lstat().st_mode == mode
        assert stat.S_IFMT(mode) != stat.S_IFREG


# --- a second attack, made after the reliability review's fixes --------------------


class TestExportNeverIntoTheDataFolder:
    """Second attack after the reliability review's fixes: `export -o` never writes into
    the data folder."""

    @pytest.mark.parametrize(
        "where",
        [
            "records/{id}.json",
            "records/new.json",
            "exports.json",
            "drafts/professional-curiosity.json",
            "supervision/{id}.json",
            "records/.lock",
            "summary.md",
        ],
    )
    def test_export_into_the_data_folder_is_refused_and_nothing_changes(
        self, run: Run, make_record, home: Path, where: str
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        run("supervise", record.stem, "--decisions", "Visit again", "--supervisor", "SJ")
        target = home / where.format(id=record.stem)
        before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
        result = run("export", record.stem, "-o", str(target), "--force")
        assert result.code == 1
        assert result.err == (
            (  # no format ends in .lock: refused before anything is looked at
                f"Error: {target}: the file name does not say which format to write.\n"
                "End it with one of .md, .markdown, .html, .htm, .docx, .json, .csv.\n"
            )
            if where.endswith(".lock")
            else (
                f"Error: {target} is in thinkfamily's data folder ({home}), where only the tool "
                "writes its own files.\nExport to a file outside it, for example in your "
                "documents.\n"
            )
        )
        assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


# --- the content review ----------------------------------------------------------------


FACTORS = """\
domestic-abuse: unknown
mental-ill-health: present
learning-disabilities: absent
substance-misuse: unknown
exploitation: absent
"""


def test_n20_not_known_factors_are_listed_to_find_out(run, make_record) -> None:
    """Content review N20: HIPS asks practitioners to find out who is in a household and
    what they face: a factor marked not known is listed next to those present, in the export
    and at the end of a walk."""
    record = make_record("family-factors", FACTORS)
    out = run("export", record.stem).out
    section = out.split("## Factors present\n\n", 1)[1].split("\n## ", 1)[0]
    assert section == (
        "- Parental/familial mental ill health\n"
        "\n"
        "**To find out** (marked not known):\n"
        "\n"
        "- Domestic abuse\n"
        "- Substance misuse\n"
    )
    answers = record.parent.parent / "again.yaml"
    answers.write_text(FACTORS, "utf-8")
    walked = run("check", "family-factors", "--answers", str(answers))
    assert "To find out (marked not known):\n  - Domestic abuse\n  - Substance misuse\n" in (
        walked.out
    )


def test_n21_a_tipping_point_says_act_now_with_the_front_door(run, make_record) -> None:
    """Content review N21: a "yes" at the tipping point is not only a point for
    supervision: the end of the walk and the export say to act now, before the points, with
    the area's front door."""
    run("config", "set", "area", "Portsmouth")
    answers = "curious: yes\nindicators-of-harm: yes\ntipping-point: yes\n"
    record = make_record("professional-curiosity", answers)
    saved = json.loads(record.read_text("utf-8"))
    (urgent,) = [a for a in saved["answers"] if a["act_now"]]
    assert urgent["question_id"] == "tipping-point"
    note = urgent["act_now"]
    assert note.startswith("Practice tip: if not intervening may put someone's wellbeing")
    assert note.endswith(
        "If anyone is in immediate danger, call 999. (The question and the procedures: HIPS "
        "Family Approach Guidance 2024, Professional curiosity; 999: Leeds protocol, "
        "Appendix A)"
    )
    out = run("export", record.stem).out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## Act now", "## Points for supervision", "## Who to contact"]
    assert "(yes): Practice tip: if not intervening may put" in out
    shown = run("show", record.stem).out
    assert "significant risk to wellbeing and safety?\n    Answer: yes  (act now)\n" in shown
