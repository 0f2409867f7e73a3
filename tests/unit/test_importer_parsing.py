"""Pure parsing rules of the canonical importer: dates, counts, gender labels, personal data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisory.importers.headers import personal_data_columns
from advisory.importers.parsing import normalise_gender, parse_count, parse_date
from advisory.importers.problems import Problem, ProblemLog
from advisory.models import GENDER_GROUPS

TODAY = dt.date(2024, 6, 30)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2024-03-05", False, (dt.date(2024, 3, 5), "")),
        ("2024-3-5", False, (dt.date(2024, 3, 5), "")),
        ("2024-03-05 00:00:00", False, (dt.date(2024, 3, 5), "")),
        ("05/03/2024", True, (dt.date(2024, 3, 5), "")),
        ("2024-03-05", True, (dt.date(2024, 3, 5), "")),
        (" ", False, (None, "Enter a date.")),
        ("2024-02-30", False, (None, "Not a real calendar date.")),
        ("31/02/2024", True, (None, "Not a real calendar date.")),
        (
            "March 5",
            True,
            (None, "Not a date: use DD/MM/YYYY or YYYY-MM-DD (for example 2024-03-05)."),
        ),
        ("2024-07-01", False, (None, "The date is in the future.")),
        ("1989-01-01", False, (None, "The date is before 1990: check the year.")),
    ],
)
def test_dates_are_iso_or_day_first_when_asked(text, day_first, expected):
    assert parse_date(text, day_first=day_first, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "required", "expected"),
    [
        ("12", True, (12, "")),
        (" 12 ", True, (12, "")),
        ("12.0", True, (12, "")),
        ("+3", True, (3, "")),
        ("0", True, (0, "")),
        ("", False, (None, "")),
        ("", True, (None, "Enter the number of visits (0 if there were none).")),
        ("-1", True, (None, "A count cannot be negative.")),
        ("1,5", True, (None, "Not a whole number.")),
        ("1e3", True, (None, "Not a number.")),
        ("1000000", True, (1_000_000, "")),
        ("1000001", True, (None, "Too large for one row (at most 1,000,000).")),
    ],
)
def test_counts_are_non_negative_whole_numbers(text, required, expected):
    assert parse_count(text, required=required, what="visits") == expected


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("F", "woman"),
        ("female", "woman"),
        ("Woman", "woman"),
        ("W", "woman"),
        ("M", "man"),
        ("Male", "man"),
        ("MAN", "man"),
        ("TW", "trans_woman"),
        ("Trans woman", "trans_woman"),
        ("trans-woman", "trans_woman"),
        ("MtF", "trans_woman"),
        ("TM", "trans_man"),
        ("trans_man", "trans_man"),
        ("Non-binary", "non_binary"),
        ("NB", "non_binary"),
        ("Unknown", "not_recorded"),
        ("", "not_recorded"),
        (None, "not_recorded"),
        ("n/a", "not_recorded"),
        ("-", "not_recorded"),
        ("lady", None),
        ("other", None),
    ],
)
def test_gender_labels_are_normalised(label, group):
    assert normalise_gender(label) == group


@given(
    group=st.sampled_from(GENDER_GROUPS),
    upper=st.booleans(),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
)
def test_every_canonical_group_name_maps_to_itself_whatever_the_case_and_spacing(group, upper, pad):
    label = pad + (group.upper() if upper else group) + pad
    assert normalise_gender(label) == group


def test_columns_that_look_like_personal_data_are_found_and_ours_are_not():
    headers = [
        "date",
        "site",
        "service",
        "gender",
        "visits",
        "period",
        "unique_clients",
        "new_clients",
        "Name",
        "First name",
        "SURNAME",
        "date of birth",
        "DOB",
        "Birthdate",
        "phone",
        "Mobile number",
        "e-mail",
        "Address",
        "client id",
        "ClientID",
        "client",
        "patient_no",
        "UIC",
        "site_name",
        "notes",
    ]
    assert personal_data_columns(headers) == [
        "Name",
        "First name",
        "SURNAME",
        "date of birth",
        "DOB",
        "Birthdate",
        "phone",
        "Mobile number",
        "e-mail",
        "Address",
        "client id",
        "ClientID",
        "client",
        "patient_no",
        "UIC",
    ]


def test_the_problem_log_counts_every_problem_and_lists_the_first_ones_by_row():
    log = ProblemLog(limit=3)
    rows = np.arange(1_000_000, 0, -1) + 1  # found in any order
    log.add_rows(rows, "visits", np.full(1_000_000, "x"), "Not a number.")
    log.add_rows(np.array([7, 2]), "date", np.array(["a", "b"]), np.array(["late", "early"]))
    log.first(Problem(None, "", "", "whole file"))
    log.last(Problem(None, "", "", "at the end"))
    assert log.count == 1_000_004
    assert log.listed() == [
        Problem(None, "", "", "whole file"),
        Problem(2, "date", "b", "early"),
        Problem(2, "visits", "x", "Not a number."),
    ]


def test_the_problem_log_lists_rows_found_late_in_their_place():
    log = ProblemLog(limit=2)
    for row in range(10, 5000):
        log.add([Problem(row, "site", "", "no such site")])
    log.add_rows(np.array([3]), "period", np.array(["x"]), lambda i: f"reason {i}")
    assert [(p.row, p.reason) for p in log.listed()] == [(3, "reason 0"), (10, "no such site")]
    assert log.count == 4991
