"""Referral contacts: the shipped data against its sources, look-up, filters and output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from thinkfamily.catalog import load_areas, parse_area
from thinkfamily.contacts.needs import TOPICS
from thinkfamily.contacts.select import referral
from thinkfamily.models.contacts import Contact, canonical_phone
from thinkfamily.paths import user_paths
from thinkfamily.render.wording import referral_items

from .conftest import REPO, SOURCES, Run
from .test_support import normal

SHIPPED = sorted((REPO / "contacts").glob("*.yaml"))
AREAS = {
    "leeds": "Leeds",
    "city-of-london": "City of London",
    "hackney": "Hackney",
    "hampshire": "Hampshire",
    "isle-of-wight": "Isle of Wight",
    "portsmouth": "Portsmouth",
    "southampton": "Southampton",
}
RESEARCH = SOURCES.parent / "contacts-research.md"


def test_every_area_is_shipped() -> None:
    assert {p.stem for p in SHIPPED} == set(AREAS)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_contact_has_a_dated_source_and_numbers_that_parse(path: Path) -> None:
    area = parse_area(path)
    assert area.name == AREAS[area.id]
    for contact in area.contacts:
        assert contact.source.title
        assert contact.source.ref
        assert re.fullmatch(r"undated|\d{4}(-\d{2}(-\d{2})?)?", contact.source.date)
        for phone in contact.phones:
            assert canonical_phone(phone.number) == phone.number


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_999_comes_from_a_source_for_every_area(path: Path) -> None:
    numbers = [p.number for c in parse_area(path).contacts for p in c.phones]
    assert "999" in numbers


def _source_text(ref: str) -> str:
    """The text a contact's `ref` points at: rows of the research notes or a guidance file."""
    research = RESEARCH.read_text(encoding="utf-8")
    rows = re.findall(r"\b([A-Z]\d{1,2})\b", ref)
    if "contact list" in ref:
        return (SOURCES / "city-hackney-think-family-guidance.txt").read_text(encoding="utf-8")
    if "Appendix A" in ref and not rows:
        return (SOURCES / "leeds-think-family-work-family-protocol.txt").read_text(encoding="utf-8")
    found = [
        line for line in research.splitlines() for row in rows if line.startswith(f"| {row} |")
    ]
    assert found, f"no research row for {ref!r}"
    return "\n".join(found)


@pytest.mark.skipif(not RESEARCH.is_file(), reason="the contacts research is not beside the repo")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_number_appears_in_the_source_it_cites(path: Path) -> None:
    for contact in parse_area(path).contacts:
        given = numbers_given(_source_text(contact.source.ref or ""))
        for phone in contact.phones:
            assert phone.number.replace(" ", "") in given, (contact.service, phone.number)


def numbers_given(text: str) -> str:
    """The digits of every number a text gives, one number a word, with the guidance's
    shorthand for a second number written out: "0208 356 7444 / 7400" gives 02083567400
    as well, "0208 356 4458/9" gives 02083564459."""
    runs = re.findall(r"\d(?:[ \u00a0]?\d)*", re.sub(r"[()]", "", text))
    found = [re.sub(r"\D", "", run) for run in runs]
    for first, second in re.findall(r"(0[\d ]{9,12}\d) ?/ ?(\d{1,4})\b", text):
        number = re.sub(r"\D", "", first)
        found.append(number[: len(number) - len(second)] + second)
    return " ".join(found)


@pytest.mark.skipif(not RESEARCH.is_file(), reason="the contacts research is not beside the repo")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_gap_is_a_research_row_that_found_no_number(path: Path) -> None:
    """A service said to be "not found" is one the research looked for and recorded as
    found without a number: the tool never says there is none on its own account."""
    for gap in parse_area(path).not_found:
        rows = _source_text(gap.ref).lower()
        found_none = r"\bno\b[^|.]*?\b(number|page seen|phone)\b|not county-wide"
        assert re.search(found_none, rows), gap.what


@pytest.mark.parametrize(
    ("area", "need", "what", "ref"),
    [
        ("hackney", "out-of-hours", "out-of-hours number for adults", "contacts research K8"),
        ("isle-of-wight", "substance-misuse", "substance misuse number", "contacts research W15"),
        (
            "leeds",
            "early-help",
            "Families First (early help) or young carers number",
            "contacts research L19; the Leeds protocol's Appendix A names Families First "
            "without one",
        ),
    ],
)
def test_a_gap_is_said_where_its_need_is_asked_for(
    run: Run, area: str, need: str, what: str, ref: str
) -> None:
    result = run("contacts", area, "--need", need)
    assert result.code == 0
    assert "Looked for and not found" in result.out
    assert f"No {what} was found ({ref})." in " ".join(result.out.split())
    data = json.loads(run("contacts", area, "--need", need, "--json").out)
    assert [(g["what"], g["ref"]) for g in data["not_found"]] == [(what, ref)]


