"""Places people name, each placed in its area by the quote it cites (usability F11, content
A10): a place must appear in its quote, and the quote must name the area or council (or a
place the file already cites in it); a place that crosses a boundary is never answered with
one area, but with every authority it may be in."""

from __future__ import annotations

import json
import re

import pytest

from thinkfamily.catalog import fold, parse_area
from thinkfamily.models.contacts import Area, Places

from .conftest import REPO, Run

AREAS = [parse_area(path) for path in sorted((REPO / "contacts").glob("*.yaml"))]
GROUPS = [(area, group) for area in AREAS for group in area.places]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _in(name: str, text: str) -> bool:
    """Whether a name stands in a text as a word or words of it, case and marks aside."""
    return f" {_words(name)} " in f" {_words(text)} "


def _own_names(area: Area) -> list[str]:
    """What the quote of a place may call its area: the area's name and its other names."""
    others = [n for g in area.places if g.kind == "name" for n in g.names]
    return [area.name, *area.aliases, *others]


def _placed(area: Area) -> list[str]:
    """The places the file puts in the area with a quote that names the area itself."""
    own = _own_names(area)
    return [
        name
        for g in area.places
        if g.kind == "place" and any(_in(o, g.source.ref or "") for o in own)
        for name in g.names
    ]


def _stands_in(name: str, quote: str) -> bool:
    """A name stands in its quote; a qualified name ("Dalston, Hackney") when the place
    and its qualifier each do."""
    return all(_in(part, quote) for part in name.split(", "))


@pytest.mark.parametrize(
    ("area", "group"), GROUPS, ids=[f"{a.id}: {g.names[0]}" for a, g in GROUPS]
)
def test_each_name_stands_in_the_quote_it_cites(area: Area, group: Places) -> None:
    assert [n for n in group.names if not _stands_in(n, group.source.ref or "")] == []


@pytest.mark.parametrize(
    ("area", "group"),
    [(a, g) for a, g in GROUPS if g.kind == "place"],
    ids=[f"{a.id}: {g.names[0]}" for a, g in GROUPS if g.kind == "place"],
)
def test_a_places_quote_names_its_area(area: Area, group: Places) -> None:
    """A place moved to another area's file fails: its quote names the area it is in."""
    ref = group.source.ref or ""
    assert any(_in(name, ref) for name in [*_own_names(area), *_placed(area)]), ref


BORDERS = [(a, g) for a, g in GROUPS if g.kind == "border"]


@pytest.mark.parametrize(("area", "group"), BORDERS, ids=[g.names[0] for _, g in BORDERS])
def test_a_border_names_every_authority_in_its_quote_and_its_own_area(
    area: Area, group: Places
) -> None:
    ref = group.source.ref or ""
    assert [a for a in group.authorities if not _in(a, ref)] == []
    here = [*_own_names(area), *_placed(area)]
    assert any(_in(a, " ".join(here)) for a in group.authorities)


def test_no_name_belongs_to_two_areas_or_is_a_place_and_a_border() -> None:
    seen: dict[str, list[str]] = {}
    for area, group in GROUPS:
        if group.kind == "partnership":
            continue
        for name in group.names:
            seen.setdefault(fold(name), []).append(f"{area.id} {group.kind}")
    assert {n: where for n, where in seen.items() if len(set(where)) > 1} == {}


NOT_COVERED = (
    "For Tower Hamlets or Islington, which these files do not cover, ask the council that now "
    "runs children's and adults' social care there (the source names councils as they were "
    "when it was made)."
)


