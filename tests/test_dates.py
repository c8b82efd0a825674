"""Dates as practitioners type them: UK and ISO forms, weekdays and offsets, and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from thinkfamily.dates import parse_day
from thinkfamily.errors import ThinkFamilyError

THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/01/2027", date(2027, 1, 5)),
        ("5/1/2027", date(2027, 1, 5)),
        ("2027-01-05", date(2027, 1, 5)),
        (" 29/02/2028 ", date(2028, 2, 29)),
        ("today", THURSDAY),
        ("Today", THURSDAY),
    ],
)
def test_absolute_dates(typed: str, expected: date) -> None:
    assert parse_day(typed, base=THURSDAY) == expected
    assert parse_day(typed, relative=True, base=THURSDAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow", date(2026, 12, 4)),
        ("friday", date(2026, 12, 4)),
        ("Fri", date(2026, 12, 4)),
        ("next friday", date(2026, 12, 4)),
        ("thursday", date(2026, 12, 10)),  # never today: a week on
        ("monday", date(2026, 12, 7)),
        ("+3d", date(2026, 12, 6)),
        ("+2w", date(2026, 12, 17)),
        ("+1m", date(2027, 1, 3)),
        ("+ 2 w", None),
    ],
)
def test_relative_dates(typed: str, expected: date | None) -> None:
    if expected is None:
        with pytest.raises(ThinkFamilyError):
            parse_day(typed, relative=True, base=THURSDAY)
    else:
        assert parse_day(typed, relative=True, base=THURSDAY) == expected


def test_a_month_on_from_the_31st_is_the_months_last_day() -> None:
    assert parse_day("+1m", relative=True, base=date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2027", "'31/02/2027' is not a date that exists: February 2027 has 28 days."),
        ("29/02/2027", "'29/02/2027' is not a date that exists: February 2027 has 28 days."),
        ("2027-13-01", "'2027-13-01' is not a date that exists: there is no month 13."),
        ("31/04/2027", "'31/04/2027' is not a date that exists: April 2027 has 30 days."),
    ],
)
def test_a_date_that_does_not_exist_is_refused_as_such(typed: str, message: str) -> None:
    with pytest.raises(ThinkFamilyError) as caught:
        parse_day(typed, relative=True, base=THURSDAY)
    assert caught.value.message == message


def test_relative_forms_only_where_asked_for() -> None:
    with pytest.raises(ThinkFamilyError) as caught:
        parse_day("friday", base=THURSDAY)
    assert caught.value.message == (
        "'friday' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD (or today)."
    )
    with pytest.raises(ThinkFamilyError) as caught:
        parse_day("next week", relative=True, base=THURSDAY)
    assert caught.value.message == (
        "'next week' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD, a weekday (friday), "
        "today, tomorrow, or +3d, +2w, +1m from today."
    )


@pytest.mark.parametrize("typed", ["01/05/27", "1.5.2027", "fr", "2027/01/05", ""])
def test_other_forms_are_refused(typed: str) -> None:
    with pytest.raises(ThinkFamilyError):
        parse_day(typed, relative=True, base=THURSDAY)


def test_the_last_and_first_years_there_are() -> None:
    assert parse_day("31/12/9999", base=THURSDAY) == date(9999, 12, 31)
    with pytest.raises(ThinkFamilyError) as caught:
        parse_day("0000-01-01", base=THURSDAY)
    assert caught.value.message == "'0000-01-01' is not a date that exists: there is no year 0."
    with pytest.raises(ThinkFamilyError) as later:
        parse_day("+1m", relative=True, base=date(9999, 12, 15))
    assert later.value.message == "+1m is later than any date there is."
