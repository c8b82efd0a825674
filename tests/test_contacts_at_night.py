"""A duty worker at night: who to ring now, for a child or for an adult (usability F1).

At 22:30 on a Saturday, `contacts AREA --brief` starts with 999, keeps each number's note,
says "hours not stated" of a number no source gives hours for, lists a service that a
source says also covers the area (flagged CHECK, with the reason), and ends with what was
looked for and not found. The full view and `--json` are built from the same model, so
each shows the same safety lines.
"""

from __future__ import annotations

import json

import pytest

from thinkfamily.catalog import parse_area
from thinkfamily.models.contacts import Area, NotFound

from .conftest import REPO, Run

SATURDAY_NIGHT = "2026-12-12T22:30:00+00:00"  # GMT in December: 22:30 in England
AREAS = [parse_area(path) for path in sorted((REPO / "contacts").glob("*.yaml"))]
FOR = {"children": "children", "adults": "adults", "both": "children and adults"}
AUDIENCES = ["children", "adults"]


@pytest.fixture
def night(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINKFAMILY_NOW", SATURDAY_NIGHT)


def _not_found(area: Area, audience: str) -> list[NotFound]:
    return [n for n in area.not_found if n.for_ in (audience, "both")]


def _police(area: Area) -> str:
    (service,) = [c.service for c in area.contacts if any(p.number == "999" for p in c.phones)]
    return service


def _brief(run: Run, *args: str) -> list[str]:
    result = run("contacts", *args, "--brief")
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.mark.usefixtures("night")
class TestBriefAtNight:
    @pytest.mark.parametrize("audience", AUDIENCES)
    @pytest.mark.parametrize("area", AREAS, ids=[a.id for a in AREAS])
    def test_starts_with_999_and_ends_with_what_was_not_found(
        self, run: Run, area: Area, audience: str
    ) -> None:
        lines = _brief(run, area.id, "--for", audience)
        assert lines[0] == f"{area.name}, in immediate danger: 999 - {_police(area)}"
        missing = [
            f"{area.name}, {FOR[n.for_]}: no {n.what} was found ({n.ref})"
            for n in _not_found(area, audience)
        ]
        assert lines[len(lines) - len(missing) :] == missing
        assert [line for line in lines if ": 999" in line] == lines[:1]

    def test_hackneys_emergency_housing_line_keeps_its_note_after_the_adult_front_doors(
        self, run: Run
    ) -> None:
        lines = _brief(run, "hackney", "--for", "adults")
        housing = "020 8356 2300"
        assert [line for line in lines if housing in line] == [
            f"Hackney, adults, out of hours: {housing} (emergency housing) (check) - "
            "Domestic Abuse Intervention Service (DAIS)"
        ]
        front_doors = [i for i, line in enumerate(lines) if "Adult Protection" in line]
        housing_at = next(i for i, line in enumerate(lines) if housing in line)
        assert front_doors
        assert housing_at > max(front_doors)

    def test_a_number_with_no_stated_hours_says_so_out_of_hours(self, run: Run) -> None:
        assert (
            "Portsmouth, adults: 023 9268 0810 (hours not stated) - Adult MASH (Portsmouth "
            "Adult Safeguarding Team)"
        ) in _brief(run, "southsea", "--for", "adults")
        full = " ".join(run("contacts", "portsmouth", "--for", "adults").out.split())
        assert "023 9268 0810 (hours not stated)" in full

    @pytest.mark.parametrize("name", ["Portsmouth", "Southampton"])
    def test_the_hampshire_service_that_covers_the_areas_adults_is_listed_flagged(
        self, run: Run, name: str
    ) -> None:
        why = (
            f"on a Hampshire County Council page that lists {name} adults as covered; no "
            f"{name} page was found giving it for adults"
        )
        service = f"Hampshire County Council out-of-hours service (covers {name} adults)"
        lines = _brief(run, name, "--for", "adults")
        assert lines[1] == (
            f"{name}, adults, out of hours: 0300 555 1373 (professionals) (check: {why}) - "
            f"{service}"
        )
        full = " ".join(run("contacts", name, "--for", "adults").out.split())
        assert (
            f"- {service} CHECK Why check: {why} 0300 555 1373 (professionals; out of hours)"
            in (full)
        )
        shown = json.loads(run("contacts", name, "--for", "adults", "--json").out)["shown"]
        assert (shown[0]["service"], shown[0]["check"]) == (service, why)


class TestOfficeHours:
    def test_a_number_with_no_stated_hours_is_not_flagged_in_office_hours(self, run: Run) -> None:
        lines = _brief(run, "portsmouth", "--for", "adults")
        assert (
            "Portsmouth, adults: 023 9268 0810 - Adult MASH (Portsmouth Adult Safeguarding Team)"
        ) in lines
        assert "hours not stated" not in "\n".join(lines)


@pytest.mark.parametrize("at", ["office hours", SATURDAY_NIGHT])
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("area", AREAS, ids=[a.id for a in AREAS])
def test_every_safety_line_is_in_the_full_view_the_brief_and_the_json(
    run: Run, monkeypatch: pytest.MonkeyPatch, area: Area, audience: str, at: str
) -> None:
    """999, each "not found" and each CHECK, from the area's file, in all three views."""
    if at != "office hours":
        monkeypatch.setenv("THINKFAMILY_NOW", at)
    args = ("contacts", area.id, "--for", audience)
    full = " ".join(run(*args).out.split())
    brief = _brief(run, *args[1:])
    data = json.loads(run(*args, "--json").out)

    assert "In immediate danger, call 999." in full
    assert brief[0].startswith(f"{area.name}, in immediate danger: 999")
    assert [p["number"] for e in data["emergency"] for p in e["phones"]] == ["999"]

    for missing in _not_found(area, audience):
        assert f"No {missing.what} was found ({missing.ref})." in full
        assert f"{area.name}, {FOR[missing.for_]}: no {missing.what} was found ({missing.ref})" in (
            brief
        )
        assert {"what": missing.what, "ref": missing.ref}.items() <= next(
            n for n in data["not_found"] if n["what"] == missing.what
        ).items()

    checked = [c for c in area.contacts if c.confirm and c.for_ in (audience, "both")]
    assert checked, "every area has a number to check"
    for contact in checked:
        assert f"- {contact.service} CHECK" in full
        assert any(" (check" in b and b.endswith(f" - {contact.service}") for b in brief)
        (shown,) = [s for s in data["shown"] if s["service"] == contact.service]
        assert shown["check"]


class TestNeedWords:
    def test_an_audience_given_as_a_need_says_to_use_for(self, run: Run) -> None:
        result = run("contacts", "leeds", "--need", "adult")
        assert (result.code, result.err) == (
            1,
            "Error: 'adult' is who a contact is for, not a need.\nUse --for adults.\n",
        )
        assert run("contacts", "leeds", "--need", "Children").err.endswith("Use --for children.\n")

    @pytest.mark.parametrize(
        ("typed", "same_as"),
        [
            ("adult safeguarding", ("--need", "safeguarding", "--for", "adults")),
            ("Safeguarding adults", ("--need", "safeguarding", "--for", "adults")),
            ("child safeguarding", ("--need", "safeguarding", "--for", "children")),
            ("social services", ("--need", "safeguarding")),
            ("emergency", ("--need", "out-of-hours")),
            ("perinatal", ("--need", "mental-health")),
            ("postnatal depression", ("--need", "mental-health")),
        ],
    )
    def test_common_words_read_as_the_contacts_own_needs(
        self, run: Run, typed: str, same_as: tuple[str, ...]
    ) -> None:
        result = run("contacts", "leeds", "--need", typed, "--json")
        assert result.code == 0, result.err
        assert result.out == run("contacts", "leeds", *same_as, "--json").out

    def test_a_word_wider_than_the_files_says_what_it_is_read_as(self, run: Run) -> None:
        result = run("contacts", "hackney", "--need", "perinatal", "--brief")
        assert result.err.startswith(
            "No service in the files names perinatal or postnatal care; these are the mental "
            "health services.\n"
        )
        assert "Adult Mental Health (East London NHS Foundation Trust)" in result.out

    def test_a_need_about_adults_with_for_children_is_refused(self, run: Run) -> None:
        result = run("contacts", "leeds", "--need", "adult safeguarding", "--for", "children")
        assert (result.code, result.err) == (
            1,
            "Error: --need 'adult safeguarding' is about adults, but --for children was "
            "given.\nLeave out --for, or use --for adults.\n",
        )
