"""The one clock for business dates and times: UTC, as naive values.

why (review finding 1): the services compared dates with the UTC date while pages filled
their date inputs with the server's local date. On a server whose clock is ahead of UTC,
"Mark as done" with the date the form suggested was refused as "in the future"; behind UTC,
a meeting a week ahead was refused. Pages and services now both ask this module.

Naive UTC; every stored timestamp defaults to ``now`` (one clock, issue 11), so values
compare and subtract without time-zone conversions.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current time in UTC, without tzinfo (as stored in the database)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Today's date in UTC: the 'today' of every date check and every date input's default."""
    return now().date()
