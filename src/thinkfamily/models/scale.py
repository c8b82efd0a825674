"""The answer scales, each written down once: its stored answer words, the key for each at
the walk's prompt, the answers taken to supervision when a question does not say otherwise,
other ways of writing an answer, and whether it rates an organisation's areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Scale = Literal["reflect", "in-place", "present", "true-false", "text"]


@dataclass(frozen=True)
class AnswerScale:
    words: tuple[str, ...]  # the stored answer words (design contract); `skipped` is valid too
    keys: tuple[tuple[str, str], ...] = ()  # (key, word): which answers files accept too
    concern: tuple[str, ...] = ()  # a concern unless a question says otherwise
    synonyms: dict[str, str] = field(default_factory=dict)  # other ways of writing a word
    # An organisation's areas: each rated, with what is and what more could be in place;
    # its records are an action plan, not a practitioner's supervision.
    areas: bool = False


SCALES: dict[str, AnswerScale] = {
    "reflect": AnswerScale(
        ("yes", "partly", "no", "na"),
        keys=(("y", "yes"), ("p", "partly"), ("n", "no"), ("x", "na")),
        concern=("no", "partly"),
        synonyms={"n/a": "na", "not applicable": "na"},
    ),
    "in-place": AnswerScale(
        ("in-place", "partly", "not-in-place"),
        keys=(("i", "in-place"), ("p", "partly"), ("n", "not-in-place")),
        concern=("partly", "not-in-place"),
        areas=True,
    ),
    "present": AnswerScale(
        ("present", "absent", "unknown"),
        keys=(("p", "present"), ("n", "absent"), ("u", "unknown")),
        concern=("present",),
    ),
    "true-false": AnswerScale(("true", "false"), keys=(("t", "true"), ("f", "false"))),
    "text": AnswerScale(("answered",)),
}


def rates_areas(scale: str) -> bool:
    """Whether answers on `scale` rate an organisation's areas."""
    return SCALES[scale].areas
