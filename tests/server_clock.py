"""A server whose clock is not on UTC: the process's local date differs from the UTC date.

Review finding 1 (one clock for business dates) shows only on such a server, so these tests
set the process's time zone (TZ, as an operator would) for the test's duration. POSIX zone
strings need no tzdata: "<+14>-14" is 14 hours ahead of UTC, "<-12>12" 12 hours behind.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from advisory import clock

AHEAD = "<+14>-14"
BEHIND = "<-12>12"


@contextmanager
def local_date_off_utc() -> Iterator[str]:
    """Set TZ so that the local date is not the UTC date now; yields the zone used.

    Ahead of UTC (the reviewer's case) whenever that changes the date (from 10:00 UTC on),
    otherwise behind. Restores the previous zone afterwards.
    """
    zone = AHEAD if dt.datetime.now(dt.UTC).hour >= 10 else BEHIND
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        assert dt.date.today() != clock.today(), "the local date should differ from UTC's"
        yield zone
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