def test_canonical_phone_refuses_what_it_cannot_know() -> None:
    assert canonical_phone("0113 5350600") == "0113 535 0600"
    assert canonical_phone("01983 823435") == "01983 823435"
    assert canonical_phone("08082000247") == "0808 200 0247"
    assert canonical_phone("023 82 002 764") == "023 8200 2764"
    for bad in ("0208 356 445", "0900 123 4567", "+44 20 8356 5500", "020-8356-5500", "112"):
        with pytest.raises(ValueError, match="is not a"):
            canonical_phone(bad)


class TestLookup:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("hackney", "Hackney"),
            ("HACKNEY", "Hackney"),
            ("Hackney", "Hackney"),
            ("leeds", "Leeds"),
            ("Léeds", "Leeds"),
            ("portsm", "Portsmouth"),
            ("Portsmouth", "Portsmouth"),
            ("southampton", "Southampton"),
            ("southa", "Southampton"),
            ("hampshire", "Hampshire"),
            ("hampshire county council", "Hampshire"),
            ("Isle of Wight", "Isle of Wight"),
            ("isle-of-wight", "Isle of Wight"),
            ("IOW", "Isle of Wight"),
            ("iow", "Isle of Wight"),
            ("city of", "City of London"),
            ("City of London", "City of London"),
            ("CITY OF LONDON", "City of London"),
        ],
    )
    def test_name_alias_case_accent_and_prefix(self, run: Run, typed: str, expected: str) -> None:
        result = run("contacts", typed, "--json")
        assert result.code == 0, result.err
        assert json.loads(result.out)["name"] == expected

    def test_a_typo_suggests_the_nearest_area(self, run: Run) -> None:
        result = run("contacts", "Hackny")
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            "Error: No contacts are known for 'Hackny'.\n"
            "Did you mean Hackney? Run `thinkfamily contacts` to list the areas and the places "
            "each covers.\n"
        )

    def test_an_ambiguous_start_names_the_candidates(self, run: Run) -> None:
        result = run("contacts", "ha")
        assert result.code == 1
        assert result.err == (
            "Error: 'ha' could be Hackney, Hampshire, Hampshire and the Isle of Wight "
            "(Hampshire, Isle of Wight, Portsmouth, Southampton) or Harehills (in Leeds).\n"
            "Type more of the name.\n"
        )

    def test_no_area_lists_the_areas(self, run: Run) -> None:
        result = run("contacts")
        assert result.code == 0
        assert [line.split("  ")[0] for line in result.out.splitlines()[1:]] == [
            AREAS[k] for k in sorted(AREAS)
        ]
        listed = json.loads(run("contacts", "--json").out)
        assert {a["id"] for a in listed} == set(AREAS)

    def test_the_configured_area_is_the_default(self, run: Run) -> None:
        assert run("config", "set", "area", "pompy").code == 1
        set_ = run("config", "set", "area", "soUTHAM")
        assert set_.err == "area set to Southampton.\n"
        assert json.loads(run("contacts", "--json").out)["name"] == "Southampton"


class TestFilters:
    def test_for_children_and_for_adults(self, run: Run) -> None:
        children = json.loads(run("contacts", "hackney", "--for", "children", "--json").out)
        adults = json.loads(run("contacts", "hackney", "--for", "adults", "--json").out)
        assert {c["for"] for c in children["contacts"]} == {"children", "both"}
        assert {c["for"] for c in adults["contacts"]} == {"adults", "both"}
        assert "Hackney MASH (Multi-Agency Safeguarding Hub), including the Early Help Hub" in [
            c["service"] for c in children["contacts"]
        ]
        assert not any("MASH" in c["service"] for c in adults["contacts"])

    def test_need(self, run: Run) -> None:
        data = json.loads(run("contacts", "leeds", "--need", "mental-health", "--json").out)
        assert [c["service"] for c in data["contacts"]] == [
            "Mental health crisis (NHS 111, mental health option)",
            "NightOwls (overnight crisis support for children and young people)",
            "Mental Health Act assessments",
        ]
        text = run("contacts", "leeds", "--need", "mental-health").out
        assert text.splitlines()[1] == "In immediate danger, call 999."

    def test_an_unknown_need(self, run: Run) -> None:
        result = run("contacts", "leeds", "--need", "mental-heath")
        assert result.code == 1
        assert result.err.startswith(
            "Error: 'mental-heath' is not a need the contacts are filed under.\n"
            "Did you mean mental-health? Needs: "
        )
        assert all(t in result.err for t in TOPICS)


