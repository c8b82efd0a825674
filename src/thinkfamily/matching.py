"""Finding what a user meant by a name: exact, alias, accent- and case-blind, or a unique start."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from .errors import NotFoundError, ThinkFamilyError

T = TypeVar("T")


def fold(text: str) -> str:
    """Case-, accent-, space- and hyphen-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("-", " ").replace("&", " and ").split())


def find(
    items: Iterable[T],
    typed: str,
    labels: Callable[[T], Iterable[str]],
    shown: Callable[[T], str],
    *,
    missing: str,
    listing: str,
) -> T:
    """The one item whose label matches `typed`, exactly or by a unique start.

    Raises a ThinkFamilyError naming the candidates when the start is ambiguous, and a
    NotFoundError (`missing`, with `{typed}` filled in) with the nearest names when
    nothing matches.
    """
    wanted = fold(typed)
    names: dict[str, T] = {}
    for item in items:
        for label in labels(item):
            names.setdefault(fold(label), item)
    if wanted in names:
        return names[wanted]
    starts: dict[int, T] = {
        id(item): item for label, item in names.items() if wanted and label.startswith(wanted)
    }
    if len(starts) == 1:
        return next(iter(starts.values()))
    if len(starts) > 1:
        candidates = " or ".join(sorted(shown(item) for item in starts.values()))
        raise ThinkFamilyError(f"'{typed}' could be {candidates}.", hint="Type more of the name.")
    import difflib  # noqa: PLC0415 - only for a miss

    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    suggestions = sorted({shown(names[c]) for c in close})
    hint = f"Did you mean {' or '.join(suggestions)}? " if suggestions else ""
    raise NotFoundError(missing.format(typed=typed), hint=f"{hint}{listing}")
