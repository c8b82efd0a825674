"""Answer scales and contact topics: plain constants, cheap to import."""

from __future__ import annotations

# The stored answer words of each scale (design contract); `skipped` is valid for all.
SCALE_ANSWERS: dict[str, tuple[str, ...]] = {
    "reflect": ("yes", "partly", "no", "na"),
    "in-place": ("in-place", "partly", "not-in-place"),
    "present": ("present", "absent", "unknown"),
    "true-false": ("true", "false"),
    "text": ("answered",),
}
SKIPPED = "skipped"
RECORD_SCHEMA = "thinkfamily.record/1"

# Answers worth taking to supervision when a question does not say otherwise.
DEFAULT_CONCERN: dict[str, tuple[str, ...]] = {
    "reflect": ("no", "partly"),
    "in-place": ("partly", "not-in-place"),
    "present": ("present",),
    "true-false": (),
    "text": (),
}

ANSWER_LABELS: dict[str, str] = {
    "yes": "yes",
    "partly": "partly",
    "no": "no",
    "na": "not applicable",
    "in-place": "in place",
    "not-in-place": "not in place",
    "present": "present",
    "absent": "not present",
    "unknown": "not known",
    "true": "true",
    "false": "false",
    "answered": "answered",
    SKIPPED: "skipped",
}

TOPICS: tuple[str, ...] = (
    "safeguarding",
    "early-help",
    "out-of-hours",
    "mental-health",
    "domestic-abuse",
    "substance-misuse",
    "learning-disability",
    "police",
    "family-information",
    "carers",
    "housing",
)
