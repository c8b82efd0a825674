"""Which areas a name means: an area, a place in one, another name for it, a partnership,
a postcode, or a place across a boundary, each with the page that says so."""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from thinkfamily.catalog import LoadedArea, fold
from thinkfamily.contacts.needs import shortened
from thinkfamily.errors import NotFoundError, ThinkFamilyError
from thinkfamily.models.contacts import (
    Places,
)

_LISTING = "Run `thinkfamily contacts` to list the areas and the places each covers."
# Words a caller adds to an area's own name: "Portsmouth City Council", "Hampshire County".
COUNCIL_WORDS = ("city council", "county council", "borough council", "council", "city", "county")


class Located(NamedTuple):
    """The areas a typed name answers for, and how: the area's own name or id (`area`),
    another name for it (`name`), somewhere in it (`place`), a partnership of several
    (`partnership`), a place across a boundary (`border`: the areas the files cover of
    the councils it may be in), or every area (`all`). `label` and `source` are the
    file's words; `authorities` are a border's councils, each with the area the files
    know it as (None for a council they do not cover)."""

    items: list[LoadedArea]
    typed: str
    kind: str
    label: str
    source: Places | None = None
    authorities: tuple[tuple[str, str | None], ...] = ()


class _Name(NamedTuple):
    item: LoadedArea
    kind: str
    label: str
    group: Places | None


def _names(areas: list[LoadedArea]) -> dict[str, list[_Name]]:

    index: dict[str, list[_Name]] = {}
    for item in areas:
        area = item.area
        labels = [_Name(item, "area", area.id, None), _Name(item, "area", area.name, None)]
        labels += [_Name(item, "name", alias, None) for alias in area.aliases]
        labels += [_Name(item, g.kind, n, g) for g in area.places for n in g.names]
        for name in labels:
            entries = index.setdefault(fold(name.label), [])
            if all(e.item is not item for e in entries):
                entries.append(name)
    return index


def shown_name(name: _Name, index: dict[str, list[_Name]]) -> str:
    """How a candidate is offered: the area, or the place with its area."""

    if name.kind == "place":
        return f"{name.label} (in {name.item.area.name})"
    if name.kind == "partnership":
        members = sorted(e.item.area.name for e in index[fold(name.label)])
        return f"{name.label} ({', '.join(members)})"
    if name.kind == "name":
        return f"{name.label} ({name.item.area.name})"
    if name.kind == "border" and name.group is not None:
        return f"{name.label} (crosses into {either(list(name.group.authorities), 'and')})"
    return name.item.area.name


def _candidates(entries: list[_Name]) -> list[_Name]:
    """One entry per area a start could mean (its own name when that matches, else its
    shortest place or name), and one per partnership."""
    chosen: dict[object, _Name] = {}
    for entry in sorted(entries, key=lambda e: (e.kind != "area", len(e.label))):
        key = entry.label if entry.kind == "partnership" else id(entry.item)
        chosen.setdefault(key, entry)
    return list(chosen.values())


def _located(typed: str, found: list[_Name]) -> Located:
    first = found[0]
    if len(found) > 1 and first.kind != "partnership":  # two local files claim one name
        areas = " or ".join(sorted(f.item.area.name for f in found))
        raise ThinkFamilyError(
            f"'{typed}' is a name in more than one area's file: {areas}.",
            hint="Type the area's own name.",
        )
    items = sorted((f.item for f in found), key=lambda item: item.area.name)
    return Located(items, typed, first.kind, first.label, first.group)


