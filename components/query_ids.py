"""Record ids read from the URL (``?meeting=12``, ``?id=7``).

why (review finding 3): ``str.isdigit()`` then ``int()`` let two kinds of link crash a page:
``?meeting=²`` passes ``isdigit()`` but ``int()`` raises ValueError, and
``?meeting=100000000000000000000`` reaches the database, where SQLite raises OverflowError and
PostgreSQL DataError. Anyone can type a URL, so a bad one must lead to the page's "not found"
message, never a traceback.

The upper bound is PostgreSQL's ``integer`` (the ids are ``Integer`` columns, and SQLAlchemy
sends ``id = %(pk)s::INTEGER``, so 2**31 already fails there with "integer out of range"),
not the 2**63 - 1 a 64-bit bound would allow.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest id column value on PostgreSQL (integer); SQLite allows more
NO_SUCH_ID = 0  # ids start at 1, so no record has this one: the services answer NotFound


def record_id(raw: str | None) -> int | None:
    """The id in ``raw`` (ASCII digits, 1 to MAX_ID), or None when it is not such a number."""
    if not raw or not raw.isascii() or not raw.isdecimal():
        return None
    if len(raw.lstrip("0")) > len(str(MAX_ID)):
        # Checked before int(): Python refuses to convert over 4,300 digits (ValueError).
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def requested_id(raw: str | None) -> int | None:
    """For a page that shows one record when its query parameter is set.

    None when the parameter is absent or empty (show the list); the id when it is valid; and
    NO_SUCH_ID when it is set but not a usable id, so the page's usual "not found" path runs.
    """
    if not raw:
        return None
    parsed = record_id(raw)
    return NO_SUCH_ID if parsed is None else parsed
