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

from advisory.errors import NotFound, ValidationError
from advisory.models import (
    AdvisoryGroup,
    Meeting,
    MeetingAttendee,
    MeetingRevision,
    Member,
    Recommendation,
    User,
    utcnow,
)
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


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(day: dt.date) -> str:
    """'2025 Q2' for any day from April to June 2025."""
    year, q = quarter_of(day)
    return f"{year} Q{q}"


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
        today=today or dt.date.today(),
    )
    row = Meeting(group_id=group_id, updated_at=now or utcnow(), updated_by=by)
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
    edit stays. A meeting whose recommendations are due before the new date is refused.
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
        today=today or dt.date.today(),
    )
    earliest_due = session.scalar(
        select(func.min(Recommendation.due_on)).where(Recommendation.meeting_id == meeting_id)
    )
    if earliest_due is not None and earliest_due < clean.held_on:
        raise ValidationError(
            f"A recommendation raised at this meeting is due on {earliest_due:%d %b %Y}, before "
            "the new date. Change that due date first, or check the meeting date.",
            field="held_on",
        )
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
            changed_at=now or utcnow(),
        )
    )
    row.updated_at = now or utcnow()
    row.updated_by = by
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
    day = on or dt.date.today()
    return [
        (m.id, m.name)
        for m in members
        if m.id in include
        or ((m.joined_on is None or m.joined_on <= day) and (m.left_on is None or m.left_on >= day))
    ]
