"""Shipped and user files (YAML) to models, with every problem named by file, line and field.

Reading YAML is the slow part of a command, so what a file parses to is kept in a
cache keyed by the file's path and a fingerprint of its bytes. The cache only saves
parsing: its data is converted and checked again on every run, so it can make a
command faster, never different, and a damaged cache is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import __version__, yamlsafe
from .convert import Problems, convert, format_loc
from .errors import LoadError, NotFoundError
from .files import MAX_FILE_BYTES, SideFile, TooLargeError, read_limited
from .models.checklist import Checklist
from .models.contacts import Area
from .models.guides import Glossary, Guide
from .models.sidefiles import CachedFile, LoadedCache
from .yamlsafe import Document

M = TypeVar("M")
M_co = TypeVar("M_co", covariant=True)
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Kind(Generic[M_co]):
    """One kind of YAML file: its model, and the keys named when a file is not a mapping."""

    name: str
    model: type[M_co]
    keys: str
    named_by_id: bool = True  # the file name must be the item's id


CHECKLISTS = Kind("checklists", Checklist, "id, title and sections")
CONTACTS = Kind("contacts", Area, "id, name and contacts")
GUIDES = Kind("guides", Guide, "id, title, sources and body")
GLOSSARY = Kind("glossary", Glossary, "terms", named_by_id=False)


def yaml_files(folder: Path) -> dict[str, Path]:
    """The YAML files of a folder by id (file name without suffix)."""
    if not folder.is_dir():
        return {}
    return {
        p.stem: p
        for p in sorted(folder.iterdir())
        if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith(".")
    }


def _where(name: str, line: int | None) -> str:
    return f"{name}:{line}" if line is not None else name


def read_bytes(path: Path) -> bytes:
    """A YAML or JSON file's bytes, its size checked before it is read."""
    name = str(path)
    try:
        return read_limited(path, MAX_FILE_BYTES)
    except TooLargeError as exc:
        raise LoadError([f"{name}: {exc}"]) from None
    except FileNotFoundError:
        raise NotFoundError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise LoadError([f"{name}: is a folder, not a file"]) from None
    except OSError as exc:
        raise LoadError([f"{name}: cannot be read ({exc.strerror})"]) from None


def read_document(path: Path, raw: bytes | None = None, *, bools_as_text: bool = False) -> Document:
    """Parse a YAML file into plain data with the line of every value, or a LoadError."""
    raw = read_bytes(path) if raw is None else raw
    try:
        return yamlsafe.parse(yamlsafe.decode(raw), bools_as_text=bools_as_text)
    except yamlsafe.YamlError as exc:
        raise LoadError([f"{_where(str(path), exc.line)}: {exc.message}"]) from None


def problem_lines(name: str, doc: Document, problems: Iterable[tuple[Any, str]]) -> list[str]:
    """`file:line: field: message` for each problem, in the order of their lines."""
    found = []
    for loc, message in problems:
        line = doc.line_of(tuple(loc))
        found.append(
            (line or 0, f"{_where(name, line)}: {format_loc(loc) or '(top level)'}: {message}")
        )
    return [text for _, text in sorted(found, key=lambda item: item[0])]


def _require_mapping(doc: Document, name: str, keys: str) -> None:
    if not isinstance(doc.data, dict):
        kind = {"list": "list", "str": "single value", "int": "number", "float": "number"}
        shown = kind.get(type(doc.data).__name__, type(doc.data).__name__)
        message = f"must be a mapping with keys such as {keys}, not a {shown}"
        raise LoadError([f"{_where(name, 1)}: (top level): {message}"])


def _duplicate_ids(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Section ids and question ids must each be unique within a checklist."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    sections = data.get("sections")
    seen_sections: dict[str, int] = {}
    seen_questions: dict[str, str] = {}
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, dict):
            continue
        sid = section.get("id")
        if isinstance(sid, str):
            if sid in seen_sections:
                message = f"section id '{sid}' is already used by sections[{seen_sections[sid]}]"
                problems.append((("sections", i, "id"), message))
            seen_sections.setdefault(sid, i)
        questions = section.get("questions")
        for j, question in enumerate(questions if isinstance(questions, list) else []):
            qid = question.get("id") if isinstance(question, dict) else None
            if not isinstance(qid, str):
                continue
            loc: tuple[str | int, ...] = ("sections", i, "questions", j, "id")
            if qid in seen_questions:
                message = f"question id '{qid}' is already used by {seen_questions[qid]}"
                problems.append((loc, message))
            else:
                seen_questions[qid] = format_loc(loc[:-1])
    return problems


