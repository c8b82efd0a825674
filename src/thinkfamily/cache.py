"""A cache of validated checklist and contacts data, so commands skip YAML and pydantic.

Each entry holds what validation accepted for one file, keyed by the file's path and
a fingerprint of its bytes (their length and CRC-32; the tool's version keys the
whole cache). A file whose bytes differ, a cache from another version, or data that
does not read back cleanly is simply validated again: the cache can make a command
faster, never different. CRC-32 detects edits; it is no defence against someone
who can write to the user's own data folder, and needs none.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__
from .store import ensure_private_dir, write_json

CACHE_SCHEMA = "thinkfamily.cache/1"

Validate = Callable[[Path], dict[str, Any]]
SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path) -> dict[str, Path]:
    """The YAML files of a folder by id (file name without suffix)."""
    if not folder.is_dir():
        return {}
    return {
        p.stem: p
        for p in sorted(folder.iterdir())
        if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith(".")
    }


def _fingerprint(raw: bytes) -> str:
    return f"{len(raw)}:{zlib.crc32(raw):08x}"


class ValidatedCache:
    """Validated data for the files of one kind (checklists or contacts)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries = self._read()
        self.changed = False

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.file.read_bytes())
        except (OSError, ValueError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("schema") != CACHE_SCHEMA
            or data.get("version") != __version__
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        entries: dict[str, dict[str, Any]] = data["entries"]
        return entries

    def get(self, path: Path, validate: Validate) -> dict[str, Any]:
        """The file's validated data: from the cache when its bytes are unchanged."""
        try:
            fingerprint: str | None = _fingerprint(path.read_bytes())
        except OSError:
            fingerprint = None  # let validation report the problem in its own words
        entry = self.entries.get(str(path))
        if (
            fingerprint is not None
            and isinstance(entry, dict)
            and entry.get("fingerprint") == fingerprint
            and isinstance(entry.get("data"), dict)
        ):
            data: dict[str, Any] = entry["data"]
            return data
        data = validate(path)
        if fingerprint is not None:
            self.entries[str(path)] = {"fingerprint": fingerprint, "data": data}
            self.changed = True
        return data

    def forget(self, path: Path) -> None:
        """Drop an entry whose data did not read back (it will be validated again)."""
        if self.entries.pop(str(path), None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is no error."""
        if not self.changed:
            return
        with contextlib.suppress(OSError):
            ensure_private_dir(self.file.parent)
            write_json(
                self.file,
                {"schema": CACHE_SCHEMA, "version": __version__, "entries": self.entries},
            )
        self.changed = False


def load_spec(
    cache: ValidatedCache,
    path: Path,
    validate: Validate,
    build: Callable[[dict[str, Any]], Any],
) -> Any:
    """A file's plain object through the cache; data that does not build is validated again."""
    try:
        return build(cache.get(path, validate))
    except (KeyError, TypeError, ValueError):
        cache.forget(path)
        return build(cache.get(path, validate))
