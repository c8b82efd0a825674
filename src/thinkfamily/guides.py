"""Short guides and the glossary: shipped data, found by name like the contact areas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cache import ValidatedCache, load_spec, yaml_files
from .errors import LoadError
from .matching import find
from .paths import Paths, shipped_dir


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    aliases: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (document, section)
    body: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Guide:
        return cls(
            id=data["id"],
            title=data["title"],
            aliases=tuple(data["aliases"]),
            sources=tuple((s["document"], s["section"]) for s in data["sources"]),
            body=data["body"],
        )

    @property
    def first_paragraph(self) -> str:
        return " ".join(self.body.strip().split("\n\n", 1)[0].split())


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    meaning: str
    children: str | None
    adults: str | None
    source: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Term:
        return cls(**{**data, "aliases": tuple(data["aliases"])})


def _validate_guide(path: Any) -> dict[str, Any]:
    from .validation import guide_data  # noqa: PLC0415 - the slow path

    return guide_data(path)


def _validate_glossary(path: Any) -> dict[str, Any]:
    from .validation import glossary_data  # noqa: PLC0415 - the slow path

    return glossary_data(path)


def load_guides(paths: Paths) -> list[Guide]:
    cache = ValidatedCache(paths.cache / "guides.json")
    guides, problems = [], []
    for path in yaml_files(shipped_dir("guides")).values():
        try:
            guides.append(load_spec(cache, path, _validate_guide, Guide.from_dict))
        except LoadError as exc:
            problems += exc.problems
    cache.save()
    if problems:
        raise LoadError(problems, hint="The installation's guides are damaged: reinstall.")
    return guides


def load_glossary(paths: Paths) -> list[Term]:
    cache = ValidatedCache(paths.cache / "glossary.json")
    path = shipped_dir("glossary") / "glossary.yaml"

    def build(data: dict[str, Any]) -> list[Term]:
        return [Term.from_dict(t) for t in data["terms"]]

    try:
        terms: list[Term] = load_spec(cache, path, _validate_glossary, build)
    finally:
        cache.save()
    return terms


def find_guide(guides: list[Guide], typed: str) -> Guide:
    return find(
        guides,
        typed,
        lambda g: (g.id, g.title, *g.aliases),
        lambda g: g.id,
        missing="There is no guide on '{typed}'.",
        listing="Run `thinkfamily guide` to list them.",
    )


def find_term(terms: list[Term], typed: str) -> Term:
    return find(
        terms,
        typed,
        lambda t: (t.term, *t.aliases),
        lambda t: t.term,
        missing="'{typed}' is not in the glossary.",
        listing="Run `thinkfamily glossary` to list the terms.",
    )
