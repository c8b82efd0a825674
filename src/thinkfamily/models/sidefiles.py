"""Files the tool keeps beside the data to remember or to save time: the exports log and
the cache of loaded files. Each names its format (`schema`), is rewritten as a whole, and
reads as empty when it is missing or damaged (`files.SideFile`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from .common import Items, Model, key

EXPORTS_SCHEMA = "thinkfamily.exports/1"
CACHE_SCHEMA = "thinkfamily.cache/3"


class Exported(Model):
    """A file `export -o` wrote, and the SHA-256 of what it wrote there (None for logs
    written before hashes were kept: such an export is never deleted, since it cannot be
    told from an edited one)."""

    path: str
    sha256: str | None = None


class ExportsLog(Model):
    """Which files `export -o` wrote, by record id, so that `delete` removes them too."""

    model_config = ConfigDict(frozen=False)

    schema_: Literal["thinkfamily.exports/1"] = key("schema", default=EXPORTS_SCHEMA)
    exports: dict[str, Items[Exported]] = Field(default_factory=dict)


class CachedFile(Model):
    """What a YAML file parsed to, and the fingerprint of the bytes it was parsed from."""

    model_config = ConfigDict(frozen=False)

    fingerprint: str
    data: Any  # plain data, checked against its format whenever it is used
    sha256: str | None = None  # of the same bytes, once a walk has needed it


class LoadedCache(Model):
    """The parsed files of one kind (checklists, contacts, guides, glossary), by path."""

    model_config = ConfigDict(frozen=False)

    schema_: Literal["thinkfamily.cache/3"] = key("schema", default=CACHE_SCHEMA)
    version: str  # the tool's: another version's cache is not read
    entries: dict[str, CachedFile] = Field(default_factory=dict)
