"""Finds checklists, shipped with the tool and the user's own, and loads them.

Loading goes through the validated cache: pydantic and YAML are imported only
when a file is new or has changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .cache import ValidatedCache, load_spec, yaml_files
from .errors import LoadError, NotFoundError
from .paths import Paths, shipped_dir
from .spec import Checklist


@dataclass(frozen=True)
class Loaded:
    """A checklist with the file it came from."""

    checklist: Checklist
    path: Path
    shipped: bool

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of the checklist file, which records and drafts carry."""
        import hashlib  # noqa: PLC0415 - needed once answers are saved, not to list

        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def _validate_checklist(path: Path) -> dict[str, Any]:
    from .validation import checklist_data  # noqa: PLC0415 - the slow path

    return checklist_data(path)


def parse_checklist(path: Path) -> Checklist:
    """Validate one checklist file (no cache); every problem found is in the LoadError."""
    return Checklist.from_dict(_validate_checklist(path))


class Catalog:
    """The checklists a user can run: the shipped ones plus their own folder."""

    def __init__(self, paths: Paths, shipped: Path | None = None) -> None:
        self.shipped_dir = shipped if shipped is not None else shipped_dir("checklists")
        self.user_dir = paths.user_checklists
        self.cache = ValidatedCache(paths.cache / "checklists.json")

    def files(self) -> dict[str, tuple[Path, bool]]:
        """Checklist id -> (file, shipped?); a user file may not reuse a shipped id."""
        shipped = yaml_files(self.shipped_dir)
        if not shipped:
            raise LoadError(
                [
                    (
                        f"{self.shipped_dir}: no shipped checklists found; the installation is "
                        "incomplete, reinstall thinkfamily"
                    )
                ]
            )
        user = yaml_files(self.user_dir)
        clashes = [
            f"{user[cid]}: the id '{cid}' is already used by the shipped checklist "
            f"{shipped[cid]}; give your checklist another id (and file name)"
            for cid in sorted(user.keys() & shipped.keys())
        ]
        if clashes:
            raise LoadError(clashes)
        found = {cid: (path, True) for cid, path in shipped.items()}
        found.update({cid: (path, False) for cid, path in user.items()})
        return found

    def _load(self, path: Path, shipped: bool) -> Loaded:
        checklist = load_spec(self.cache, path, _validate_checklist, Checklist.from_dict)
        return Loaded(checklist, path, shipped)

    def load(self, checklist_id: str) -> Loaded:
        files = self.files()
        if checklist_id not in files:
            close = difflib.get_close_matches(checklist_id, list(files), n=3, cutoff=0.75)
            hint = f"Did you mean {' or '.join(close)}? " if close else ""
            raise NotFoundError(
                f"There is no checklist '{checklist_id}'.",
                hint=f"{hint}Run `thinkfamily checklists` to see them all.",
            )
        try:
            return self._load(*files[checklist_id])
        finally:
            self.cache.save()

    def load_all(self) -> tuple[list[Loaded], list[str]]:
        """Every checklist that loads, and the problems of those that do not."""
        loaded: list[Loaded] = []
        problems: list[str] = []
        for path, shipped in self.files().values():
            try:
                loaded.append(self._load(path, shipped))
            except LoadError as exc:
                problems.extend(exc.problems)
        self.cache.save()
        return loaded, problems
