"""components.query_ids: a record id read from the URL is a plain number the id columns hold."""

from __future__ import annotations

import pytest

from components.query_ids import MAX_ID, NO_SUCH_ID, record_id, requested_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("007", 7),
        ("1", 1),
        (str(2**31 - 1), 2**31 - 1),
        ("0" * 30 + "5", 5),
    ],
)
def test_ascii_digits_from_1_to_the_largest_integer_id_are_ids(raw, expected):
    assert record_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "1e3",
        "abc",
        "²",  # isdigit() is True, int() raises ValueError
        "١٢",  # Arabic-Indic digits: isdecimal() is True, but not ASCII
        "１２",  # full-width digits
        str(2**31),  # PostgreSQL's integer id columns: "integer out of range"
        str(2**63),
        "100000000000000000000",  # overflows SQLite's INTEGER and PostgreSQL's bigint
        "9" * 5000,  # more digits than int() converts
    ],
)
def test_anything_else_is_not_an_id(raw):
    assert record_id(raw) is None


def test_a_page_shows_its_list_when_the_parameter_is_absent_and_not_found_when_it_is_bad():
    assert requested_id(None) is None
    assert requested_id("") is None
    assert requested_id("42") == 42
    assert requested_id("²") == NO_SUCH_ID
    assert requested_id("100000000000000000000") == NO_SUCH_ID
    assert NO_SUCH_ID < 1 <= MAX_ID
