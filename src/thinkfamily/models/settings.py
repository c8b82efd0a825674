"""The practitioner's settings (config.toml)."""

from __future__ import annotations

from pydantic import Field

from .common import Items, Model


class Settings(Model):
    """The practitioner's settings (config.toml); every one is optional, and each says
    what it is for."""

    name: str | None = Field(
        default=None, description="your name, as it should appear on records and summaries"
    )
    role: str | None = Field(default=None, description="your role, e.g. health visitor")
    organisation: str | None = Field(default=None, description="the organisation you work for")
    area: str | None = Field(
        default=None, description="your default area for referral contacts, e.g. Hackney"
    )
    watch_names: Items[str] = Field(
        default=(),
        description="names to look for in notes before a record is saved, comma-separated",
    )
