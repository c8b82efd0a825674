"""`report`: every figure checked, in each format, against records with known answers."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from thinkfamily import dates

from .conftest import FIFOS, Run
from .test_documents import page
from .test_export import lint, structure

# Six practitioner records: household partly x3, no x2, yes x1 (5 concerns);
# others-at-risk no x1, yes x5 (1 concern); assumptions yes x2 (concern), no x4.
PRACTITIONER = [
    (
        "2026-01-05",
        "P1",
        {
            "household": {"answer": "partly", "action": "Ask about the lodger"},
            "others-at-risk": "no",
            "assumptions": "yes",
        },
    ),
    ("2026-02-05", "P2", {"household": "partly", "others-at-risk": "yes", "assumptions": "yes"}),
    ("2026-03-05", "P3", {"household": "partly", "others-at-risk": "yes", "assumptions": "no"}),
    ("2026-04-05", "P4", {"household": "no", "others-at-risk": "yes", "assumptions": "no"}),
    (
        "2026-05-05",
        "P5",
        {
            "household": {"answer": "no", "action": "Home visit"},
            "others-at-risk": "yes",
            "assumptions": "no",
        },
    ),
    ("2026-06-05", "P6", {"household": "yes", "others-at-risk": "yes", "assumptions": "no"}),
]


@pytest.fixture
def team(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """A supervisor's folder of exported records, with a foreign file and a broken one."""

    def make(checklist: str, day: str, case: str, answers: dict) -> None:
        when = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
        with monkeypatch.context() as patch:
            patch.setattr(dates, "now", lambda: when)
            path = tmp_path / f"{case}.json"
            path.write_text(json.dumps(answers), encoding="utf-8")
            result = run("check", checklist, "--case", case, "--answers", str(path))
            assert result.code == 0, result.err

    for day, case, answers in PRACTITIONER:
        make("practitioner", day, case, answers)
    make("professional-curiosity", "2026-02-01", "C1", {"curious": "no"})
    make(
        "organisation",
        "2025-03-01",
        "ORG",
        {
            "policies-and-procedures": {
                "answer": "not in place",
                "more_could_be_in_place": "Write a policy",
            },
            "principles-embedded": "no",
        },
    )
    make(
        "organisation",
        "2026-03-01",
        "ORG",
        {
            "policies-and-procedures": {
                "answer": "partly",
                "more_could_be_in_place": "Review it with adult services",
            },
            "principles-embedded": "partly",
        },
    )
    folder = tmp_path / "team"
    folder.mkdir()
    for path in (home / "records").iterdir():
        if not path.name.startswith("."):
            (folder / path.name).write_bytes(path.read_bytes())
    # A record of an older version of the practitioner checklist, without `supervision`.
    old = json.loads(next(folder.glob("*_P1.json")).read_text(encoding="utf-8"))
    old["answers"] = [a for a in old["answers"] if a["question_id"] != "supervision"]
    old["checklist"]["version"] = "0"
    old["id"], old["case"] = "20251201T100000Z_practitioner_P0", "P0"
    old["started"], old["finished"] = "2025-12-01T09:40:00+00:00", "2025-12-01T10:00:00+00:00"
    (folder / "old.json").write_text(json.dumps(old), encoding="utf-8")
    (folder / "notes.json").write_text('{"hello": "world"}', encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return folder


def figures(data: dict, checklist: str) -> dict[str, dict]:
    entry = next(c for c in data["checklists"] if c["id"] == checklist)
    return {q["id"]: q for q in entry["questions"]}


class TestFigures:
    def test_json_counts_shares_and_order(self, run: Run, team: Path) -> None:
        result = run("report", str(team), "--json", "--details")
        assert result.code == 0, result.err
        data = json.loads(result.out)
        assert data["records"] == 10
        assert data["min_records"] == 5
        assert sorted(s["file"] for s in data["skipped"]) == [
            str(team / "broken.json"),
            str(team / "notes.json"),
        ]
        practitioner = next(c for c in data["checklists"] if c["id"] == "practitioner")
        assert practitioner["records"] == 7
        assert practitioner["versions"] == ["0", "1"]
        assert (practitioner["first"], practitioner["last"]) == (
            "2025-12-01T10:00:00+00:00",
            "2026-06-05T10:00:00Z",
        )
        questions = figures(data, "practitioner")
        household = questions["household"]
        assert household["counts"] == {"yes": 1, "partly": 4, "no": 2, "na": 0, "skipped": 0}
        assert (household["records"], household["concerns"], household["concern_share"]) == (
            7,
            6,
            round(6 / 7, 4),
        )
        assert household["actions"] == 3
        assert sorted(household["action_texts"]) == [
            "Ask about the lodger",
            "Ask about the lodger",
            "Home visit",
        ]
        assert questions["others-at-risk"]["counts"]["no"] == 2
        assert questions["assumptions"]["concerns"] == 3
        assert questions["supervision"]["records"] == 6
        assert questions["supervision"]["in_every_version"] is False
        assert questions["household"]["in_every_version"] is True
        order = [q["id"] for q in practitioner["questions"]]
        assert order[:3] == ["household", "assumptions", "others-at-risk"]

    def test_too_few_records_are_withheld(self, run: Run, team: Path) -> None:
        data = json.loads(run("report", str(team), "--json").out)
        curious = figures(data, "professional-curiosity")["curious"]
        assert curious == {
            "id": "curious",
            "text": curious["text"],
            "section": "In practice, consider",
            "scale": "reflect",
            "records": 1,
            "shown": False,
            "in_every_version": True,
        }
        lowered = json.loads(run("report", str(team), "--json", "--min-records", "1").out)
        assert figures(lowered, "professional-curiosity")["curious"]["counts"]["no"] == 1

    def test_organisation_ratings_over_time(self, run: Run, team: Path) -> None:
        data = json.loads(run("report", str(team), "--json").out)
        org = next(c for c in data["checklists"] if c["id"] == "organisation")
        assert [
            (r["finished"][:10], r["rating"], r["more_could_be_in_place"])
            for r in org["areas"]["policies-and-procedures"]
        ] == [
            ("2025-03-01", "not-in-place", "Write a policy"),
            ("2026-03-01", "partly", "Review it with adult services"),
        ]

    @pytest.mark.parametrize(
        ("options", "cases"),
        [
            (["--since", "2026-03-01"], 5),
            (["--since", "01/03/2026"], 5),
            (["--until", "2026-01-31"], 3),
            (["--until", "31/01/2026"], 3),
            (["--case", "P2"], 1),
            (["--checklist", "organisation"], 2),
        ],
    )
    def test_filters(self, run: Run, team: Path, options: list[str], cases: int) -> None:
        assert json.loads(run("report", str(team), "--json", *options).out)["records"] == cases

    def test_a_day_that_does_not_exist_is_refused(self, run: Run, team: Path) -> None:
        result = run("report", str(team), "--since", "30/02/2026")
        assert (result.code, result.err) == (
            1,
            "Error: '30/02/2026' is not a date that exists: February 2026 has 28 days.\n",
        )

    @pytest.mark.usefixtures("team")
    def test_the_store_is_the_default(self, run: Run) -> None:
        data = json.loads(run("report", "--json", "--checklist", "practitioner").out)
        assert data["records"] == 6
        assert data["skipped"] == []


class TestFormats:
    def test_text_is_plain_and_fits_80_columns(self, run: Run, team: Path) -> None:
        result = run("report", str(team))
        lines = result.out.splitlines()
        assert max(map(len, lines)) <= 80
        assert "█" not in result.out
        start = lines.index(
            "Think Family, Work Family: practitioner checklist (practitioner): 7 records,"
        )
        assert lines[start + 1 : start + 5] == [
            "    2025-12-01 to 2026-06-05",
            " 1. Do I know who else lives in the household / has regular contact?",
            "    86% a concern (6 of 7 answered)",
            "    yes 1, partly 4, no 2, not applicable 0, skipped 0; 3 actions",
        ]
        assert "    too few records (1; at least 5 are needed)" in lines
        assert "    asked in 6 of 7 records (not in every version of the checklist)" in lines
        org = lines.index(
            "Think Family, Work Family: organisation self-assessment (organisation): 2"
        )
        assert lines[org + 2 : org + 5] == [
            " 1. Are these principles embedded within your organisation?",
            "    100% a concern (2 of 2 answered)",  # an organisation's own: never withheld
            "    yes 0, partly 1, no 1, not applicable 0, skipped 0; 0 actions",
        ]
        assert lines[org + 5] == " 2. Could more be done to promote this approach?"
        area = lines.index("Policies and procedures")
        assert lines[area + 1 : area + 5] == [
            "    2025-03-01 not in place",
            "      more could be: Write a policy",
            "    2026-03-01 partly",
            "      more could be: Review it with adult services",
        ]
        assert result.err.splitlines() == [
            "Warning: 2 file(s) skipped, not thinkfamily records:",
            f"  {team / 'broken.json'}: not valid JSON",
            f"  {team / 'notes.json'}: not a thinkfamily record",
        ]

    def test_markdown_structure_and_lint(self, run: Run, team: Path) -> None:
        out = run("report", str(team), "--format", "markdown", "--details").out
        headings, tables = structure(out)
        assert headings == [
            "# Think Family report",
            "## Think Family, Work Family: organisation self-assessment",
            "### Self-assessment over time",
            "#### What was in place, and what more could be, each time",
            "## Think Family, Work Family: practitioner checklist",
            "### Actions",
            "## Professional curiosity",
        ]
        assert tables == [3, 8, 17, 4]  # with their header rows
        assert lint(out) == []
        assert (
            "| 1 | Do I know who else lives in the household / has regular contact? | 7 | "
            "86% (6) | yes 1, partly 4, no 2, not applicable 0, skipped 0 | 3 |" in out
        )
        assert (
            "| Policies and procedures | not in place | partly | Review it with adult "
            "services |" in out
        )

    def test_csv_parses_back_to_the_figures(self, run: Run, team: Path) -> None:
        rows = list(csv.DictReader(io.StringIO(run("report", str(team), "-f", "csv").out)))
        household = next(r for r in rows if r["question_id"] == "household")
        assert {
            k: household[k]
            for k in (
                "records",
                "shown",
                "concerns",
                "concern_percent",
                "yes",
                "partly",
                "no",
                "na",
                "skipped",
                "actions",
                "in_every_version",
            )
        } == {
            "records": "7",
            "shown": "yes",
            "concerns": "6",
            "concern_percent": "86",
            "yes": "1",
            "partly": "4",
            "no": "2",
            "na": "0",
            "skipped": "0",
            "actions": "3",
            "in_every_version": "yes",
        }
        curious = next(r for r in rows if r["question_id"] == "curious")
        assert (curious["shown"], curious["concerns"], curious["no"]) == ("no", "", "")

    def test_a_record_given_twice_is_counted_once(self, run: Run, team: Path) -> None:
        """A folder and a file in it, or the same file twice: one record, counted once."""
        alone = json.loads(run("report", str(team), "--json", "--min-records", "1").out)
        one = min(team.glob("*.json"))
        for given in ([str(team), str(one)], [str(one), str(team / ".." / team.name / one.name)]):
            twice = run("report", *given, "--json", "--min-records", "1")
            assert twice.code == 0, twice.err
            assert json.loads(twice.out)["records"] == (
                alone["records"] if given[0] == str(team) else 1
            )

    def test_a_missing_folder_is_an_error(self, run: Run, tmp_path: Path) -> None:
        result = run("report", str(tmp_path / "nope"))
        assert result.code == 1
        assert result.err.startswith(f"Error: {tmp_path / 'nope'}: no such file or folder")

    def test_nothing_to_report(self, run: Run) -> None:
        result = run("report")
        assert (result.code, result.err.splitlines()[0]) == (
            1,
            "Error: There are no records to report on.",
        )


class TestReportToLookAt:
    def test_html_report_draws_charts_with_words_for_screen_readers(
        self, run: Run, team: Path, tmp_path: Path
    ) -> None:
        target = tmp_path / "report.html"
        result = run("report", str(team), "-o", str(target))
        assert (result.code, result.out) == (0, "")
        html = target.read_text(encoding="utf-8")
        parsed = page(html)
        assert "script" not in parsed.tags
        assert [a for a in parsed.attributes if a[1] in ("src", "href")] == []
        # a chart of answers per checklist, and the organisation's ratings over time
        assert parsed.tags.count("svg") == 4
        described = [v for tag, name, v in parsed.attributes if (tag, name) == ("svg", "role")]
        assert described == ["img"] * 4
        assert (
            "1. Do I know who else lives in the household / has regular contact?: yes 1, "
            "partly 4, no 2, not applicable 0, skipped 0"
        ) in html
        assert "too few records" in html  # the minimum-records rule, in the chart too
        assert "Policies and procedures: 2025-03-01 not in place, 2026-03-01 partly" in html
        fills = {v for tag, name, v in parsed.attributes if (tag, name) == ("rect", "fill")}
        assert fills <= {"#222", "url(#hatch)", "#888", "url(#dots)", "#ccc", "#fff"}  # greys

    def test_markdown_and_word_reports_from_the_same_document(
        self, run: Run, team: Path, tmp_path: Path
    ) -> None:
        markdown_headings, _ = structure(run("report", str(team), "--format", "markdown").out)
        target = tmp_path / "report.docx"
        assert run("report", str(team), "-o", str(target)).code == 0
        document = docx.Document(str(target))
        headings = [
            f"{'#' * int(p.style.name.split()[-1])} {p.text}"
            for p in document.paragraphs
            if p.style.name.startswith("Heading")
        ]
        assert headings == markdown_headings


# --- the reliability review (F10) and the usability review (item 20) -----------------


class TestF10OneBadFileNeverStopsAReport:
    """Reliability review F10: one team record of the wrong shape never stops a report."""

    @pytest.mark.parametrize(
        ("damage", "reason"),
        [
            ({"scale": []}, "answers[0].scale:"),
            ({"text": ["a list"]}, "answers[0].text:"),
            ({"section": {"a": 1}}, "answers[0].section:"),
        ],
    )
    def test_a_team_record_of_the_wrong_shape_is_skipped_with_its_reason(
        self, run: Run, make_record, tmp_path: Path, damage: dict, reason: str
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        team = tmp_path / "team"
        team.mkdir()
        (team / "good.json").write_bytes(path.read_bytes())
        data = json.loads(path.read_text("utf-8"))
        data["answers"][0].update(damage)
        (team / "bad.json").write_text(json.dumps(data), "utf-8")
        for fmt in ("text", "markdown", "json", "csv"):
            result = run("report", str(team), "-f", fmt, "--min-records", "1")
            assert result.code == 0, result.err
            assert f"{team / 'bad.json'}: " in result.err
            assert reason in result.err


class TestU20PrivacyOfTheData:
    """Usability review item 20: a report's details keep to the minimum number of records,
    and its shares count only the records that answered."""

    def test_report_details_obey_the_minimum_number_of_records(self, run: Run, make_record) -> None:
        for n in range(2):
            make_record(
                "professional-curiosity",
                "curious: {answer: no, action: Ring Mrs Okafor at home}\n",
                "--case",
                f"D{n}",
            )
        for fmt in ("text", "markdown", "json", "csv"):
            result = run("report", "--details", "-f", fmt)
            assert result.code == 0, result.err
            assert "Okafor" not in result.out, fmt
        shown = run("report", "--details", "--min-records", "2")
        assert "Ring Mrs Okafor at home" in shown.out

    def test_a_share_counts_only_the_records_that_answered(self, run: Run, make_record) -> None:
        """Skipping a question says nothing either way: 10 concerns of 10 answered is all
        of them, however many skipped."""
        for n in range(12):
            answer = "skipped" if n >= 10 else "no"
            make_record("professional-curiosity", f"curious: {answer}\n", "--case", f"S{n}")
        data = json.loads(run("report", "--json").out)
        (question,) = [q for q in data["checklists"][0]["questions"] if q["id"] == "curious"]
        assert (question["concerns"], question["concern_share"]) == (10, 1.0)
        assert "100% a concern (10 of 10 answered; 2 skipped)" in run("report").out


# --- a second attack, made after the reliability review's fixes --------------------


@FIFOS
class TestStoreFilesThatAreNotFiles:
    """Second attack after the reliability review's fixes: a device given to `report` is
    named as one, never read."""

    def test_a_device_given_to_report_is_named_as_one(self, run: Run) -> None:
        result = run("report", "/dev/zero")
        assert result.code == 1
        assert result.err.startswith(
            "Error: /dev/zero: not a file or a folder (a device, a FIFO or a socket)"
        )