def _checked(kind: Kind[M], path: Path, data: Any) -> tuple[M | None, list[tuple[Any, str]]]:
    """The item a file's data makes, or the problems (field path, message) found in it."""
    problems: list[tuple[Any, str]] = []
    item: M | None = None
    try:
        item = convert(data, kind.model)
    except Problems as exc:
        problems += exc.problems
    if kind is CHECKLISTS and isinstance(data, dict):
        problems += _duplicate_ids(data)
    item_id = getattr(item, "id", None)
    if kind.named_by_id and item_id is not None and item_id != path.stem:
        message = (
            f"'{item_id}' must match the file name; rename the file to "
            f"{item_id}{path.suffix} or change the id"
        )
        problems.append((("id",), message))
    return (None if problems else item), problems


def load_file(kind: Kind[M], path: Path, raw: bytes | None = None) -> tuple[M, Any]:
    """One file's item and the plain data it was made from; every problem in a LoadError."""
    name = str(path)
    doc = read_document(path, raw)
    _require_mapping(doc, name, kind.keys)
    checked, problems = _checked(kind, path, doc.data)
    if checked is None:
        raise LoadError(problem_lines(name, doc, problems))
    return checked, doc.data


def validate_files(paths: Iterable[Path]) -> list[str]:
    """Problems in each checklist or contacts file (empty when all are valid).

    A file with a top-level `contacts` key is read as an area's contacts, any other
    as a checklist.
    """
    problems: list[str] = []
    for path in paths:
        try:
            doc = read_document(path)
            if isinstance(doc.data, dict) and "contacts" in doc.data:
                load_file(CONTACTS, path)
            else:
                load_file(CHECKLISTS, path)
        except LoadError as exc:
            problems.extend(exc.problems)
        except NotFoundError as exc:
            problems.append(exc.message)
    return problems


# --- the cache -------------------------------------------------------------------------


def _fingerprint(raw: bytes) -> str:
    return f"{len(raw)}:{zlib.crc32(raw):08x}"


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Cache(Generic[M]):
    """What the files of one kind parse to, so that YAML is read only when a file changes."""

    def __init__(self, folder: Path, kind: Kind[M]) -> None:
        self.kind = kind
        self.file = SideFile(folder / f"{kind.name}.json", LoadedCache)
        kept = self.file.load()
        self.cache = (
            kept
            if kept is not None and kept.version == __version__
            else LoadedCache(version=__version__)
        )
        self.changed = False

    def load(self, path: Path, *, digest: bool = False) -> M:
        """A file's item: converted from the cache when its bytes are unchanged. With
        `digest`, the cache also keeps the SHA-256 of those bytes (`sha256`), worked out
        once: a walk needs it for its record, a listing does not."""
        raw = read_bytes(path)
        fingerprint = _fingerprint(raw)
        entry = self.cache.entries.get(str(path))
        if entry is not None and entry.fingerprint == fingerprint:
            cached, _ = _checked(self.kind, path, entry.data)
            if cached is not None:
                if digest and entry.sha256 is None:
                    entry.sha256 = _sha256(raw)
                    self.changed = True
                return cached
        item, data = load_file(self.kind, path, raw)
        self.cache.entries[str(path)] = CachedFile(
            fingerprint=fingerprint, data=data, sha256=_sha256(raw) if digest else None
        )
        self.changed = True
        return item

    def sha256(self, path: Path) -> str | None:
        """The SHA-256 of the bytes `load` last made the file's item from, for a kind whose
        cache keeps it: from the same bytes, and trusted as far as the item is."""
        entry = self.cache.entries.get(str(path))
        return entry.sha256 if entry is not None else None

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is no error."""
        if self.changed:
            self.file.save(self.cache)
            self.changed = False

    def load_many(self, paths: Iterable[Path]) -> tuple[list[tuple[Path, M]], list[str]]:
        """Every file's item that loads, and the problems of those that do not."""
        loaded: list[tuple[Path, M]] = []
        problems: list[str] = []
        for path in paths:
            try:
                loaded.append((path, self.load(path)))
            except LoadError as exc:
                problems.extend(exc.problems)
            except NotFoundError as exc:
                problems.append(exc.message)
        self.save()
        return loaded, problems