class TestLookUp:
    @pytest.mark.parametrize(
        ("typed", "said", "first"),
        [
            (
                "Shoreditch",
                "Shoreditch crosses a boundary: it may be in Hackney, Tower Hamlets or "
                "Islington (Wikipedia, Shoreditch (undated)). Find out which council the home "
                "is in. These files cover Hackney: their contacts follow. " + NOT_COVERED,
                "Hackney, in immediate danger: 999 - Police",
            ),
            (
                "PO7 5AB",
                "PO7 5AB is in PO7, which crosses a boundary: it may be in East Hampshire "
                "(Hampshire), Havant (Hampshire), Portsmouth or Winchester (Hampshire) (UK "
                "Health Security Agency, NHS COVID-19 app (Android), local authorities of each "
                "postcode district (undated)). Find out which council the home is in. These "
                "files cover Hampshire and Portsmouth: their contacts follow.",
                "Hampshire and Portsmouth, in immediate danger: 999",
            ),
        ],
    )
    def test_a_place_across_a_boundary_names_every_council_and_guesses_none(
        self, run: Run, typed: str, said: str, first: str
    ) -> None:
        """It answers, 999 first, with the contacts of every council the files cover of
        those it may be in, each line naming its area, and says which councils it may be."""
        result = run("contacts", typed, "--for", "children")
        assert result.code == 0, result.err
        assert result.err.splitlines()[0] == said
        lines = result.out.splitlines()
        assert lines[0] == first
        if NOT_COVERED in said:  # on standard output too, so a copied list is never whole
            assert lines.pop() == f"{typed}: {NOT_COVERED}"
        covered = first.split(", in immediate", maxsplit=1)[0].split(" and ")
        assert all(line.split(",")[0] in covered for line in lines[1:])
        data = json.loads(run("contacts", typed, "--json").out)
        assert [(a["name"], a["matched"]["as"]) for a in data] == [(c, "border") for c in covered]

    def test_a_place_across_a_boundary_is_not_a_setting(self, run: Run) -> None:
        result = run("config", "set", "area", "Shoreditch")
        assert (result.code, result.err) == (
            1,
            "Error: 'Shoreditch' crosses a boundary: it may be in Hackney, Tower Hamlets or "
            "Islington, not one area.\nName the council the home is in.\n",
        )

    @pytest.mark.parametrize(
        ("typed", "offered"),
        [
            ("alton", "Alton, Hampshire (in Hampshire)"),
            ("Dalston", "Dalston, London (in Hackney)"),
            ("farlington", "Farlington, Portsmouth (in Portsmouth)"),
        ],
    )
    def test_a_name_shared_with_places_elsewhere_is_offered_with_its_area(
        self, run: Run, typed: str, offered: str
    ) -> None:
        result = run("contacts", typed)
        assert result.code == 1
        assert f"Did you mean {offered}? Type the whole name." in result.err

    @pytest.mark.parametrize(
        ("typed", "area"),
        [
            ("Headingley", "Leeds"),
            ("Alton, Hampshire", "Hampshire"),
            ("alton hampshire", "Hampshire"),
            ("Chapeltown, Leeds", "Leeds"),
            ("Brownswood", "Hackney"),
            ("Bitterne", "Southampton"),
        ],
    )
    def test_a_cited_place_answers_with_its_area(self, run: Run, typed: str, area: str) -> None:
        result = run("contacts", typed)
        assert result.code == 0, result.err
        assert result.out.splitlines()[0] == f"{area}: referral contacts"


class TestPostcodes:
    @pytest.mark.parametrize(
        ("typed", "area"),
        [("LS7", "Leeds"), ("ls7 3ab", "Leeds"), ("PO4", "Portsmouth"), ("E8", "Hackney")],
    )
    def test_a_district_wholly_in_an_area_answers_with_it(
        self, run: Run, typed: str, area: str
    ) -> None:
        result = run("contacts", typed, "--for", "children", "--brief")
        assert result.code == 0, result.err
        assert result.out.splitlines()[0].startswith(f"{area}, in immediate danger: 999")
        district = typed.split(maxsplit=1)[0].upper()
        assert result.err.startswith(
            f"{district} is in {area} (UK Health Security Agency, NHS COVID-19 app (Android)"
        )

    def test_a_district_no_file_lists_is_not_guessed(self, run: Run) -> None:
        result = run("contacts", "EC2M")
        assert (result.code, result.out) == (1, "")
        assert result.err.startswith("Error: No contacts are known for 'EC2M'.")


