"""advisory.clock: business dates and times are UTC, whatever the server's time zone."""

from __future__ import annotations

import datetime as dt

from advisory import clock
from tests.server_clock import local_date_off_utc


def test_now_is_naive_utc_like_the_stored_timestamps():
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    now = clock.now()
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert now.tzinfo is None
    assert before <= now <= after


def test_stored_timestamps_default_to_the_one_clock():
    from advisory import models

    assert not hasattr(models, "utcnow")
    stamp = models.AuditEvent.__table__.c.at.default.arg(None)
    assert abs((stamp - clock.now()).total_seconds()) < 5


def test_today_is_the_utc_date_even_when_the_server_clock_is_not_on_utc():
    with local_date_off_utc():
        utc_before = dt.datetime.now(dt.UTC).date()
        today = clock.today()
        utc_after = dt.datetime.now(dt.UTC).date()
        local = dt.date.today()
    assert today in (utc_before, utc_after)
    assert today != local  # the server's local date is another day
