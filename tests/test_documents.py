"""The summary in the forms people open: Markdown, HTML and Word, from one document, and
the format taken from the file name."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from thinkfamily.catalog import Catalog
from thinkfamily.paths import user_paths

from .conftest import Run
from .test_export import GOLDEN_CASES, HOSTILE_NOTES, lint, structure

ENDINGS = ".md, .markdown, .html, .htm, .docx, .json, .csv"
NO_FORMAT = f"the file name does not say which format to write.\nEnd it with one of {ENDINGS}."


class Page(HTMLParser):
    """What a browser would see: elements, attributes, headings and the text of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.headings: list[str] = []
        self.cells: list[str] = []
        self._open: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag in ("h1", "h2", "h3", "td"):
            self._open.append(tag)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()
            done = "".join(self._text)
            if tag == "td":
                self.cells.append(done)
            else:
                self.headings.append(f"{'#' * int(tag[1])} {done}")

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def page(text: str) -> Page:
    parsed = Page()
    parsed.feed(text)
    parsed.close()
    return parsed


@pytest.fixture
def record(run: Run, make_record) -> Path:
    checklist, answers = GOLDEN_CASES["practitioner"]
    run("config", "set", "area", "Hackney")
    return make_record(checklist, answers, "--case", "ABC123")


class TestTheFormatFollowsTheFileName:
    @pytest.mark.parametrize(
        ("name", "check"),
        [
            ("s.md", lambda b: b.startswith(b"# Think Family")),
            ("s.markdown", lambda b: b.startswith(b"# Think Family")),
            ("s.html", lambda b: b.startswith(b"<!DOCTYPE html>")),
            ("S.HTM", lambda b: b.startswith(b"<!DOCTYPE html>")),
            ("s.docx", lambda b: zipfile.is_zipfile(io.BytesIO(b))),
            ("s.json", lambda b: json.loads(b)["schema"] == "thinkfamily.record/1"),
            ("s.csv", lambda b: next(csv.reader(io.StringIO(b.decode())))[0] == "record_id"),
        ],
    )
    def test_each_ending_writes_its_format(
        self, run: Run, record: Path, tmp_path: Path, name: str, check
    ) -> None:
        target = tmp_path / name
        result = run("export", record.stem, "-o", str(target))
        assert (result.code, result.err) == (0, f"Wrote {target}\n")
        assert check(target.read_bytes())

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (["-o", "{tmp}/summary.txt"], f"{{tmp}}/summary.txt: {NO_FORMAT}"),
            (["-o", "{tmp}/summary.doc"], f"{{tmp}}/summary.doc: {NO_FORMAT}"),
            (
                ["-o", "{tmp}/summary.md", "--format", "html"],
                "--format html does not match summary.md, which is markdown.\nLeave out "
                f"--format, or end the file name as that format does ({ENDINGS}).",
            ),
            (
                ["--format", "docx"],
                "A Word file cannot be written to the terminal.\nGive a file name: -o summary.docx",
            ),
        ],
    )
    def test_refused_with_the_formats(
        self, run: Run, record: Path, tmp_path: Path, options: list[str], message: str
    ) -> None:
        folder = f"{tmp_path}{os.sep}"  # as the user types it on this system
        given = [o.replace("{tmp}/", folder) for o in options]
        result = run("export", record.stem, *given)
        assert (result.code, result.out) == (1, "")
        assert result.err == f"Error: {message.replace('{tmp}/', folder)}\n"
        assert list(tmp_path.glob("summary.*")) == []

    def test_html_alone_goes_to_standard_output(self, run: Run, record: Path) -> None:
        result = run("export", record.stem, "--format", "html")
        assert result.code == 0
        assert result.out.startswith("<!DOCTYPE html>")


class TestHtml:
    def test_the_same_sections_as_the_markdown_and_nothing_from_outside(
        self, run: Run, record: Path
    ) -> None:
        markdown_headings, _ = structure(run("export", record.stem).out)
        html = run("export", record.stem, "--format", "html").out
        parsed = page(html)
        assert parsed.headings == markdown_headings
        assert {"script", "img", "iframe", "object", "embed", "link"}.isdisjoint(parsed.tags)
        assert [a for a in parsed.attributes if a[1] in ("src", "srcset", "action")] == []
        links = [a for a in parsed.attributes if a[1] == "href"]
        assert links  # the area's contact pages, as links to follow, never fetched
        assert all(tag == "a" and value and value.startswith("https://") for tag, _, value in links)
        assert "url(" not in html
        assert "@import" not in html
        assert "@media print" in html
        assert "size: A4" in html

    @pytest.mark.parametrize("note", HOSTILE_NOTES)
    def test_hostile_notes_stay_text(self, run: Run, make_record, note: str) -> None:
        answers = json.dumps({"who-is-the-family": {"answer": "no", "note": note}})
        path = make_record("practitioner", answers)
        parsed = page(run("export", path.stem, "--format", "html").out)
        assert parsed.tags.count("table") == 2  # the answers, and the discussion form
        assert "img" not in parsed.tags
        assert "script" not in parsed.tags
        shown = "\n".join(note.splitlines())
        assert shown.replace("\n", "") in parsed.cells


