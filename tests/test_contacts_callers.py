"""Contacts the way callers ask: places and other names, partnerships, every area, needs
in plain words, one line per number, out of hours now, and the services a walk's concerns
call for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thinkfamily import __version__
from thinkfamily.catalog import fold, load_areas, parse_area
from thinkfamily.paths import user_paths

from .conftest import REPO, Run

SHIPPED = sorted((REPO / "contacts").glob("*.yaml"))
HIPS = ["Hampshire", "Isle of Wight", "Portsmouth", "Southampton"]
PORTSMOUTH_999 = "Portsmouth, in immediate danger: 999 - Police (Hampshire Constabulary)"
PORTSMOUTH_OOH = (
    "Portsmouth, children, out of hours: 0300 555 1373 (check) - Emergency Duty Service "
    "(children, out of office hours)"
)


def _names() -> list[tuple[str, str, str]]:
    """(name, kind, area) for every name a shipped file gives."""
    found = []
    for path in SHIPPED:
        area = parse_area(path)
        found += [(n, g.kind, area.name) for g in area.places for n in g.names]
    return found


class TestPlaces:
    def test_southsea_answers_with_portsmouth_saying_why(self, run: Run) -> None:
        result = run("contacts", "southsea", "--for", "children")
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert lines[:2] == [
            "Portsmouth: referral contacts",
            "Southsea is in Portsmouth (Wikipedia, Old Portsmouth (undated)).",
        ]
        data = json.loads(run("contacts", "Southsea", "--json").out)
        assert (data["id"], data["matched"]["as"], data["matched"]["name"]) == (
            "portsmouth",
            "place",
            "Southsea",
        )

    @pytest.mark.parametrize(
        ("typed", "area"),
        [
            ("hants", "hampshire"),
            ("Pompey", "portsmouth"),
            ("iow", "isle-of-wight"),
            ("the square mile", "city-of-london"),
            ("Portsmouth City Council", "portsmouth"),
            ("portsmouth city", "portsmouth"),
            ("Hampshire County", "hampshire"),
            ("basingstoke", "hampshire"),
            ("Stoke Newington", "hackney"),
            ("ryde", "isle-of-wight"),
            ("Morley, West Yorkshire", "leeds"),
            ("portswood", "southampton"),
        ],
    )
    def test_other_names_and_places_answer_with_their_area(
        self, run: Run, typed: str, area: str
    ) -> None:
        result = run("contacts", typed, "--json")
        assert result.code == 0, result.err
        assert json.loads(result.out)["id"] == area

    @pytest.mark.parametrize(
        ("name", "kind", "area"),
        [n for n in _names() if n[1] not in ("partnership", "border")],
        ids=str,
    )
    def test_every_place_the_files_know_answers_with_its_own_area(
        self, run: Run, name: str, kind: str, area: str
    ) -> None:
        data = json.loads(run("contacts", name, "--json").out)
        assert (data["name"], data["matched"]["as"]) == (area, kind)

    def test_no_name_belongs_to_two_areas_unless_it_is_a_partnership(self) -> None:
        claimed: dict[str, set[str]] = {}
        for name, kind, area in _names():
            if kind != "partnership":
                claimed.setdefault(fold(name), set()).add(area)
        assert {n: a for n, a in claimed.items() if len(a) > 1} == {}
        partnerships = {fold(n) for n, kind, _ in _names() if kind == "partnership"}
        assert partnerships.isdisjoint(claimed)

    def test_every_place_group_cites_a_page_and_what_it_says(self) -> None:
        for path in SHIPPED:
            for group in parse_area(path).places:
                assert group.source.title
                assert group.source.ref, (path.stem, group.names)

    def test_shipped_files_give_no_uncited_other_names(self) -> None:
        assert [parse_area(p).aliases for p in SHIPPED] == [()] * len(SHIPPED)

    def test_a_typo_suggests_the_place_with_its_own_authority(self, run: Run) -> None:
        result = run("contacts", "southsee")
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            "Error: No contacts are known for 'southsee'.\n"
            "Did you mean Southsea (in Portsmouth)? Run `thinkfamily contacts` to list the "
            "areas and the places each covers.\n"
        )

    @pytest.mark.parametrize(
        ("typed", "offered"),
        [
            ("stoke", "Stoke Newington (in Hackney)"),
            ("stamford", "Stamford Hill (crosses into Hackney and Haringey)"),
            ("basing", "Basingstoke (in Hampshire)"),
            ("hip", "HIPS (Hampshire, Isle of Wight, Portsmouth, Southampton)"),
        ],
    )
    def test_the_start_of_a_place_is_offered_never_answered(
        self, run: Run, typed: str, offered: str
    ) -> None:
        """Stoke is Stoke-on-Trent to most callers, not Stoke Newington."""
        result = run("contacts", typed)
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            f"Error: No contacts are known for '{typed}'.\nDid you mean {offered}? Type the "
            "whole name. Run `thinkfamily contacts` to list the areas and the places each "
            "covers.\n"
        )

    @pytest.mark.parametrize("typed", ["hcc", "city council", "the island", "woolston"])
    def test_names_that_other_places_share_are_not_known(self, run: Run, typed: str) -> None:
        """HCC is also Hertfordshire County Council; any city has a city council; Woolston
        is also in Warrington."""
        result = run("contacts", typed, "--json")
        assert (result.code, result.out) == (1, "")
        assert result.err.startswith(f"Error: No contacts are known for '{typed}'.")

    def test_city_alone_is_not_the_city_of_london(self, run: Run) -> None:
        result = run("contacts", "city")
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            "Error: 'city' could be City & Hackney (City of London, Hackney) or City of London."
            "\nType more of the name.\n"
        )

    def test_a_start_shared_by_two_authorities_names_both(self, run: Run) -> None:
        result = run("contacts", "south")
        assert result.code == 1
        assert result.err == (
            "Error: 'south' could be South Hackney (crosses into Hackney and Tower Hamlets), "
            "Southampton or Southsea (in Portsmouth).\n"
            "Type more of the name.\n"
        )

    def test_a_partnership_is_not_one_area_for_the_settings(self, run: Run) -> None:
        result = run("config", "set", "area", "City and Hackney")
        assert result.code == 1
        assert result.err == (
            "Error: 'City and Hackney' is a partnership of City of London and Hackney, not "
            "one area.\nName one of them, such as City of London.\n"
        )


class TestManyAreas:
    def test_hips_answers_for_its_four_areas_one_line_each(self, run: Run) -> None:
        result = run("contacts", "HIPS", "--for", "children", "--need", "out of hours")
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        assert lines[0] == (
            "Hampshire, Isle of Wight, Portsmouth and Southampton, in immediate danger: 999"
        )
        assert [line.split(",")[0] for line in lines[1:] if "Mental health" not in line] == HIPS
        assert PORTSMOUTH_OOH in lines
        assert result.err.startswith(
            "HIPS is Hampshire, Isle of Wight, Portsmouth and Southampton (A Family Approach "
            "Guidance"
        )

    def test_no_area_with_a_need_answers_for_every_area(self, run: Run) -> None:
        result = run("contacts", "--need", "out-of-hours", "--for", "children")
        assert result.code == 0, result.err
        areas = [line.split(",")[0] for line in result.out.splitlines()]
        assert sorted(set(areas)) == sorted(parse_area(p).name for p in SHIPPED)
        assert PORTSMOUTH_OOH in result.out.splitlines()
        assert run("contacts", "all", "--need", "ooh", "--for", "child").out == result.out

    def test_a_partnership_with_no_need_gives_its_front_doors(self, run: Run) -> None:
        result = run("contacts", "city and hackney", "--for", "children")
        assert result.out.splitlines() == [
            "City of London and Hackney, in immediate danger: 999",
            "City of London, children, office hours: 020 7332 3621 - City of London Children "
            "and Families Team (referrals, Early Help and safeguarding)",
            "City of London, children, out of hours: 020 8356 2710 - Hackney Emergency Duty "
            "Team (covers City of London children out of hours)",
            "Hackney, children, office hours: 020 8356 5500 (check) - Hackney MASH "
            "(Multi-Agency Safeguarding Hub), including the Early Help Hub",
            "Hackney, children, out of hours: 020 8356 2710 - Hackney Emergency Duty Team",
        ]
        assert "add --need for other services" in result.err

    def test_json_gives_each_area(self, run: Run) -> None:
        data = json.loads(run("contacts", "hips", "--need", "ooh", "--json").out)
        assert [a["name"] for a in data] == HIPS
        assert all(a["matched"]["as"] == "partnership" for a in data)


class TestNeeds:
    @pytest.mark.parametrize(
        ("typed", "need"),
        [
            ("out of hours", "out-of-hours"),
            ("OOH", "out-of-hours"),
            ("Out-Of-Hours", "out-of-hours"),
            ("DA", "domestic-abuse"),
            ("domestic violence", "domestic-abuse"),
            ("drugs", "substance-misuse"),
            ("alcohol", "substance-misuse"),
            ("mental health", "mental-health"),
            ("young carers", "carers"),
        ],
    )
    def test_plain_words_name_a_need(self, run: Run, typed: str, need: str) -> None:
        plain = run("contacts", "leeds", "--need", typed, "--json")
        assert plain.code == 0, plain.err
        assert plain.out == run("contacts", "leeds", "--need", need, "--json").out
        assert all(need in c["topics"] for c in json.loads(plain.out)["contacts"])

    def test_an_unknown_need_lists_the_needs_and_the_plain_words(self, run: Run) -> None:
        result = run("contacts", "leeds", "--need", "mental-heath")
        assert result.code == 1
        assert result.err.startswith(
            "Error: 'mental-heath' is not a need the contacts are filed under.\n"
            "Did you mean mental-health? Needs: safeguarding, early-help"
        )
        assert "'ooh', 'DA', 'drugs'" in result.err

    def test_for_takes_child_and_adult(self, run: Run) -> None:
        assert run("contacts", "leeds", "--for", "child").out == (
            run("contacts", "leeds", "--for", "children").out
        )
        assert run("contacts", "leeds", "--for", "Adult", "--json").code == 0
        result = run("contacts", "leeds", "--for", "family")
        assert (result.code, result.err) == (
            1,
            "Error: --for 'family' is not one of the choices.\n"
            "Use --for children or --for adults.\n",
        )


class TestBrief:
    def test_one_copyable_line_per_number(self, run: Run) -> None:
        result = run("contacts", "portsmouth", "--for", "children", "--need", "ooh", "--brief")
        assert result.code == 0, result.err
        assert result.out.splitlines() == [
            PORTSMOUTH_999,
            PORTSMOUTH_OOH,
            "Portsmouth, children and adults, 24 hours: 111 - Mental health crisis (NHS 111)",
        ]
        assert result.err == ""  # in office hours, and Portsmouth is the area's own name

    def test_a_place_says_why_on_standard_error_only(self, run: Run) -> None:
        result = run("contacts", "pompey", "--for", "children", "--need", "ooh", "--brief")
        assert result.out.splitlines()[:2] == [PORTSMOUTH_999, PORTSMOUTH_OOH]
        assert result.err.startswith("Pompey is Portsmouth (The Guardian, Notes and Queries")


class TestOutOfHoursNow:
    """The clock is injected with THINKFAMILY_NOW, in UTC; England's clock may differ."""

    def _first_child_service(self, run: Run, at: str, monkeypatch: pytest.MonkeyPatch) -> str:
        monkeypatch.setenv("THINKFAMILY_NOW", at)
        out = run("contacts", "hampshire", "--for", "children").out.splitlines()
        return out[out.index("Worried about a child?") + 1]

    @pytest.mark.parametrize(
        ("at", "why"),
        [
            ("2026-12-05T10:00:00+00:00", "Saturday 10:00 in England, a weekend"),
            ("2026-12-02T19:30:00+00:00", "Wednesday 19:30 in England, outside office hours"),
            (
                "2026-12-28T11:00:00+00:00",
                "Monday 11:00 in England, a bank holiday (Boxing Day (observed))",
            ),
            # 16:45 BST on a Friday: Hampshire's front door closes at 4.30pm on Fridays.
            ("2026-07-03T15:45:00+00:00", "Friday 16:45 in England, outside office hours"),
            # 07:30 on a Monday: before 8.30am.
            ("2026-12-07T07:30:00+00:00", "Monday 07:30 in England, outside office hours"),
        ],
    )
    def test_out_of_hours_numbers_come_first_and_it_says_so(
        self, run: Run, monkeypatch: pytest.MonkeyPatch, at: str, why: str
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", at)
        result = run("contacts", "hampshire", "--for", "children")
        assert result.code == 0, result.err
        notice = " ".join(result.out.split("\nIn immediate danger")[0].splitlines()[1:])
        assert notice == f"Out of hours now: {why}. Out-of-hours numbers are listed first."
        assert self._first_child_service(run, at, monkeypatch) == (
            "- Children's Services out of hours  CHECK"
        )
        data = json.loads(run("contacts", "hampshire", "--json").out)
        assert data["now"]["out_of_hours"] is True

    @pytest.mark.parametrize(
        "at",
        [
            "2026-12-02T11:00:00+00:00",  # a Wednesday morning
            "2026-07-03T15:15:00+01:00",  # 15:15 BST on a Friday, before 4.30pm
        ],
    )
    def test_in_office_hours_the_office_numbers_come_first(
        self, run: Run, monkeypatch: pytest.MonkeyPatch, at: str
    ) -> None:
        assert self._first_child_service(run, at, monkeypatch) == (
            "- Children's Services (report child abuse; referrals go to the MASH)"
        )
        assert "Out of hours now" not in run("contacts", "hampshire").out
        data = json.loads(run("contacts", "hampshire", "--json").out)
        assert (data["now"]["out_of_hours"], data["now"]["why"]) == (False, None)

    def test_brief_puts_out_of_hours_lines_first(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-05T10:00:00+00:00")
        result = run("contacts", "hampshire", "--for", "children", "--brief")
        assert result.out.splitlines()[:2] == [
            "Hampshire, in immediate danger: 999 - Police (Hampshire Constabulary)",
            "Hampshire, children, out of hours: 0300 555 1373 (check) - Children's Services "
            "out of hours",
        ]
        assert result.err == (
            "Out of hours now: Saturday 10:00 in England, a weekend. Out-of-hours numbers are "
            "listed first.\n"
        )


class TestConcerns:
    def test_the_walk_and_the_export_list_the_services_for_the_factors_present(
        self, run: Run, make_record, home: Path
    ) -> None:
        run("config", "set", "area", "Hackney")
        answers = "domestic-abuse: present\nsubstance-misuse: present\n"
        path = make_record("family-factors", answers, "--case", "FF1")
        exported = run("export", path.stem).out
        assert (
            "- For domestic abuse: Domestic Abuse Intervention Service (DAIS): 020 8356 4458"
            in exported
        )
        assert "- For substance misuse: Substance misuse (Turning Point): 0345 144 0050" in exported
        again = home.parent / "answers-0.yaml"
        shown = run("check", "family-factors", "--case", "FF2", "--answers", str(again))
        text = " ".join(shown.out.split())
        assert "For domestic abuse: Domestic Abuse Intervention Service (DAIS)" in text
        assert "For substance misuse: Substance misuse (Turning Point)" in text

    def test_no_factor_present_lists_no_service(self, run: Run, make_record) -> None:
        run("config", "set", "area", "Hackney")
        path = make_record("family-factors", "domestic-abuse: absent\n", "--case", "FF3")
        assert "For domestic abuse" not in run("export", path.stem).out


class TestOutOfHoursWhereNoHoursAreStated:
    """Portsmouth's and Southampton's front doors state no office hours: a weekday night
    is still out of hours there."""

    @pytest.mark.parametrize("area", ["portsmouth", "southampton"])
    @pytest.mark.parametrize("audience", ["children", "adults"])
    def test_three_in_the_morning_on_a_tuesday(
        self, run: Run, monkeypatch: pytest.MonkeyPatch, area: str, audience: str
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-08T03:00:00+00:00")
        data = json.loads(run("contacts", area, "--for", audience, "--json").out)
        assert (data["now"]["out_of_hours"], data["now"]["why"]) == (True, "outside office hours")

    def test_portsmouth_at_night_puts_the_emergency_duty_service_first(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-08T03:00:00+00:00")
        out = run("contacts", "portsmouth", "--for", "children", "--brief").out.splitlines()
        assert out[:2] == [PORTSMOUTH_999, PORTSMOUTH_OOH]

    def test_hampshire_adults_at_night_take_the_childrens_hours(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-08T19:00:00+00:00")
        data = json.loads(run("contacts", "hampshire", "--for", "adults", "--json").out)
        assert data["now"]["out_of_hours"] is True


class TestDamagedCaches:
    @pytest.mark.parametrize(
        "kept",
        [
            '{"version": "%s", "2026": {}}',
            '{"version": "%s", "2026": {"2026-12-25": 5}}',
            '{"version": "%s", "2026": {"2025-12-25": "Christmas Day"}}',
            "not json",
            "[1, 2]",
        ],
    )
    def test_a_damaged_bank_holiday_cache_is_worked_out_again(
        self, run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, kept: str
    ) -> None:
        (home / "cache").mkdir(parents=True)
        (home / "cache" / "bank-holidays.json").write_text(
            kept.replace("%s", __version__), encoding="utf-8"
        )
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-25T10:00:00+00:00")
        data = json.loads(run("contacts", "hampshire", "--json").out)
        assert data["now"]["why"] == "a bank holiday (Christmas Day)"
        fixed = json.loads((home / "cache" / "bank-holidays.json").read_bytes())
        assert fixed["2026"]["2026-12-25"] == "Christmas Day"


def test_an_areas_own_name_wins_over_a_local_files_place(run: Run, home: Path) -> None:
    local = (REPO / "contacts" / "leeds.yaml").read_text(encoding="utf-8")
    local = local.replace("id: leeds\nname: Leeds\n", "id: testshire\nname: Testshire\n")
    local = local.replace(
        "places:\n",
        "places:\n  - kind: place\n    names: [Portsmouth]\n"
        "    source: {title: A test, date: undated, ref: none}\n",
        1,
    )
    (home / "contacts").mkdir(parents=True)
    (home / "contacts" / "testshire.yaml").write_text(local, encoding="utf-8")
    result = run("contacts", "portsmouth", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["id"] == "portsmouth"


class TestTheEndOfAWalk:
    FACTORS = "substance-misuse: present\ncaring-responsibilities: present\n"

    def _walk(self, run: Run, tmp_path: Path, area: str, case: str) -> str:
        run("config", "set", "area", area)
        answers = tmp_path / f"{case}.yaml"
        answers.write_text(self.FACTORS, encoding="utf-8")
        result = run("check", "family-factors", "--case", case, "--answers", str(answers))
        assert result.code == 0, result.err
        return " ".join(result.out.split())

    def test_out_of_hours_now_the_walk_ends_with_the_out_of_hours_service_first(
        self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("THINKFAMILY_NOW", "2026-12-13T03:00:00+00:00")  # a Sunday
        said = self._walk(run, tmp_path, "Hampshire", "N1")
        after = said.split("Who to contact in Hampshire:")[1].lstrip()
        assert after.startswith(
            "- Out of hours now: Sunday 03:00 in England, a weekend. Out-of-hours numbers "
            "are listed first. - In immediate danger, call 999"
        )
        assert after.index("Children's Services out of hours") < after.index(
            "Children's Services (report child abuse"
        )
        exported = run("export", "latest").out
        assert "Out of hours now" not in exported  # read later: the file's own order
        assert exported.index("Children's Services (report child abuse") < exported.index(
            "Children's Services out of hours"
        )

    def test_a_need_with_no_service_says_what_was_looked_for(
        self, run: Run, tmp_path: Path
    ) -> None:
        said = self._walk(run, tmp_path, "Portsmouth", "N2")
        assert (
            "- For substance misuse: no substance misuse or young carers number was found "
            "(contacts research P13)." in said
        )
        exported = run("export", "latest").out
        assert "- For carers: no substance misuse or young carers number was found" in exported

    def test_a_partnership_in_the_settings_is_named_as_one(
        self, run: Run, tmp_path: Path, home: Path
    ) -> None:
        said = self._walk(run, tmp_path, "Leeds", "N3")
        assert "Who to contact in Leeds:" in said
        (home / "config.toml").write_text('area = "HIPS"\n', encoding="utf-8")
        answers = tmp_path / "n5.yaml"
        answers.write_text(self.FACTORS, encoding="utf-8")
        out = run("check", "family-factors", "--case", "N5", "--answers", str(answers)).out
        assert (
            "'HIPS' is a partnership of several areas, not one: run `thinkfamily config set "
            "area NAME` to see who to contact about these concerns." in " ".join(out.split())
        )


class TestWhatCallersType:
    @pytest.mark.parametrize(
        ("typed", "area"),
        [
            ("Chandler\u2019s Ford", "hampshire"),
            ("chandlers ford", "hampshire"),
            ("I.O.W.", "isle-of-wight"),
        ],
    )
    def test_apostrophes_and_full_stops_do_not_matter(
        self, run: Run, typed: str, area: str
    ) -> None:
        assert json.loads(run("contacts", typed, "--json").out)["id"] == area

    @pytest.mark.parametrize(
        ("typed", "need"),
        [
            ("self harm", "mental-health"),
            ("suicide", "mental-health"),
            ("coercive control", "domestic-abuse"),
            ("drugs and alcohol", "substance-misuse"),
        ],
    )
    def test_the_factors_words_name_their_needs(self, run: Run, typed: str, need: str) -> None:
        plain = run("contacts", "leeds", "--need", typed, "--json").out
        assert plain == run("contacts", "leeds", "--need", need, "--json").out

    @pytest.mark.parametrize("option", ["--need", "--for"])
    def test_an_empty_filter_is_refused_not_ignored(self, run: Run, option: str) -> None:
        result = run("contacts", "leeds", option, "")
        assert (result.code, result.out) == (1, "")

    def test_a_long_name_is_not_repeated_whole(self, run: Run) -> None:
        result = run("contacts", "x" * 5000)
        assert result.code == 1
        assert result.err.splitlines()[0] == f"Error: No contacts are known for '{'x' * 57}...'."


@pytest.mark.parametrize("at", ["9999-12-31T23:30:00-05:00", "0001-01-01T00:30:00+01:00"])
def test_a_clock_past_the_last_year_is_refused_not_a_crash(
    run: Run, monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    monkeypatch.setenv("THINKFAMILY_NOW", at)
    result = run("contacts", "hampshire", "--brief")
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith(
        f"Error: THINKFAMILY_NOW is '{at}', which is outside the years 1 to 9999 here.\n"
    )


def test_an_areas_own_name_reads_only_its_own_file_and_the_local_ones(home: Path) -> None:
    """`contacts portsmouth` converts one shipped area, not seven (and still reads the
    local files, whose problems it says)."""
    paths = user_paths()
    assert [a.area.id for a in load_areas(paths, only="portsmouth")[0]] == ["portsmouth"]
    (home / "contacts").mkdir(parents=True)
    (home / "contacts" / "leeds.yaml").write_text("id: leeds\nname: [\n", encoding="utf-8")
    areas, problems = load_areas(paths, only="portsmouth")
    assert ([a.area.id for a in areas], len(problems)) == (["portsmouth"], 1)
    assert load_areas(paths, only="nowhere") == ([], [])
