"""A pytest plugin: the in-process tests, run as if the run crossed midnight into a new quarter.

why: tests read the date when their module is imported (constants such as ``TODAY``), while
the code reads the clock when it runs. A CI run that crossed midnight UTC (2026-12-02) failed
six tests that way; run across a quarter's first midnight, 11 more failed, each passing on
any single day. ``make test`` runs the unit, integration and UI tests a second time with
``-p tests.clock_crossing``: the clock reads 23:00 UTC on the last day of this quarter while
modules are imported and tests collected, then 01:00 UTC on the first day of the next quarter
while they run (a new day and a new quarter, and in December a new year). The clock ticks in
both. Only this process's clock moves: servers started as subprocesses (browser, replica
tests) keep the real one, so those tests are not part of this run.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine


def next_quarter_midnight(now: dt.datetime) -> dt.datetime:
    """00:00 UTC on the first day of the quarter after the one holding `now`."""
    month = 3 * ((now.month - 1) // 3) + 4  # 4, 7, 10 or 13
    year, month = (now.year + 1, 1) if month > 12 else (now.year, month)
    return dt.datetime(year, month, 1, tzinfo=dt.UTC)


MIDNIGHT = next_quarter_midnight(dt.datetime.now(dt.UTC))
_travels = [time_machine.travel(MIDNIGHT - dt.timedelta(hours=1), tick=True)]
# Started on import: `-p` plugins are imported before conftest.py and the test modules.
_travels[0].start()


def pytest_collection_finish(session: pytest.Session) -> None:
    _travels.pop().stop()
    after = time_machine.travel(MIDNIGHT + dt.timedelta(hours=1), tick=True)
    after.start()
    _travels.append(after)


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock crossing: collected before, and run after, {MIDNIGHT:%Y-%m-%d %H:%M} UTC"


def pytest_unconfigure(config: pytest.Config) -> None:
    while _travels:
        _travels.pop().stop()
