"""The files a user can look up: checklists, contact areas, guides and the glossary.

Shipped files come with the tool; users add their own checklists and contact areas in
their config folder. Everything is loaded through the cache in `loading`, and found by
what the user typed with one lookup (`find`): exact, alias, accent- and case-blind, or
a unique start, with the nearest names when nothing matches.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from .errors import LoadError, NotFoundError, ThinkFamilyError
from .loading import CHECKLISTS, CONTACTS, GLOSSARY, GUIDES, Cache, load_file, yaml_files
from .models.checklist import Checklist
from .models.contacts import Area
from .models.guides import GlossaryEntry, Guide
from .paths import Paths, shipped_dir

T = TypeVar("T")


# --- finding what a user meant -------------------------------------------------------


def fold(text: str) -> str:
    """Case-, accent-, space-, hyphen-, comma-, apostrophe- and full-stop-insensitive form of a
    name."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in "'\u2019.":  # an apostrophe, typed or curly, and full stops: I.O.W. is IOW
        plain = plain.replace(mark, "")
    for mark in "-,":  # "Alton, Hampshire" is "Alton Hampshire"
        plain = plain.replace(mark, " ")
    return " ".join(plain.casefold().replace("&", " and ").split())


def find(
    items: Iterable[T],
    typed: str,
    labels: Callable[[T], Iterable[str]],
    shown: Callable[[T], str],
    *,
    missing: str,
    listing: str,
    command: str | None = None,
) -> T:
    """The one item whose label matches `typed`, exactly or by a unique start.

    Raises a ThinkFamilyError naming the candidates when a label several items share, or
    a start, is ambiguous ("raise a concern": a child or an adult), and a NotFoundError
    (`missing`, with `{typed}` filled in) with the nearest names when nothing matches.
    """
    wanted = fold(typed)
    names: dict[str, list[T]] = {}
    for item in items:
        for label in labels(item):
            having = names.setdefault(fold(label), [])
            if all(other is not item for other in having):
                having.append(item)
    found: dict[int, T] = {id(item): item for item in names.get(wanted, [])}
    if not found:
        found = {
            id(item): item
            for label, having in names.items()
            if wanted and label.startswith(wanted)
            for item in having
        }
    if len(found) == 1:
        return next(iter(found.values()))
    if len(found) > 1:
        named = sorted(shown(item) for item in found.values())
        hint = "Type more of the name."
        if command:  # "Read one with: thinkfamily guide A, or thinkfamily guide B."
            hint = f"Read one with: {', or '.join(command.format(n) for n in named)}."
        raise ThinkFamilyError(f"'{typed}' could be {' or '.join(named)}.", hint=hint)

    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    suggestions = sorted({shown(item) for c in close for item in names[c]})
    hint = f"Did you mean {' or '.join(suggestions)}? " if suggestions else ""
    raise NotFoundError(missing.format(typed=typed), hint=f"{hint}{listing}")


