"""The time, as records store it."""

from __future__ import annotations

from datetime import datetime


def aware_now() -> datetime:
    """The local time with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)
