"""Advisory group meetings: log, edit (with history), list by quarter.

Minutes are readable by every logged-in user (members and directors alike) and by nobody else:
they appear only on the meeting's own page, and in an export only when asked for.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.errors import NotFound, ValidationError
from advisory.models import (
    AdvisoryGroup,
    Meeting,
    MeetingAttendee,
    MeetingRevision,
    Member,
    Recommendation,
    RecommendationEvent,
    User,
)
from advisory.periods import quarter_label
from advisory.permissions import require
from advisory.services import audit, edit_conflicts, organisation

FORMATS: tuple[str, ...] = ("in person", "remote", "mixed")
CONSULTATION_METHODS: tuple[str, ...] = (
    "focus group",
    "outreach conversations",
    "survey",
    "other",
)
MAX_DAYS_AHEAD = 7
MAX_COUNT = 10_000

# Fields kept in each revision snapshot, with the words used to say what changed.
FIELD_WORDS: dict[str, str] = {
    "held_on": "date",
    "format": "format",
    "place": "place",
    "member_ids": "members present",
    "guests": "guests",
    "women_consulted": "women consulted",
    "consultation_methods": "how women were consulted",
    "agenda": "agenda",
    "minutes": "minutes",
    "decisions": "decisions",
    "next_meeting_on": "next meeting date",
}


@dataclass(frozen=True)
class MeetingView:
    """A meeting as plain values (safe for session state)."""

    id: int
    group_id: int
    held_on: dt.date
    quarter: str
    format: str
    place: str
    member_ids: tuple[int, ...]
    member_names: tuple[str, ...]
    guests: int
    women_consulted: int
    consultation_methods: tuple[str, ...]
    agenda: str
    minutes: str
    decisions: str
    next_meeting_on: dt.date | None
    recommendation_count: int
    version: int
    updated_at: dt.datetime
    updated_by: str

    @property
    def label(self) -> str:
        """'2025 Q2 meeting, 12 Jun 2025'."""
        return f"{self.quarter} meeting, {self.held_on:%d %b %Y}"


@dataclass(frozen=True)
class MeetingChange:
    """One edit: who, when, and which fields it changed."""

    version: int
    changed_by: str
    changed_at: dt.datetime
    fields: tuple[str, ...]


def _methods(raw: str) -> tuple[str, ...]:
    return tuple(m for m in (raw or "").split(",") if m)


def _views(session: Session, meetings: list[Meeting]) -> list[MeetingView]:
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    present: dict[int, list[tuple[str, int]]] = {i: [] for i in ids}
    rows = session.execute(
        select(MeetingAttendee.meeting_id, Member.id, Member.name)
        .join(Member, Member.id == MeetingAttendee.member_id)
        .where(MeetingAttendee.meeting_id.in_(ids))
    )
    for meeting_id, member_id, name in rows:
        present[meeting_id].append((name, member_id))
    counts = dict(
        session.execute(
            select(Recommendation.meeting_id, func.count(Recommendation.id))
            .where(Recommendation.meeting_id.in_(ids))
            .group_by(Recommendation.meeting_id)
        ).all()
    )
    out = []
    for m in meetings:
        people = sorted(present[m.id])
        out.append(
            MeetingView(
                id=m.id,
                group_id=m.group_id,
                held_on=m.held_on,
                quarter=quarter_label(m.held_on),
                format=m.format,
                place=m.place or "",
                member_ids=tuple(sorted(mid for _, mid in people)),
                member_names=tuple(name for name, _ in people),
                guests=m.guests,
                women_consulted=m.women_consulted,
                consultation_methods=_methods(m.consultation_methods),
                agenda=m.agenda or "",
                minutes=m.minutes or "",
                decisions=m.decisions or "",
                next_meeting_on=m.next_meeting_on,
                recommendation_count=int(counts.get(m.id, 0)),
                version=m.version,
                updated_at=m.updated_at,
                updated_by=m.updated_by,
            )
        )
    return out


def list_meetings(session: Session, *, group_id: int | None = None) -> list[MeetingView]:
    """All meetings, newest first."""
    q = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if group_id is not None:
        q = q.where(Meeting.group_id == group_id)
    return _views(session, list(session.scalars(q)))


def by_quarter(meetings: list[MeetingView]) -> dict[str, list[MeetingView]]:
    """Meetings grouped under '2025 Q2' headings, keeping their order (newest first)."""
    grouped: dict[str, list[MeetingView]] = {}
    for m in meetings:
        grouped.setdefault(m.quarter, []).append(m)
    return grouped


def get(session: Session, meeting_id: int) -> MeetingView:
    row = session.get(Meeting, meeting_id)
    if row is None:
        raise NotFound("No such meeting. It may have been removed; go back to the list.")
    return _views(session, [row])[0]


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


def _count(value: object, field: str, words: str) -> int:
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError(
            f"Enter the number of {words} as a whole number.", field=field
        ) from None
    if n != value and not isinstance(value, str):
        raise ValidationError(
            f"Enter the number of {words} as a whole number.", field=field
        ) from None
    if n < 0:
        raise ValidationError(
            f"The number of {words} cannot be negative. Enter 0 if there were none.", field=field
        )
    if n > MAX_COUNT:
        raise ValidationError(f"The number of {words} looks too large; check it.", field=field)
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
        raise ValidationError("Enter the date of the meeting.", field="held_on")
    if held_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            f"The meeting date {held_on:%d %b %Y} is more than a week in the future. "
            "Log a meeting on the day it happens (or up to a week before).",
            field="held_on",
        )
    if format not in FORMATS:
        raise ValidationError(f"Choose a format: {', '.join(FORMATS)}.", field="format")
    guests_n = _count(guests, "guests", "guests")
    consulted_n = _count(women_consulted, "women_consulted", "women consulted")
    methods = tuple(dict.fromkeys(consultation_methods or ()))
    unknown = [m for m in methods if m not in CONSULTATION_METHODS]
    if unknown:
        raise ValidationError(
            f"Choose how women were consulted from: {', '.join(CONSULTATION_METHODS)}.",
            field="consultation_methods",
        )
    if next_meeting_on is not None and next_meeting_on <= held_on:
        raise ValidationError(
            "The next meeting date must be after this meeting's date.", field="next_meeting_on"
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
                "Pick members present from the group's member list.", field="member_ids"
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
    by: str,
    role: str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> MeetingView:
    """Log a meeting. Every bad input raises ValidationError naming its field; nothing saved."""
    require(role, "log_meetings")
    if group_id is None:
        group_id = organisation.default_group(session).id
    elif session.get(AdvisoryGroup, group_id) is None:
        raise ValidationError("Choose the advisory group.", field="group_id")
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
    row = Meeting(group_id=group_id, updated_at=now or clock.now(), updated_by=by)
    _apply(row, clean)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=by,
        action="meeting.create",
        entity="meeting",
        entity_id=row.id,
        detail=quarter_label(clean.held_on),
    )
    return get(session, row.id)


def _snapshot(row: Meeting) -> dict[str, object]:
    return {
        "held_on": row.held_on.isoformat(),
        "format": row.format,
        "place": row.place or "",
        "member_ids": sorted(a.member_id for a in row.attendees),
        "guests": row.guests,
        "women_consulted": row.women_consulted,
        "consultation_methods": row.consultation_methods or "",
        "agenda": row.agenda or "",
        "minutes": row.minutes or "",
        "decisions": row.decisions or "",
        "next_meeting_on": row.next_meeting_on.isoformat() if row.next_meeting_on else None,
    }


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
    by: str,
    role: str,
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
    require(role, "log_meetings")
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
    at = now or clock.now()
    old_date = row.held_on
    moved = clean.held_on != old_date
    dated = _recommendations_dated_by(session, meeting_id) if moved else []
    _refuse_dates_out_of_order(dated, meeting_id=meeting_id, new_date=clean.held_on)
    before = _snapshot(row)
    _apply(row, clean)
    changed = [k for k, v in _snapshot(row).items() if v != before[k]]
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
        _move_recommendation_dates(
            session,
            dated,
            meeting_id=meeting_id,
            old=old_date,
            new=clean.held_on,
            by=by,
            at=at,
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


def _recommendations_dated_by(session: Session, meeting_id: int) -> list[Recommendation]:
    """Recommendations raised or verified at the meeting, locked until the end of the edit."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(
                (Recommendation.meeting_id == meeting_id)
                | (Recommendation.verified_at_meeting_id == meeting_id)
            )
            .order_by(Recommendation.id)
            .with_for_update()
        )
    )