def _known_as(area: Area) -> list[str]:
    """Every name the file gives the area or a place in it."""
    return [*_own_names(area), *(n for g in area.places if g.kind == "place" for n in g.names)]


@pytest.mark.parametrize(
    ("area", "group"),
    [(a, g) for a, g in GROUPS if any(", " in n for n in g.names)],
    ids=[g.names[0] for a, g in GROUPS if any(", " in n for n in g.names)],
)
def test_a_qualified_names_qualifier_is_not_another_areas(area: Area, group: Places) -> None:
    """ "Hythe, Hampshire" moved into Southampton's file must fail: a qualifier names the
    area, one of its places, or somewhere wider that no other area's file claims."""
    others = [fold(n) for other in AREAS if other.id != area.id for n in _known_as(other)]
    wrong = [
        name
        for name in group.names
        if ", " in name
        and fold(name.split(", ", 1)[1]) in others
        and fold(name.split(", ", 1)[1]) not in [fold(n) for n in _known_as(area)]
    ]
    assert wrong == []


def test_no_quote_places_names_in_two_areas() -> None:
    """A page's words place a name in one area: the same quote citing places in two files
    means one of them was copied there (a Portsmouth group citing Fareham's page)."""
    seen: dict[str, set[str]] = {}
    for area, group in GROUPS:
        if group.kind == "place":
            seen.setdefault(" ".join((group.source.ref or "").split()), set()).add(area.id)
    assert {ref[:80]: ids for ref, ids in seen.items() if len(ids) > 1} == {}


_ROW = re.compile(r'"([A-Z]{1,2}\d[A-Z\d]?)":\[([^\]]*)\]')
_COUNCIL = re.compile(r'"(E\d{8})":\{"name":"([^"]+)"')


@pytest.mark.parametrize(
    ("area", "group"),
    [(a, g) for a, g in GROUPS if g.kind == "place" and _ROW.search(g.source.ref or "")],
    ids=[g.names[0] for a, g in GROUPS if g.kind == "place" and _ROW.search(g.source.ref or "")],
)
def test_a_postcode_district_in_one_area_has_no_other_council_in_its_row(
    area: Area, group: Places
) -> None:
    """A district the data lists with a council the area is not (a border made a place:
    BH23 with Dorset) fails: every council in its row is the area or a place in it."""
    ref = group.source.ref or ""
    councils = dict(_COUNCIL.findall(ref))
    own = [fold(n) for n in _known_as(area)]
    for district, codes in _ROW.findall(ref):
        names = [councils[c] for c in re.findall(r'"(E\d{8})"', codes)]
        assert all(fold(n) in own or fold(f"{n} District") in own for n in names), district


def test_no_page_places_names_in_two_areas() -> None:
    """A page that places a name in one area is not cited for a place of another (a
    Portsmouth group citing Fareham's council page, whose words name Portsmouth as a
    neighbour, must fail). The postcode data, which names every council, is checked by
    its rows instead."""
    cited: dict[str, set[str]] = {}
    for area, group in GROUPS:
        if group.kind == "place" and group.source.url and not _ROW.search(group.source.ref or ""):
            cited.setdefault(group.source.url, set()).add(area.id)
    assert {url: ids for url, ids in cited.items() if len(ids) > 1} == {}


def test_a_name_left_out_stands_nowhere_alone() -> None:
    """A name a file leaves out because places elsewhere share it (Farnborough, Dalston)
    is never a place, another name or a border alone, in any file."""
    left = {fold(n) for a in AREAS for n in a.left_out}
    assert all(a.left_out for a in AREAS)
    alone = [n for _, g in GROUPS for n in g.names if g.kind != "partnership" and fold(n) in left]
    assert alone == []