def locate(areas: list[LoadedArea], typed: str) -> Located:
    """The areas `typed` means: an area's name, id or other name, a place in it, or a
    partnership, exactly or by a unique start. A place the files know always answers with
    its own area; a name nothing matches is refused, with near names and their areas."""

    wanted = fold(postcode_district(typed) or typed)
    typed = shortened(typed)  # as the messages below repeat it
    index = _names(areas)
    if wanted in index:  # an area's own name or id wins over another file's place
        exact = index[wanted]
        own = [e for e in exact if e.kind == "area"]
        borders = [(e.label, e.group) for e in exact if e.kind == "border" and e.group]
        if borders and not own:
            return _across_a_border(typed, *borders[0], index)
        return _located(typed, own or exact)
    for words in COUNCIL_WORDS:  # "Portsmouth City Council": the area's own name and more
        base = wanted.removesuffix(f" {words}")
        own = [e for e in index.get(base, []) if e.kind == "area"]
        if base != wanted and own:
            return _located(typed, own)
    starts = [e for label in index if wanted and label.startswith(wanted) for e in index[label]]
    if starts:
        # The start of an area's own name answers when it means that area alone; the start
        # of a place never does ("stoke" is not Stoke Newington): it is offered instead.
        own = [e for e in starts if e.kind == "area"]
        if own and len({id(e.item) for e in starts}) == 1:
            return _located(typed, own[:1])
        candidates = sorted(shown_name(e, index) for e in _candidates(starts))
        if len(candidates) > 1:
            raise ThinkFamilyError(
                f"'{typed}' could be {either(candidates)}.", hint="Type more of the name."
            )
        raise NotFoundError(
            f"No contacts are known for '{typed}'.",
            hint=f"Did you mean {candidates[0]}? Type the whole name. {_LISTING}",
        )

    close = difflib.get_close_matches(wanted, list(index), n=3, cutoff=0.8)
    offered = sorted({shown_name(e, index) for c in close for e in index[c]})
    hint = f"Did you mean {either(offered)}? " if offered else ""
    raise NotFoundError(f"No contacts are known for '{typed}'.", hint=f"{hint}{_LISTING}")


# A full postcode: the district (outward code), a space or none, then the inward code.
_POSTCODE = re.compile(r"\s*([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\s*")


def postcode_district(typed: str) -> str | None:
    """The postcode district of a full postcode ("LS7 3AB" is in LS7); None for other text.
    The contacts are filed by district, the finest grain a source places in one council."""
    match = _POSTCODE.fullmatch(typed)
    return match[1].upper() if match else None


def _across_a_border(
    typed: str, label: str, group: Places, index: dict[str, list[_Name]]
) -> Located:
    """A place that lies in several councils answers with none of them alone: with every
    council it may be in, and the contacts of those the files cover."""

    authorities = []
    covered: list[LoadedArea] = []
    for authority in group.authorities:
        # A district council a file names as "Hart District" is "Hart" in other sources.
        entries = index.get(fold(authority)) or index.get(fold(f"{authority} District"), [])
        items = {id(e.item): e.item for e in entries if e.kind != "border"}
        item = next(iter(items.values())) if len(items) == 1 else None
        authorities.append((authority, item.area.name if item else None))
        if item is not None and all(c is not item for c in covered):
            covered.append(item)
    covered.sort(key=lambda i: i.area.name)
    return Located(covered, typed, "border", label, group, tuple(authorities))


def either(names: list[str], last: str = "or") -> str:
    """`A`, `A or B`, `A, B or C` (or with `last` "and": `A, B and C`)."""
    return f" {last} ".join([", ".join(names[:-1]), names[-1]] if names[2:] else names)


def area_id(typed: str) -> str:
    """The id an area's own name would have (`Isle of Wight` is `isle-of-wight`)."""

    return fold(typed).replace(" ", "-")


def is_all(typed: str) -> bool:
    return typed.strip().casefold() in ("all", "every", "everywhere")


def find_area(areas: list[LoadedArea], typed: str) -> LoadedArea:
    """The one area a name means (a partnership is refused: it names several)."""
    found = locate(areas, typed)
    if found.kind == "border":
        names = either(
            [a if area in (None, a) else f"{a} ({area})" for a, area in found.authorities]
        )
        raise ThinkFamilyError(
            f"'{typed}' crosses a boundary: it may be in {names}, not one area.",
            hint="Name the council the home is in.",
        )
    if len(found.items) > 1:
        names = either([i.area.name for i in found.items], "and")
        raise ThinkFamilyError(
            f"'{typed}' is a partnership of {names}, not one area.",
            hint=f"Name one of them, such as {found.items[0].area.name}.",
        )
    return found.items[0]
