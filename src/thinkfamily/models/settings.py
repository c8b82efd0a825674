"""The practitioner's settings (config.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .common import Rule


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Settings:
    """The practitioner's settings (config.toml); every one is optional."""

    name: (
        Annotated[str, Rule(meaning="your name, as it should appear on records and summaries")]
        | None
    ) = None
    role: Annotated[str, Rule(meaning="your role, e.g. health visitor")] | None = None
    organisation: Annotated[str, Rule(meaning="the organisation you work for")] | None = None
    area: (
        Annotated[str, Rule(meaning="your default area for referral contacts, e.g. Hackney")] | None
    ) = None
    watch_names: Annotated[
        tuple[str, ...],
        Rule(meaning="names to look for in notes before a record is saved, comma-separated"),
    ] = ()
