"""Dates as people type them in England: 05/01/2027, 2027-01-05, friday, +2w.

One rule for every date the tool takes (`--since`, `--until`, `--date`, `--by`) and one
clock, `now()`, which `THINKFAMILY_NOW` fixes for tests and demonstrations.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import __version__
from .errors import ThinkFamilyError
from .files import ensure_private_dir, json_data, read_limited, write_json

ABSOLUTE = "DD/MM/YYYY or YYYY-MM-DD"
RELATIVE = "a weekday (friday), today, tomorrow, or +3d, +2w, +1m from today"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
WEEKDAY_LETTERS = 3  # "fri" is enough
_OFFSET = re.compile(r"\+(\d{1,3})\s*([dwm])")


def now() -> datetime:
    """The local time with its offset, to the second (`THINKFAMILY_NOW` fixes it)."""
    fixed = os.environ.get("THINKFAMILY_NOW")
    if fixed:
        hint = (
            "Write it as YYYY-MM-DDTHH:MM:SS+00:00, with its offset from UTC (without one, "
            "it is this computer's time), or unset it to use the clock."
        )
        try:
            return datetime.fromisoformat(fixed).astimezone().replace(microsecond=0)
        except ValueError:
            raise ThinkFamilyError(
                f"THINKFAMILY_NOW is '{fixed}', which is not a time.", hint=hint
            ) from None
        except OverflowError:
            raise ThinkFamilyError(
                f"THINKFAMILY_NOW is '{fixed}', which is outside the years 1 to 9999 here.",
                hint=hint,
            ) from None
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()


def days_in_month(year: int, month: int) -> int:
    if month == len(MONTHS):  # December: the next month may be past the last year there is
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _exact(year: int, month: int, day: int, typed: str) -> date:
    if not date.min.year <= year <= date.max.year:
        raise ThinkFamilyError(f"'{typed}' is not a date that exists: there is no year {year}.")
    if not 1 <= month <= len(MONTHS):
        raise ThinkFamilyError(f"'{typed}' is not a date that exists: there is no month {month}.")
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise ThinkFamilyError(
            f"'{typed}' is not a date that exists: {MONTHS[month - 1]} {year} has {last} days."
        )
    return date(year, month, day)


def day_text(day: date) -> str:
    """A day as it is read aloud in England: 5 Jan 2027."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def is_absolute(text: str) -> bool:
    """Whether `text` names its day without reference to another."""
    typed = text.strip()
    return bool(_DAY_MONTH_YEAR.fullmatch(typed) or _ISO.fullmatch(typed))


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year > date.max.year:
        raise ThinkFamilyError(f"+{months}m is later than any date there is.")
    return date(year, month, min(start.day, days_in_month(year, month)))


def parse_day(text: str, *, relative: bool = False, base: date | None = None) -> date:
    """The date `text` names; `relative` also takes weekdays and offsets from `base`."""
    typed = text.strip()
    lowered = typed.lower()
    if match := _DAY_MONTH_YEAR.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
        return _exact(year, month, day, typed)
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
        return _exact(year, month, day, typed)
    start = base or today()
    found = start if lowered == "today" else _relative(lowered, start) if relative else None
    if found is None:
        forms = f"{ABSOLUTE}, {RELATIVE}" if relative else f"{ABSOLUTE} (or today)"
        raise ThinkFamilyError(f"'{typed}' is not a date; write it as {forms}.")
    return found


def _relative(lowered: str, start: date) -> date | None:
    if lowered == "tomorrow":
        return start + timedelta(days=1)
    name = lowered.removeprefix("next ").rstrip(".")
    for number, weekday in enumerate(WEEKDAYS):
        if len(name) >= WEEKDAY_LETTERS and weekday.startswith(name):
            # The next one after `start`: "friday" said on a Friday is a week on.
            return start + timedelta(days=(number - start.weekday() - 1) % 7 + 1)
    if match := _OFFSET.fullmatch(lowered):
        count, unit = int(match.group(1)), match.group(2)
        if unit == "m":
            return add_months(start, count)
        try:
            return start + timedelta(days=count * (7 if unit == "w" else 1))
        except OverflowError:
            raise ThinkFamilyError(f"+{count}{unit} is later than any date there is.") from None
    return None


# --- office hours in England ----------------------------------------------------------

ENGLAND = "Europe/London"


def in_england(moment: datetime) -> datetime:
    """`moment` as a clock in England shows it (GMT or BST), whatever this computer's zone.
    Without a time-zone database the computer's own clock is taken as England's."""

    try:
        return moment.astimezone(ZoneInfo(ENGLAND))
    except (ZoneInfoNotFoundError, ValueError, OSError, OverflowError):
        return moment  # the first or last hours there are: England's clock is a day away


_CACHE_BYTES = 1 << 20  # the days of a year are about 300 bytes
# England and Wales have had at least eight bank holidays a year since 1978.
_FEWEST_A_YEAR, _EIGHT_SINCE = 8, 1978


def _a_years_holidays(days: Any, year: int) -> bool:
    """Whether a cached entry is a year's bank holidays: eight or more days of that year,
    each with a name. Anything else (an emptied or damaged entry) is worked out again."""
    fewest = _FEWEST_A_YEAR if year >= _EIGHT_SINCE else 0
    if not isinstance(days, dict) or len(days) < fewest:
        return False
    return all(
        isinstance(when, str) and when.startswith(f"{year:04d}-") and isinstance(name, str)
        for when, name in days.items()
    )


def bank_holiday(day: date, cache: Path | None = None) -> str | None:
    """The name of the bank holiday in England and Wales on `day`, or None.

    The days come from the `holidays` library, which is slow to import (about 0.1 s),
    so each year's list is kept in `cache` (a JSON file), worked out once.
    """

    year = str(day.year)
    kept: dict[str, Any] = {}
    if cache is not None:
        with contextlib.suppress(OSError, ValueError):
            data = json_data(read_limited(cache, _CACHE_BYTES))
            if isinstance(data, dict) and data.get("version") == __version__:
                kept = data
    days: Any = kept.get(year)
    if not _a_years_holidays(days, day.year):
        from holidays.countries.united_kingdom import UnitedKingdom  # noqa: PLC0415

        found = UnitedKingdom(subdiv="ENG", years=day.year)  # type: ignore[no-untyped-call]
        days = {when.isoformat(): str(name) for when, name in sorted(found.items())}
        if cache is not None:
            with contextlib.suppress(OSError):
                ensure_private_dir(cache.parent)
                write_json(cache, {**kept, "version": __version__, year: days}, indent=None)
    name = days.get(day.isoformat())
    return name if isinstance(name, str) else None