class TestOutput:
    def test_hackney_reads_in_order_at_80_columns(self, run: Run) -> None:
        out = run("contacts", "hackney").out
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= 80
        assert "\x1b" not in out
        assert lines[:3] == [
            "Hackney: referral contacts",
            "In immediate danger, call 999.",
            "    Source: Hackney Council, domestic abuse support (undated)",
        ]
        headings = [
            line
            for line in lines
            if line in ("Worried about a child?", "Worried about an adult?", "Specialist services")
        ]
        assert headings == [
            "Worried about a child?",
            "Worried about an adult?",
            "Specialist services",
        ]
        child = lines[
            lines.index("Worried about a child?") : lines.index("Worried about an adult?")
        ]
        services = [line for line in child if line.startswith("- ")]
        assert services == [
            "- Hackney MASH (Multi-Agency Safeguarding Hub), including the Early Help Hub",
            "- Hackney Emergency Duty Team",
        ]
        assert "    020 8356 5500 (office hours)" in child
        assert "    020 8356 2710 (out of hours)" in child
        footer = " ".join(lines[-5:])  # the last paragraph, wrapped to 80 columns
        assert footer.startswith("Check these numbers against your local procedures")
        assert footer.endswith("CHECK marks a number where sources disagree or may be out of date.")

    @pytest.mark.parametrize("area", sorted(AREAS))
    def test_every_area_fits_80_columns(self, run: Run, area: str) -> None:
        """Only a web address too long to break may stand alone on a longer line."""
        out = run("contacts", area, "--sources").out
        for line in out.splitlines():
            assert len(line) <= 80 or re.fullmatch(r"\s*(Web: )?https?://\S+", line), line

    def test_sources_flag_shows_addresses(self, run: Run) -> None:
        plain = run("contacts", "hackney").out
        full = run("contacts", "hackney", "--sources").out
        assert "https://education.hackney.gov.uk/content/child-protection" not in plain
        assert "https://education.hackney.gov.uk/content/child-protection" in full


BAD_AREA = """\
id: hackney
name: Local Hackney [bold]list[/]
aliases: []
children_partnership: {name: Our partnership}
adults_board: {name: Our board}
contacts:
  - service: "Duty team \\e[31m[red]urgent[/red]"
    for: children
    topics: [safeguarding]
    phones:
      - {number: "020 7946 0000"}
    source: {title: Our own list, date: "2026-01-05", ref: internal}
"""


class TestLocalFiles:
    def test_a_local_file_replaces_the_shipped_area_and_says_so(self, run: Run, home: Path) -> None:
        folder = home / "contacts"
        folder.mkdir(parents=True)
        (folder / "hackney.yaml").write_text(BAD_AREA.replace("\\e[31m", ""), encoding="utf-8")
        out = run("contacts", "hackney").out
        assert " ".join(out.split()).startswith(
            "Local Hackney [bold]list[/]: referral contacts Local file: "
            f"{folder / 'hackney.yaml'} (in place of the shipped contacts for this area)"
        )
        assert "020 7946 0000" in out
        assert "020 8356 5500" not in out

    def test_markup_and_escapes_print_literally(self, run: Run, home: Path) -> None:
        folder = home / "contacts"
        folder.mkdir(parents=True)
        (folder / "hackney.yaml").write_text(BAD_AREA, encoding="utf-8")
        out = run("contacts", "hackney").out
        assert "Local Hackney [bold]list[/]: referral contacts" in out
        assert "- Duty team \\x1b[31m[red]urgent[/red]" in out
        assert "\x1b" not in out

    def test_a_malformed_file_gives_a_precise_error(self, run: Run, tmp_path: Path) -> None:
        bad = (
            BAD_AREA.replace('"020 7946 0000"', '"0208 356 5500"')
            .replace("[safeguarding]", "[drugs]")
            .replace('    source: {title: Our own list, date: "2026-01-05", ref: internal}\n', "")
        )
        path = tmp_path / "hackney.yaml"
        path.write_text(bad, encoding="utf-8")
        result = run("validate", str(path))
        assert result.code == 1
        assert result.err.splitlines() == [
            f"{path}:7: contacts[0].source: required but missing",
            f"{path}:9: contacts[0].topics[0]: 'safeguarding', 'early-help', 'out-of-hours', "
            "'mental-health', 'domestic-abuse', 'substance-misuse', 'learning-disability', "
            "'police', 'family-information', 'carers' or 'housing' expected, not 'drugs'",
            f"{path}:11: contacts[0].phones[0].number: write '0208 356 5500' as '020 8356 5500'",
            "3 problems found.",
        ]

    def test_a_broken_local_file_warns_and_the_rest_still_work(self, run: Run, home: Path) -> None:
        folder = home / "contacts"
        folder.mkdir(parents=True)
        (folder / "leeds.yaml").write_text("id: leeds\nname: [\n", encoding="utf-8")
        result = run("contacts", "hackney")
        assert result.code == 0
        assert result.err.startswith(f"Warning: {folder / 'leeds.yaml'}:3: YAML syntax")