# --- checklists ----------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """A checklist with the file it came from."""

    checklist: Checklist
    path: Path
    shipped: bool
    digest: str | None = None  # the SHA-256 the cache keeps of the bytes it was read from

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of the checklist file, which records and drafts carry."""
        if self.digest:
            return self.digest

        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def parse_checklist(path: Path) -> Checklist:
    """Validate one checklist file (no cache); every problem found is in the LoadError."""
    return load_file(CHECKLISTS, path)[0]


class Catalog:
    """The checklists a user can run: the shipped ones plus their own folder."""

    def __init__(self, paths: Paths, shipped: Path | None = None) -> None:
        self.shipped_dir = shipped if shipped is not None else shipped_dir("checklists")
        self.user_dir = paths.user_checklists
        self.cache = Cache(paths.cache, CHECKLISTS)
        self.clashes: dict[str, str] = {}  # id -> why the user's file of that id is left out

    def files(self) -> dict[str, tuple[Path, bool]]:
        """Checklist id -> (file, shipped?); a user file may not reuse a shipped id."""
        shipped = yaml_files(self.shipped_dir)
        if not shipped:
            raise LoadError(
                [
                    (
                        f"{self.shipped_dir}: no shipped checklists found; the installation "
                        "is incomplete, reinstall thinkfamily"
                    )
                ]
            )
        user = yaml_files(self.user_dir)
        # A user file that reuses a shipped id is left out, and named whenever that id is
        # asked for or every checklist listed; the others all still work.
        self.clashes = {
            cid: f"{user.pop(cid)}: the id '{cid}' is already used by the shipped checklist "
            f"{shipped[cid]}; give your checklist another id (and file name)"
            for cid in sorted(user.keys() & shipped.keys())
        }
        found = {cid: (path, True) for cid, path in shipped.items()}
        found.update({cid: (path, False) for cid, path in user.items()})
        return found

    def known(self, checklist_id: str) -> None:
        """Refuse an id that names no checklist, suggesting the ones it is close to."""
        files = self.files()
        if checklist_id not in files:
            close = difflib.get_close_matches(checklist_id, list(files), n=3, cutoff=0.75)
            hint = f"Did you mean {' or '.join(close)}? " if close else ""
            raise NotFoundError(
                f"There is no checklist '{checklist_id}'.",
                hint=f"{hint}Run `thinkfamily checklists` to see them all.",
            )

    def load(self, checklist_id: str) -> Loaded:
        files = self.files()
        if checklist_id in self.clashes:
            raise LoadError([self.clashes[checklist_id]])
        self.known(checklist_id)
        path, shipped = files[checklist_id]
        try:
            item = self.cache.load(path, digest=True)  # the walk's record carries it
            return Loaded(item, path, shipped, self.cache.sha256(path))
        finally:
            self.cache.save()

    def load_all(self) -> tuple[list[Loaded], list[str]]:
        """Every checklist that loads, and the problems of those that do not."""
        files = self.files()
        shipped = dict(files.values())
        loaded, problems = self.cache.load_many(shipped)
        problems = [*self.clashes.values(), *problems]
        return [
            Loaded(item, path, shipped[path], self.cache.sha256(path)) for path, item in loaded
        ], problems


# --- contact areas -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedArea:
    area: Area
    path: Path
    local: bool  # from the user's contacts folder
    replaces: Path | None = None  # the shipped file a local one replaces


def parse_area(path: Path) -> Area:
    """Validate one contacts file (no cache); every problem is in the LoadError."""
    return load_file(CONTACTS, path)[0]


def load_areas(paths: Paths, only: str | None = None) -> tuple[list[LoadedArea], list[str]]:
    """Every area that loads, and the problems of the rest; a local file replaces a shipped
    file of the same name. With `only`, the area of that id (its file's name), if any, and
    the local files (whose problems are still said): a look-up by an area's own name needs
    no other shipped file."""
    shipped = yaml_files(shipped_dir("contacts"))
    found: dict[str, tuple[Path, bool, Path | None]] = {
        aid: (p, False, None) for aid, p in shipped.items()
    }
    for aid, path in yaml_files(paths.user_contacts).items():
        found[aid] = (path, True, shipped.get(aid))
    if only is not None:
        found = {aid: f for aid, f in found.items() if aid == only or f[1]} if only in found else {}
    by_path = {path: (local, replaces) for path, local, replaces in found.values()}
    loaded, problems = Cache(paths.cache, CONTACTS).load_many(by_path)
    return [LoadedArea(area, path, *by_path[path]) for path, area in loaded], problems


# --- guides and the glossary -----------------------------------------------------------


def load_guides(paths: Paths) -> list[Guide]:
    loaded, problems = Cache(paths.cache, GUIDES).load_many(
        yaml_files(shipped_dir("guides")).values()
    )
    if problems:
        raise LoadError(problems, hint="The installation's guides are damaged: reinstall.")
    return [guide for _, guide in loaded]


def guide_intro(paths: Paths, guide_id: str) -> str | None:
    """A linked guide's first paragraph, for `?` at a question."""
    try:
        guides = {g.id: g for g in load_guides(paths)}
    except ThinkFamilyError:
        return None
    found = guides.get(guide_id)
    return found.first_paragraph if found else None


def load_glossary(paths: Paths) -> list[GlossaryEntry]:
    cache = Cache(paths.cache, GLOSSARY)
    try:
        return list(cache.load(shipped_dir("glossary") / "glossary.yaml").terms)
    finally:
        cache.save()


def find_guide(guides: list[Guide], typed: str) -> Guide:
    return find(
        guides,
        typed,
        lambda g: (g.id, g.title, *g.aliases),
        lambda g: g.id,
        missing="There is no guide on '{typed}'.",
        listing="Run `thinkfamily guide` to list them.",
        command="thinkfamily guide {}",
    )


def find_term(terms: list[GlossaryEntry], typed: str) -> GlossaryEntry:
    return find(
        terms,
        typed,
        lambda t: (t.term, *t.aliases),
        lambda t: t.term,
        missing="'{typed}' is not in the glossary.",
        listing="Run `thinkfamily glossary` to list the terms.",
    )
