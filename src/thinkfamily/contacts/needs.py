"""The needs contacts are filed under, and the words people use for them (`--need`,
`--for`)."""

from __future__ import annotations

from typing import NamedTuple, get_args

from thinkfamily.catalog import fold
from thinkfamily.convert import suggest
from thinkfamily.errors import ThinkFamilyError
from thinkfamily.models.common import Topic

TOPICS: tuple[str, ...] = get_args(Topic)


# The words people use for each need, beside the need's own name ("out of hours" and
# "out-of-hours" are the same word once folded).
NEED_WORDS: dict[str, tuple[str, ...]] = {
    "safeguarding": ("mash", "front door", "referral", "child protection", "adult protection"),
    "early-help": ("early help hub", "family support"),
    "out-of-hours": ("ooh", "edt", "emergency duty", "evening", "night", "weekend"),
    "mental-health": (
        *("mh", "mental health crisis", "crisis", "self harm", "self-harm", "suicide"),
        "suicidal",
    ),
    "domestic-abuse": ("da", "dv", "domestic violence", "coercive control"),
    "substance-misuse": (
        *("drugs", "drug", "alcohol", "substances", "substance", "drugs and alcohol"),
        "drug and alcohol",
    ),
    "learning-disability": ("ld", "learning disabilities"),
    "police": (),
    "family-information": ("fis", "family information service"),
    "carers": ("carer", "young carer", "young carers"),
    "housing": ("homeless", "homelessness"),
}
AUDIENCE_WORDS = {
    "children": "children",
    "child": "children",
    "adults": "adults",
    "adult": "adults",
}


class Need(NamedTuple):
    """What a word given to --need means: the need the contacts are filed under, the
    audience the word names too ("adult safeguarding"), and what to tell the user when
    the word reaches wider than the files' own words for that need."""

    topic: str
    audience: str | None = None
    said: str | None = None


_MENTAL_HEALTH = (
    "No service in the files names perinatal or postnatal care; these are the mental "
    "health services."
)
_SOCIAL_CARE = "Social services are listed as the safeguarding front doors (social care)."
# Words that name a need and more, each read as the need the contacts' own words name:
# the front doors are children's and adults' social care, the out-of-hours services
# are emergency duty teams (999 is always shown first).
NEED_PHRASES: dict[str, Need] = {
    "adult safeguarding": Need("safeguarding", "adults"),
    "safeguarding adults": Need("safeguarding", "adults"),
    "adult social care": Need("safeguarding", "adults"),
    "child safeguarding": Need("safeguarding", "children"),
    "safeguarding children": Need("safeguarding", "children"),
    "children's social care": Need("safeguarding", "children"),
    "social services": Need("safeguarding", said=_SOCIAL_CARE),
    "social care": Need("safeguarding", said=_SOCIAL_CARE),
    "social worker": Need("safeguarding", said=_SOCIAL_CARE),
    "emergency": Need(
        "out-of-hours",
        said="In an emergency call 999; the emergency duty (out-of-hours) services follow.",
    ),
    "perinatal": Need("mental-health", said=_MENTAL_HEALTH),
    "perinatal mental health": Need("mental-health", said=_MENTAL_HEALTH),
    "postnatal": Need("mental-health", said=_MENTAL_HEALTH),
    "postnatal depression": Need("mental-health", said=_MENTAL_HEALTH),
}


def _need_names() -> dict[str, Need]:

    names = {fold(topic): Need(topic) for topic in TOPICS}
    names.update({fold(word): Need(topic) for topic, words in NEED_WORDS.items() for word in words})
    names.update({fold(word): need for word, need in NEED_PHRASES.items()})
    return names


def check_topic(typed: str) -> Need:
    """The need meant by `typed`: its name, or a word people use for it ("ooh", "DA")."""

    if not typed.strip():
        raise ThinkFamilyError("--need is empty.", hint=f"Needs: {', '.join(TOPICS)}.")
    audience = AUDIENCE_WORDS.get(typed.strip().casefold())
    if audience:
        raise ThinkFamilyError(
            f"'{typed.strip()}' is who a contact is for, not a need.",
            hint=f"Use --for {audience}.",
        )
    names = _need_names()
    found = names.get(fold(typed))
    if found is None:
        close = suggest(fold(typed), list(names))
        hint = f"Did you mean {names[close].topic}? " if close else ""
        raise ThinkFamilyError(
            f"'{shortened(typed)}' is not a need the contacts are filed under.",
            hint=f"{hint}Needs: {', '.join(TOPICS)}; plain words such as 'out of hours', "
            "'ooh', 'DA', 'drugs' and 'mental health' work too.",
        )
    return found


def check_audience(typed: str) -> str:
    found = AUDIENCE_WORDS.get(typed.strip().casefold())
    if found is None:
        typed = shortened(typed)
        hint = "Use --for children or --for adults."
        raise ThinkFamilyError(f"--for '{typed}' is not one of the choices.", hint=hint)
    return found


def shortened(typed: str, most: int = 60) -> str:
    """What was typed, as an error message repeats it: no more than `most` characters."""
    return typed if len(typed) <= most else typed[: most - 3] + "..."