def _refuse_dates_out_of_order(
    recs: list[Recommendation], *, meeting_id: int, new_date: dt.date
) -> None:
    """Refuse a new meeting date that would put a recommendation's dates out of order.

    A recommendation raised at the meeting takes the meeting's date as its "raised on" date, so
    its due, done and escalation dates must not fall before the new date; one verified at the
    meeting must have been done on or before it (the rules `recommendations` applies itself).
    """
    raised = [r for r in recs if r.meeting_id == meeting_id]
    for attr, words, what in (
        ("due_on", "is due on", "due"),
        ("done_on", "was done on", "done"),
        ("escalated_on", "was escalated on", "escalation"),
    ):
        dates = [getattr(r, attr) for r in raised if getattr(r, attr) is not None]
        if dates and min(dates) < new_date:
            raise ValidationError(
                f"A recommendation raised at this meeting {words} {min(dates):%d %b %Y}, before "
                f"the new date. Change that {what} date first, or check the meeting date.",
                field="held_on",
            )
    done = [
        r.done_on for r in recs if r.verified_at_meeting_id == meeting_id and r.done_on is not None
    ]
    if done and max(done) > new_date:
        raise ValidationError(
            f"A recommendation verified at this meeting was done on {max(done):%d %b %Y}, after "
            "the new date: the group cannot have checked it before it was done. Check the "
            "meeting date.",
            field="held_on",
        )


