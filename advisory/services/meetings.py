"""Advisory group meetings as changed: logging a meeting and editing it (with history).

What pages read (the list by quarter, one meeting, its history, the members to pick) is in
advisory.services.meeting_views; how a corrected date reaches the recommendations raised and
verified at the meeting is in advisory.services.meeting_dates. Both commands are `@writes`
services that take the acting user (`actor`) and check its capability first.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import writes
from advisory.errors import ValidationError
from advisory.i18n import N_, _, format_date
from advisory.models import AdvisoryGroup, Meeting, MeetingAttendee, MeetingRevision, Member
from advisory.periods import quarter_label
from advisory.services import audit, edit_conflicts, meeting_dates, organisation
from advisory.services.meeting_views import FIELD_WORDS, MeetingView, get, snapshot

# Stored values (English keys); translate where shown: _(format).
FORMATS: tuple[str, ...] = (N_("in person"), N_("remote"), N_("mixed"))
CONSULTATION_METHODS: tuple[str, ...] = (
    N_("focus group"),
    N_("outreach conversations"),
    N_("survey"),
    N_("other"),
)
# The messages of _count, whole for each counted field: (not whole, negative, too large).
_COUNT_MESSAGES: dict[str, tuple[str, str, str]] = {
    "guests": (
        N_("Enter the number of guests as a whole number."),
        N_("The number of guests cannot be negative. Enter 0 if there were none."),
        N_("The number of guests looks too large; check it."),
    ),
    "women_consulted": (
        N_("Enter the number of women consulted as a whole number."),
        N_("The number of women consulted cannot be negative. Enter 0 if there were none."),
        N_("The number of women consulted looks too large; check it."),
    ),
}
MAX_DAYS_AHEAD = 7
MAX_COUNT = 10_000


@dataclass(frozen=True)
class _Clean:
    held_on: dt.date
    format: str
    place: str
    member_ids: tuple[int, ...]
    guests: int
    women_consulted: int
    consultation_methods: tuple[str, ...]
    agenda: str
    minutes: str
    decisions: str
    next_meeting_on: dt.date | None


def _count(value: object, field: str) -> int:
    not_whole, negative, too_large = _COUNT_MESSAGES[field]
    whole = ValidationError(_(not_whole), field=field)
    if not isinstance(value, int | float | str):
        raise whole
    try:
        n = int(value)
    except ValueError:
        raise whole from None
    if n != value and not isinstance(value, str):
        raise whole
    if n < 0:
        raise ValidationError(_(negative), field=field)
    if n > MAX_COUNT:
        raise ValidationError(_(too_large), field=field)
    return n


def _validate(
    session: Session,
    *,
    group_id: int,
    held_on: dt.date | None,
    format: str,
    place: str | None,
    member_ids: list[int] | tuple[int, ...],
    guests: int,
    women_consulted: int,
    consultation_methods: list[str] | tuple[str, ...],
    agenda: str,
    minutes: str,
    decisions: str,
    next_meeting_on: dt.date | None,
    today: dt.date,
) -> _Clean:
    if not isinstance(held_on, dt.date):
        raise ValidationError(_("Enter the date of the meeting."), field="held_on")
    if held_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            _(
                "The meeting date {day} is more than a week in the future. "
                "Log a meeting on the day it happens (or up to a week before)."
            ).format(day=format_date(held_on, "dd MMM y")),
            field="held_on",
        )
    if format not in FORMATS:
        raise ValidationError(
            _("Choose a format: {formats}.").format(formats=", ".join(_(f) for f in FORMATS)),
            field="format",
        )
    guests_n = _count(guests, "guests")
    consulted_n = _count(women_consulted, "women_consulted")
    methods = tuple(dict.fromkeys(consultation_methods or ()))
    unknown = [m for m in methods if m not in CONSULTATION_METHODS]
    if unknown:
        raise ValidationError(
            _("Choose how women were consulted from: {methods}.").format(
                methods=", ".join(_(m) for m in CONSULTATION_METHODS)
            ),
            field="consultation_methods",
        )
    if next_meeting_on is not None and next_meeting_on <= held_on:
        raise ValidationError(
            _("The next meeting date must be after this meeting's date."), field="next_meeting_on"
        )
    ids = tuple(sorted(set(int(i) for i in member_ids or ())))
    if ids:
        known = set(
            session.scalars(
                select(Member.id).where(Member.id.in_(ids), Member.group_id == group_id)
            )
        )
        if known != set(ids):
            raise ValidationError(
                _("Pick members present from the group's member list."), field="member_ids"
            )
    return _Clean(
        held_on=held_on,
        format=format,
        place=(place or "").strip()[:200],
        member_ids=ids,
        guests=guests_n,
        women_consulted=consulted_n,
        consultation_methods=tuple(m for m in CONSULTATION_METHODS if m in methods),
        agenda=(agenda or "").strip(),
        minutes=(minutes or "").strip(),
        decisions=(decisions or "").strip(),
        next_meeting_on=next_meeting_on,
    )


def _apply(row: Meeting, clean: _Clean) -> None:
    row.held_on = clean.held_on
    row.format = clean.format
    row.place = clean.place or None
    row.guests = clean.guests
    row.women_consulted = clean.women_consulted
    row.consultation_methods = ",".join(clean.consultation_methods)
    row.agenda = clean.agenda
    row.minutes = clean.minutes
    row.decisions = clean.decisions
    row.next_meeting_on = clean.next_meeting_on
    row.attendees = [MeetingAttendee(member_id=i) for i in clean.member_ids]


@writes
def create_meeting(
    session: Session,
    *,
    held_on: dt.date | None,
    format: str = "in person",
    place: str | None = None,
    member_ids: list[int] | tuple[int, ...] = (),
    guests: int = 0,
    women_consulted: int = 0,
    consultation_methods: list[str] | tuple[str, ...] = (),
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
    next_meeting_on: dt.date | None = None,
    group_id: int | None = None,
    actor: Actor,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> MeetingView:
    """Log a meeting. Every bad input raises ValidationError naming its field; nothing saved."""
    authorise(session, actor, "log_meetings")
    if group_id is None:
        group_id = organisation.default_group(session).id
    elif session.get(AdvisoryGroup, group_id) is None:
        raise ValidationError(_("Choose the advisory group."), field="group_id")
    clean = _validate(
        session,
        group_id=group_id,
        held_on=held_on,
        format=format,
        place=place,
        member_ids=member_ids,
        guests=guests,
        women_consulted=women_consulted,
        consultation_methods=consultation_methods,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        next_meeting_on=next_meeting_on,
        today=today or clock.today(),
    )
    row = Meeting(group_id=group_id, updated_at=now or clock.now(), updated_by=actor.username)
    _apply(row, clean)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="meeting.create",
        entity="meeting",
        entity_id=row.id,
        detail=quarter_label(clean.held_on),
    )
    return get(session, row.id)


@writes
def edit_meeting(
    session: Session,
    *,
    meeting_id: int,
    expected_version: int,
    held_on: dt.date | None,
    format: str,
    place: str | None,
    member_ids: list[int] | tuple[int, ...],
    guests: int,
    women_consulted: int,
    consultation_methods: list[str] | tuple[str, ...],
    agenda: str,
    minutes: str,
    decisions: str,
    next_meeting_on: dt.date | None,
    actor: Actor,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> MeetingView:
    """Save an edit; the previous state is kept as a revision (edit history).

    Raises StaleEdit when someone else saved after `expected_version` was loaded; their
    edit stays. A new date moves the "raised on" date of the recommendations raised at the
    meeting and the "verified on" date of those verified at it, in the same transaction; a date
    that would put their dates out of order (due, done or escalated before it; verified before
    done) is refused.
    """
    authorise(session, actor, "log_meetings")
    row = edit_conflicts.load_for_update(session, Meeting, meeting_id, what="meeting")
    edit_conflicts.refuse_if_stale(session, row, expected_version)
    clean = _validate(
        session,
        group_id=row.group_id,
        held_on=held_on,
        format=format,
        place=place,
        member_ids=member_ids,
        guests=guests,
        women_consulted=women_consulted,
        consultation_methods=consultation_methods,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        next_meeting_on=next_meeting_on,
        today=today or clock.today(),
    )
    at, by = now or clock.now(), actor.username
    old_date = row.held_on
    moved = clean.held_on != old_date
    dated = meeting_dates.dated_by(session, meeting_id) if moved else []
    meeting_dates.refuse_out_of_order(dated, meeting_id=meeting_id, new_date=clean.held_on)
    before = snapshot(row)
    _apply(row, clean)
    changed = [k for k, v in snapshot(row).items() if v != before[k]]
    if not changed:
        return get(session, meeting_id)
    session.add(
        MeetingRevision(
            meeting_id=row.id,
            version=row.version,
            snapshot=json.dumps(before, sort_keys=True),
            changed_by=by,
            changed_at=at,
        )
    )
    row.updated_at = at
    row.updated_by = by
    if moved:
        meeting_dates.follow(
            session, dated, meeting_id=meeting_id, old=old_date, new=clean.held_on, by=by, at=at
        )
    edit_conflicts.flush_or_refuse(session)
    audit.record(
        session,
        actor=by,
        action="meeting.edit",
        entity="meeting",
        entity_id=row.id,
        detail="changed " + ", ".join(FIELD_WORDS[k] for k in changed),
    )
    return get(session, meeting_id)