@pytest.mark.usefixtures("frozen")
class TestFromTheWalk:
    def test_concerns_about_others_show_the_areas_front_doors(self, run: Run, make_record) -> None:
        run("config", "set", "area", "Leeds")
        path = make_record("practitioner", "others-at-risk: partly\n")
        out = run("export", path.stem).out
        section = out.split("## Who to contact\n\n", 1)[1].split("\n\n## ", 1)[0]
        assert section.splitlines() == [
            "- In immediate danger, call 999 (The Leeds Approach to Think Family, Work Family "
            "(undated))",
            "- Duty and Advice Team (Front Door Safeguarding Hub): 0113 376 0336 "
            "(professionals; office hours; option 2); 0113 222 4403 (public) (Leeds Children's "
            "Services procedures, contacts and referrals (2023-02-09)) CHECK: sources disagree "
            "or may be out of date.",
            "- Children's Emergency Duty Team (EDT): 0113 535 0600 (out of hours) (Leeds "
            "Safeguarding Children Partnership, reporting a concern for practitioners "
            "(undated)) CHECK: sources disagree or may be out of date.",
            "- Adult Social Care (report neglect or abuse of an adult): 0113 222 4401 (office "
            "hours) (Leeds City Council, report neglect or abuse of an adult (undated)) CHECK: "
            "sources disagree or may be out of date.",  # its hours conflict (C-9, N13)
            "- Adult Social Care out of hours: 0113 378 0644 (out of hours) (Leeds City Council, "
            "report neglect or abuse of an adult (undated)) CHECK: sources disagree or may be "
            "out of date.",
        ]

    def test_no_concern_about_others_shows_no_contacts(self, run: Run, make_record) -> None:
        run("config", "set", "area", "Leeds")
        path = make_record("practitioner", "others-at-risk: yes\nwhole-family: no\n")
        assert "## Who to contact" not in run("export", path.stem).out

    def test_the_walk_summary_shows_them_too(self, run: Run, tmp_path: Path) -> None:
        run("config", "set", "area", "IOW")
        answers = tmp_path / "a.yaml"
        answers.write_text("identify: no\n", encoding="utf-8")
        out = run("check", "working-with-adults", "--answers", str(answers)).out
        tail = out.split("Who to contact in Isle of Wight:\n", 1)[1]
        items = [" ".join(item.split()) for item in tail.split("  - ")[1:]]
        assert items[0].startswith("In immediate danger, call 999")
        assert items[1].startswith(
            "Children's Services MASH (Multi-Agency Safeguarding Hub): "
            "01983 823435 (public; 24 hours; available 24 hours a day)"
        )
        assert not any("Adult" in item for item in items)
        assert all(len(line) <= 80 or "/" in line for line in out.splitlines())

    def test_without_an_area_it_says_how_to_set_one(self, run: Run, tmp_path: Path) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("domestic-abuse: present\n", encoding="utf-8")
        out = run("check", "family-factors", "--answers", str(answers)).out
        assert " ".join(out.split()).endswith(
            "No area is set: run `thinkfamily config set area NAME` to see who to contact "
            "about these concerns."
        )


# --- the content review's defects -------------------------------------------------