def _move_recommendation_dates(
    session: Session,
    recs: list[Recommendation],
    *,
    meeting_id: int,
    old: dt.date,
    new: dt.date,
    by: str,
    at: dt.datetime,
) -> None:
    """Carry a corrected meeting date to the recommendations that copied it.

    why (review finding 2): `raised_on` (raised at this meeting) and `verified_on` (verified at
    it) are copies of the meeting's date, kept for listing and figures such as "median days to
    done"; left behind, they would contradict the meeting. Each recommendation changed gets a
    timeline entry and an audit row, and a new version, so anyone with it open is told to reload.
    """
    for rec in recs:
        notes: list[str] = []
        if rec.meeting_id == meeting_id and rec.raised_on != new:
            rec.raised_on = new
            notes.append("raised on")
        if rec.verified_at_meeting_id == meeting_id and rec.verified_on != new:
            rec.verified_on = new
            notes.append("verified on")
        if not notes:
            continue
        rec.updated_at = at
        rec.updated_by = by
        which = " and ".join(f"'{n}'" for n in notes)
        session.add(
            RecommendationEvent(
                recommendation_id=rec.id,
                at=at,
                by=by,
                kind="edit",
                comment=(
                    f"The meeting's date was corrected from {old:%d %b %Y} to {new:%d %b %Y}; "
                    f"the {which} date follows it."
                ),
            )
        )
        audit.record(
            session,
            actor=by,
            action="recommendation.edit",
            entity="recommendation",
            entity_id=rec.id,
            detail=f"{' and '.join(notes)} date follows meeting {meeting_id}",
        )


def history(session: Session, meeting_id: int) -> list[MeetingChange]:
    """Edits to a meeting, oldest first: who, when, which fields changed."""
    row = session.get(Meeting, meeting_id)
    if row is None:
        raise NotFound("No such meeting.")
    revisions = list(
        session.scalars(
            select(MeetingRevision)
            .where(MeetingRevision.meeting_id == meeting_id)
            .order_by(MeetingRevision.version, MeetingRevision.id)
        )
    )
    snapshots = [json.loads(r.snapshot) for r in revisions] + [_snapshot(row)]
    names = _display_names(session, {r.changed_by for r in revisions})
    changes = []
    for i, rev in enumerate(revisions):
        before, after = snapshots[i], snapshots[i + 1]
        fields = tuple(FIELD_WORDS[k] for k in FIELD_WORDS if before.get(k) != after.get(k))
        changes.append(
            MeetingChange(
                version=rev.version,
                changed_by=names.get(rev.changed_by, rev.changed_by),
                changed_at=rev.changed_at,
                fields=fields,
            )
        )
    return changes


def _display_names(session: Session, usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    rows = session.execute(
        select(User.username, User.display_name).where(User.username.in_(usernames))
    )
    return dict(rows.all())


def members_to_pick(
    session: Session,
    *,
    group_id: int | None = None,
    on: dt.date | None = None,
    include: tuple[int, ...] = (),
) -> list[tuple[int, str]]:
    """(id, name) of the group's members on a day, plus anyone in `include` (already picked)."""
    if group_id is None:
        group_id = organisation.default_group(session).id
    members = organisation.list_members(session, group_id=group_id)
    day = on or clock.today()
    return [
        (m.id, m.name)
        for m in members
        if m.id in include
        or ((m.joined_on is None or m.joined_on <= day) and (m.left_on is None or m.left_on >= day))
    ]
