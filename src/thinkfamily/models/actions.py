"""The actions log: which agreed actions have been done, kept apart from the records and
supervision notes, which are never rewritten to mark one."""

from __future__ import annotations

from typing import Annotated, Literal

from .common import Items, Model, Moment, Rule, key

ACTIONS_SCHEMA = "thinkfamily.actions/1"
ACTION_ID_PATTERN = r"[0-9a-f]{6,64}"


class Done(Model):
    """One action marked done: when, and what was said of it."""

    id: Annotated[str, Rule(pattern=ACTION_ID_PATTERN)]
    record_id: str  # so that deleting the record removes this too
    done: Moment
    note: str | None = None


class ActionsLog(Model):
    """Every action marked done, in the order it was marked; entries are only added."""

    schema_: Literal["thinkfamily.actions/1"] = key("schema", default=ACTIONS_SCHEMA)
    done: Items[Done] = ()
