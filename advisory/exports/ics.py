"""A calendar file (.ics, RFC 5545) with one all-day event: the group's next meeting (issue 13).

Pure: values in, bytes out. The rules of RFC 5545 it follows:

* lines end in CRLF (3.1) and are folded so that no line is longer than 75 octets, a fold being
  CRLF followed by one space, never inside a UTF-8 character (3.1);
* TEXT values escape backslash, semicolon and comma with a backslash, and a line break as
  ``\\n`` (3.3.11);
* every event has a UID (3.8.4.7) and a DTSTAMP in UTC (3.8.7.2); an all-day event is
  ``DTSTART;VALUE=DATE`` with a ``DTEND`` on the following day (3.6.1: DTEND is not inclusive).

A meeting's minutes, names and attendance never go in (the caller passes the words).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from advisory.i18n import _

MAX_OCTETS = 75
CRLF = "\r\n"
PRODID = "-//Advisory Dashboard//Advisory Dashboard//EN"


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    on: dt.date
    summary: str
    description: str = ""
    url: str | None = None


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, line breaks as \\n."""
    out = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """`line` folded into pieces of at most 75 octets (UTF-8), joined by CRLF and a space.

    A continuation line starts with the space, which counts towards its 75 octets; a
    character is never split across two pieces.
    """
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _utc_stamp(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC ('Z'); a naive value is taken as UTC (advisory.clock's convention)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar(event: AllDayEvent, *, stamp: dt.datetime) -> bytes:
    """A VCALENDAR holding `event`, as UTF-8 bytes with CRLF line ends and folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{event.on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.on + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")


def next_meeting_event(
    *, on: dt.date, group_id: int, organisation: str, group: str, app_url: str
) -> AllDayEvent:
    """The advisory group's next meeting as an event: a date, a title, the app's address.

    The UID is the same for the same group and date, so importing the file twice updates the
    event instead of adding a second one.
    """
    host = urlsplit(app_url).hostname or "advisory-dashboard"
    return AllDayEvent(
        uid=f"meeting-{group_id}-{on:%Y%m%d}@{host}",
        on=on,
        summary=_("{group}: next meeting ({organisation})").format(
            group=group, organisation=organisation
        ),
        description=_(
            "The next meeting of {group}, as planned at its last meeting. "
            "Details in Advisory Dashboard: {url}"
        ).format(group=group, url=app_url),
        url=app_url,
    )
