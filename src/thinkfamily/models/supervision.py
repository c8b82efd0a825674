"""Supervision notes: what supervision discussed and agreed about a record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .common import Moment, key

SUPERVISION_SCHEMA = "thinkfamily.supervision/1"


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class AgreedAction:
    action: str
    by: str | None = None  # by when, as supervision wrote it
    due: str | None = None  # the day that names, YYYY-MM-DD (files before 0.3 may lack it)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class SupervisionSession:
    """What one supervision discussion of a record decided."""

    date: str
    supervisor: str | None = None
    decisions: str | None = None
    actions: tuple[AgreedAction, ...] = ()
    recorded: Moment


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Supervision:
    """Supervision outcomes, kept beside a record and linked to it by id."""

    schema_: Literal["thinkfamily.supervision/1"] = key("schema", default=SUPERVISION_SCHEMA)
    record_id: str
    sessions: tuple[SupervisionSession, ...]
