"""DHIS2 period codes: day, ISO week (stored as its Monday) and month; everything else refused."""

from __future__ import annotations

import datetime as dt

import pytest

from advisory.importers.dhis2 import PeriodError, parse_period


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("20240305", ("day", dt.date(2024, 3, 5))),
        ("2024W5", ("week", dt.date(2024, 1, 29))),
        ("2024W05", ("week", dt.date(2024, 1, 29))),
        ("2024W1", ("week", dt.date(2024, 1, 1))),
        ("2021W1", ("week", dt.date(2021, 1, 4))),  # ISO week 1 of 2021 starts in January
        ("2020W53", ("week", dt.date(2020, 12, 28))),
        ("2025W1", ("week", dt.date(2024, 12, 30))),  # ...and of 2025 in December 2024
        ("202403", ("month", dt.date(2024, 3, 1))),
        ("2024-03", ("month", dt.date(2024, 3, 1))),
        (" 202403 ", ("month", dt.date(2024, 3, 1))),
    ],
)
def test_day_week_and_month_periods_give_their_start(code, expected):
    assert parse_period(code) == expected


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("2024Q1", "a quarterly"),
        ("2024AprilQ2", "a quarterly"),
        ("2024S1", "a six-monthly"),
        ("2024", "a yearly"),
        ("2024April", "a financial-year"),
        ("2024BiW3", "a bi-weekly"),
        ("202401B", "a bi-monthly"),
        ("2024WedW5", "a weekly period not starting on Monday"),
    ],
)
def test_other_period_types_are_refused_by_name(code, kind):
    with pytest.raises(PeriodError) as info:
        parse_period(code)
    assert str(info.value) == (
        f"This is {kind} period: only day (20240305), week (2024W10) and month (202403 or "
        "2024-03) periods can be imported. Export the data set from DHIS2 by day, week or month."
    )


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "The period is missing."),
        ("2024W54", "2024 has no ISO week 54."),
        ("2021W53", "2021 has no ISO week 53."),
        ("20240230", "Not a real calendar date."),
        ("202413", "Not a real calendar date."),
        (
            "5 March",
            "Not a DHIS2 period this import understands: use day (20240305), week "
            "(2024W10) and month (202403 or 2024-03).",
        ),
    ],
)
def test_impossible_periods_are_refused(code, reason):
    with pytest.raises(PeriodError, match="^" + reason.replace("(", r"\(").replace(")", r"\)")):
        parse_period(code)
