"""The .ics builder against RFC 5545: CRLF lines, folding at 75 octets, TEXT escaping, UID and
a DTSTAMP in UTC; read back by a real parser (icalendar)."""

from __future__ import annotations

import datetime as dt

import icalendar

from advisory.exports import ics

STAMP = dt.datetime(2026, 12, 2, 7, 41, 5)  # naive UTC, as advisory.clock.now gives
ON = dt.date(2027, 3, 10)


def _event(**overrides: str) -> ics.AllDayEvent:
    values = {
        "uid": "meeting-1-20270310@dashboard.example.org",
        "on": ON,
        "summary": "Women's advisory group: next meeting (Riverside; DIC, north)",
        "description": "",
        "url": None,
    }
    values.update(overrides)
    return ics.AllDayEvent(**values)


def test_a_short_event_is_exactly_this_file():
    data = ics.calendar(_event(), stamp=STAMP)
    assert data == (
        b"BEGIN:VCALENDAR\r\n"
        b"VERSION:2.0\r\n"
        b"PRODID:-//Advisory Dashboard//Advisory Dashboard//EN\r\n"
        b"CALSCALE:GREGORIAN\r\n"
        b"METHOD:PUBLISH\r\n"
        b"BEGIN:VEVENT\r\n"
        b"UID:meeting-1-20270310@dashboard.example.org\r\n"
        b"DTSTAMP:20261202T074105Z\r\n"
        b"DTSTART;VALUE=DATE:20270310\r\n"
        b"DTEND;VALUE=DATE:20270311\r\n"
        b"SUMMARY:Women's advisory group: next meeting (Riverside\\; DIC\\, north)\r\n"
        b"TRANSP:TRANSPARENT\r\n"
        b"END:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )


def test_text_escapes_backslash_semicolon_comma_and_line_breaks():
    assert ics.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_every_line_ends_in_crlf_and_no_line_is_longer_than_75_octets():
    long = "ပြည်သူ့ကျန်းမာရေး " * 12 + "é, ü; and a very long English tail " * 4
    data = ics.calendar(_event(summary=long, description=long), stamp=STAMP)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    continued = [line for line in lines if line.startswith(b" ")]
    assert len(continued) > 4  # both long values were folded
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character


def test_unfolding_gives_back_the_escaped_text():
    long = "ပြည်သူ့ကျန်းမာရေး, " * 10
    text = ics.calendar(_event(summary=long), stamp=STAMP).decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert f"SUMMARY:{ics.escape_text(long)}\r\n" in unfolded


def test_a_fold_at_exactly_75_octets_leaves_the_first_line_whole():
    line = "X" * 75
    assert ics.fold(line) == line
    assert ics.fold("X" * 76) == "X" * 75 + "\r\n X"
    assert ics.fold("X" * 150) == "X" * 75 + "\r\n " + "X" * 74 + "\r\n X"
    assert ics.fold("é" * 40) == "é" * 37 + "\r\n " + "é" * 3  # 2 octets each: 74, then 6


def test_a_time_zone_aware_stamp_is_written_in_utc():
    bangkok = dt.timezone(dt.timedelta(hours=7))
    data = ics.calendar(_event(), stamp=dt.datetime(2026, 12, 2, 14, 41, 5, tzinfo=bangkok))
    assert b"DTSTAMP:20261202T074105Z\r\n" in data


def test_a_real_parser_reads_the_next_meeting_back():
    event = ics.next_meeting_event(
        on=ON,
        group_id=3,
        organisation="Riverside harm reduction, Myitkyina",
        group="Women's advisory group",
        app_url="https://dashboard.example.org:8443/",
    )
    parsed = icalendar.Calendar.from_ical(ics.calendar(event, stamp=STAMP))
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["UID"]) == "meeting-3-20270310@dashboard.example.org"
    assert vevent.decoded("DTSTART") == ON
    assert vevent.decoded("DTEND") == ON + dt.timedelta(days=1)
    assert vevent.decoded("DTSTAMP") == STAMP.replace(tzinfo=dt.UTC)
    assert str(vevent["SUMMARY"]) == (
        "Women's advisory group: next meeting (Riverside harm reduction, Myitkyina)"
    )
    assert str(vevent["DESCRIPTION"]) == (
        "The next meeting of Women's advisory group, as planned at its last meeting. "
        "Details in Advisory Dashboard: https://dashboard.example.org:8443/"
    )
    assert parsed.errors == [] and vevent.errors == []