class TestWord:
    def test_headings_points_and_tables_read_back(
        self, run: Run, record: Path, tmp_path: Path
    ) -> None:
        markdown_headings, _ = structure(run("export", record.stem).out)
        target = tmp_path / "summary.docx"
        assert run("export", record.stem, "-o", str(target)).code == 0
        document = docx.Document(str(target))
        paragraphs = document.paragraphs
        headings = [
            f"{'#' * int(p.style.name.split()[-1])} {p.text}"
            for p in paragraphs
            if p.style.name.startswith("Heading")
        ]
        assert headings == markdown_headings
        start = next(i for i, p in enumerate(paragraphs) if p.text == "Points for supervision")
        points = [p.text for p in paragraphs[start + 1 :] if p.style.name == "List Bullet"][:2]
        assert points[0].startswith("Do I know who else lives in the household")
        tables = document.tables
        assert [t.rows[0].cells[0].text for t in tables] == ["#", "Date"]
        assert [c.text for c in tables[0].rows[0].cells] == [
            "#", "Question", "Answer", "Note", "Action"
        ]  # fmt: skip
        assert len(tables[0].rows) == 17
        assert [r.cells[0].text for r in tables[1].rows] == [
            "Date",
            "Supervisor",
            "Decisions",
            "Agreed actions and by when",
        ]

    @pytest.mark.parametrize("note", HOSTILE_NOTES)
    def test_hostile_notes_are_words(
        self, run: Run, make_record, tmp_path: Path, note: str
    ) -> None:
        answers = json.dumps({"who-is-the-family": {"answer": "no", "note": note + "\x1b[2J"}})
        path = make_record("practitioner", answers)
        target = tmp_path / "n.docx"
        assert run("export", path.stem, "-o", str(target)).code == 0
        cell = docx.Document(str(target)).tables[0].rows[1].cells[3].text
        assert cell == note + "\\x1b[2J"


class TestBlankChecklist:
    def test_markdown_has_every_question_with_its_id_and_choices(self, run: Run) -> None:
        result = run("checklists", "show", "practitioner")
        assert result.code == 0
        out = result.out
        checklist = Catalog(user_paths()).load("practitioner").checklist
        for _, question in checklist.questions:
            assert f"`{question.id}`" in out
        first = (
            "| 1 | Have I asked who is the family and understood family members' roles and "
            "relationships to each other? `who-is-the-family` | yes / **partly** / **no** / "
            "not applicable | |"
        )
        assert first in out
        assert lint(out) == []

    def test_html_and_word(self, run: Run, tmp_path: Path) -> None:
        html_file, word_file = tmp_path / "blank.html", tmp_path / "blank.docx"
        assert run("checklists", "show", "family-factors", "-o", str(html_file)).code == 0
        assert run("checklists", "show", "family-factors", "-o", str(word_file)).code == 0
        parsed = page(html_file.read_text(encoding="utf-8"))
        assert parsed.headings[:3] == [
            "# Family vulnerability factors screen",
            "## Vulnerability factors in a family member",
            "### Guidance",
        ]
        assert parsed.tags.count("table") == 4  # one per section
        document = docx.Document(str(word_file))
        assert [len(t.rows) for t in document.tables] == [6, 5, 34, 4]  # header and questions
        assert document.tables[0].rows[1].cells[1].text == "Domestic abuse domestic-abuse"

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (["-o", "blank.csv"], "blank.csv: the file name does not say which format to write."),
            (["--format", "json"], "--format json is not one of markdown, html, docx here."),
        ],
    )
    def test_only_document_formats(self, run: Run, options: list[str], message: str) -> None:
        result = run("checklists", "show", "practitioner", *options)
        assert result.code == 1
        assert result.err.startswith(f"Error: {message}")

    def test_the_list_is_still_the_bare_command(self, run: Run) -> None:
        assert run("checklists").out.splitlines()[0].split() == [
            "id", "title", "audience", "questions", "source"
        ]  # fmt: skip


def test_the_tools_own_command_is_code_not_escaped(run: Run, make_record) -> None:
    """The hint to set an area is the tool's own words: its command is code in each format."""
    path = make_record("family-factors", "domestic-abuse: present\n")
    markdown = run("export", path.stem).out
    assert (
        "- No area is set: run `thinkfamily config set area NAME` to see who to contact "
        "about these concerns.\n" in markdown
    )
    html = run("export", path.stem, "--format", "html").out
    assert "No area is set: run <code>thinkfamily config set area NAME</code> to see" in html
