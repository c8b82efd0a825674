"""Supervision notes: what supervision discussed and agreed about a record."""

from __future__ import annotations

from typing import Literal, NamedTuple

from .common import Items, Model, Moment, key

SUPERVISION_SCHEMA = "thinkfamily.supervision/1"


class AgreedAction(Model):
    action: str
    by: str | None = None  # by when, as supervision wrote it
    due: str | None = None  # the day that names, YYYY-MM-DD (files before 0.3 may lack it)


class SupervisionSession(Model):
    """What one supervision discussion of a record decided."""

    date: str
    supervisor: str | None = None
    decisions: str | None = None
    actions: Items[AgreedAction] = ()
    recorded: Moment
    # A correction of an earlier discussion (by its number, from 1), and why: the earlier
    # entry is kept as it was, and shown corrected.
    amends: int | None = None
    reason: str | None = None


class Discussion(NamedTuple):
    """One discussion as it now stands: its latest correction, if any, over the original."""

    number: int
    session: SupervisionSession  # what to show
    original: SupervisionSession  # as first recorded: its `recorded` names its actions
    corrections: tuple[SupervisionSession, ...]  # oldest first


class Supervision(Model):
    """Supervision outcomes, kept beside a record and linked to it by id."""

    schema_: Literal["thinkfamily.supervision/1"] = key("schema", default=SUPERVISION_SCHEMA)
    record_id: str
    sessions: Items[SupervisionSession]

    def discussions(self) -> list[Discussion]:
        """The discussions in the order held, each with its corrections applied."""
        originals = [s for s in self.sessions if s.amends is None]
        found = []
        for number, original in enumerate(originals, 1):
            corrections = tuple(s for s in self.sessions if s.amends == number)
            shown = corrections[-1].model_copy(update={"amends": None}) if corrections else original
            found.append(Discussion(number, shown, original, corrections))
        return found