def test_s3_hackney_adults_have_phone_routes_in_the_referral_block() -> None:
    """Content review S3: the numbers the City & Hackney guidance gives for adults are shown
    as numbers, flagged for checking, in the block at the end of a walk and in the export; a
    form is shown with where to find it."""
    items = referral_items(referral(user_paths(), "hackney", ["adults"]))
    check = " CHECK: sources disagree or may be out of date."
    guidance = "City & Hackney, Think Family ... it's not just the thought that counts (undated)"
    assert items[1:] == [
        'Adult safeguarding (report a concern): Hackney Council\'s online "Report a concern" '
        "form, for the public and professionals; https://hackney.gov.uk/safeguarding-vulnerable-"
        "adults/ (Hackney Council, safeguarding vulnerable adults (2023-08-16))" + check,
        f"Adult Protection: 020 8356 5782 ({guidance})" + check,
        'Adult Social Care (information and assessment): "Ask for support" (the City & Hackney '
        "guidance calls it the ASC Request for Support Form); https://hackney.gov.uk/your-"
        "social-care-assessment/ (Hackney Council, your social care assessment (2020-10-25))"
        + check,
        f"Adult Social Care (phone): 020 8356 6262 ({guidance})" + check,
    ]


def test_s3_hackney_says_no_adult_out_of_hours_number_was_found(run) -> None:
    """Content review S3: the gap in Hackney's adult out-of-hours numbers is stated."""
    result = run("contacts", "hackney", "--for", "adults")
    assert result.code == 0
    assert "No Hackney page was found giving an out-of-hours number for adults" in " ".join(
        result.out.split()
    )


def _contact(area_id: str, service: str) -> Contact:
    areas, problems = load_areas(user_paths())
    assert problems == []
    (area,) = [a.area for a in areas if a.area.id == area_id]
    (contact,) = [c for c in area.contacts if c.service == service]
    return contact


CONTACT_DEFECTS = [
    # (ID, area, service, flagged CHECK, date shown, words its note must hold)
    (
        "C6",
        "southampton",
        "Adult Social Care (safeguarding concerns)",
        True,
        "undated",
        "staging-site copy",
    ),
    (
        "N10",
        "hampshire",
        "Hampshire Domestic Abuse advice line",
        None,
        None,
        "commissioned providers are Stop Domestic Abuse and the Hampton Trust",
    ),
    (
        "N12",
        "city-of-london",
        "Substance misuse (Turning Point)",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N12",
        "city-of-london",
        "Domestic Violence (Public Protection Unit)",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N12",
        "city-of-london",
        "Adult Learning Disability Service",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N12",
        "hackney",
        "Adult Learning Disability Service",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N12",
        "city-of-london",
        "Adult Mental Health (East London NHS Foundation Trust)",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N12",
        "hackney",
        "Adult Mental Health (East London NHS Foundation Trust)",
        True,
        "undated",
        "from the undated City & Hackney guidance alone",
    ),
    (
        "N13",
        "leeds",
        "Adult Social Care (report neglect or abuse of an adult)",
        True,
        None,
        "contacts research C-9",
    ),
    ("N14", "hackney", "National Domestic Abuse Helpline", None, None, "open 24 hours"),
    (
        "N15",
        "leeds",
        "Leeds domestic violence and abuse helpline",
        True,
        "2020-12-09",
        "2020 community-news report",
    ),
    (
        "N15",
        "portsmouth",
        "Housing Needs and Support (alternatives to refuge for domestic abuse victims)",
        True,
        "undated",
        "about 2020",
    ),
    (
        "N15",
        "portsmouth",
        "Police domestic abuse coordinators (Eastern Safeguarding Team)",
        True,
        "2020",
        "2020 Healthwatch page",
    ),
]


@pytest.mark.parametrize(
    ("defect", "area", "service", "flagged", "date", "noted"),
    CONTACT_DEFECTS,
    ids=[f"{row[0]}-{row[1]}-{n}" for n, row in enumerate(CONTACT_DEFECTS)],
)
def test_a_reviewed_contact_defect_stays_fixed(  # noqa: PLR0917 - one row each
    defect: str, area: str, service: str, flagged: bool | None, date: str | None, noted: str
) -> None:
    """Content review: each reviewed defect in a shipped contact stays fixed."""
    contact = _contact(area, service)
    if flagged is not None:
        assert contact.confirm is flagged, defect
    if date is not None:
        assert contact.source.date == date, defect
    assert normal(noted) in normal(contact.note or ""), defect
    if defect == "N14":
        assert [p.when for p in contact.phones] == ["24h"]
