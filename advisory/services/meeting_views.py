"""Meetings as read: the list by quarter, one meeting, its edit history, the members to pick.

Minutes are readable by every logged-in user (members and directors alike) and by nobody else:
they appear only on the meeting's own page, and in an export only when asked for.

Every public function is a `@reads` service (issue 11); logging and editing meetings is in
advisory.services.meetings.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock, text_search
from advisory.actors import Actor
from advisory.db import reads
from advisory.errors import NotFound
from advisory.i18n import N_, _, format_date
from advisory.models import (
    AdvisoryGroup,
    Meeting,
    MeetingAttendee,
    MeetingRevision,
    Member,
    Recommendation,
    User,
)
from advisory.periods import quarter_display, quarter_label
from advisory.permissions import EVERYONE
from advisory.services import organisation

# Who may read minutes, and so find a meeting by words in its minutes: every logged-in role.
MINUTES_READERS = EVERYONE

NOT_FOUND = N_("No such meeting. It may have been removed; go back to the list.")

# Fields kept in each revision snapshot, with the words used to say what changed (English in
# audit details; translated where shown).
FIELD_WORDS: dict[str, str] = {
    "held_on": N_("date"),
    "format": N_("format"),
    "place": N_("place"),
    "member_ids": N_("members present"),
    "guests": N_("guests"),
    "women_consulted": N_("women consulted"),
    "consultation_methods": N_("how women were consulted"),
    "agenda": N_("agenda"),
    "minutes": N_("minutes"),
    "decisions": N_("decisions"),
    "next_meeting_on": N_("next meeting date"),
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
        """'2025 Q2 meeting, 12 Jun 2025 · Riverside drop-in centre' (the format without a place).

        why (issue 13): labelled by date alone, two meetings on one day looked the same in
        every picker. The place (or, without one, the format) tells them apart; `pick_labels`
        numbers any that still share a label.
        """
        where = self.place.strip() or self.format
        return _("{quarter} meeting, {day} · {where}").format(
            quarter=quarter_display(self.held_on),
            day=format_date(self.held_on, "dd MMM y"),
            where=where,
        )


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
                member_ids=tuple(sorted(mid for _name, mid in people)),
                member_names=tuple(name for name, _mid in people),
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


@reads
def list_meetings(
    session: Session,
    *,
    group_id: int | None = None,
    on_or_after: dt.date | None = None,
    text: str | None = None,
    year: int | None = None,
    meeting_format: str | None = None,
    actor: Actor | None = None,
) -> list[MeetingView]:
    """All meetings (of one group, from one day on, held in one year, of one format, when
    given), newest first.

    `text`: every word in the place, agenda or decisions, or in the minutes when `actor` may
    read minutes (MINUTES_READERS), in any case (advisory.text_search). Without an actor the
    minutes are not searched: a search must not reveal what the minutes say.
    """
    q = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if group_id is not None:
        q = q.where(Meeting.group_id == group_id)
    if on_or_after is not None:
        q = q.where(Meeting.held_on >= on_or_after)
    if year is not None:
        q = q.where(Meeting.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if meeting_format is not None:
        q = q.where(Meeting.format == meeting_format)
    columns = [Meeting.place, Meeting.agenda, Meeting.decisions]
    if actor is not None and actor.role in MINUTES_READERS:
        columns.append(Meeting.minutes)
    found = text_search.matches(session, columns, text)  # type: ignore[arg-type]
    if found is not None:
        q = q.where(found)
    return _views(session, list(session.scalars(q)))


def pick_labels(meetings: list[MeetingView]) -> dict[int, str]:
    """id -> label for a picker, in the given order; labels that would repeat get the meeting's
    number ("... · in person (meeting 12)"), so no two choices read the same."""
    counts: dict[str, int] = {}
    for m in meetings:
        counts[m.label] = counts.get(m.label, 0) + 1
    return {
        m.id: m.label
        if counts[m.label] == 1
        else _("{label} (meeting {number})").format(label=m.label, number=m.id)
        for m in meetings
    }


def by_quarter(meetings: list[MeetingView]) -> dict[str, list[MeetingView]]:
    """Meetings grouped under '2025 Q2' headings, keeping their order (newest first)."""
    grouped: dict[str, list[MeetingView]] = {}
    for m in meetings:
        grouped.setdefault(m.quarter, []).append(m)
    return grouped


@reads
def get(session: Session, meeting_id: int) -> MeetingView:
    row = session.get(Meeting, meeting_id)
    if row is None:
        raise NotFound(_(NOT_FOUND))
    return _views(session, [row])[0]


def snapshot(row: Meeting) -> dict[str, object]:
    """The meeting's FIELD_WORDS fields as JSON-ready values (kept in each revision)."""
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


@reads
def history(session: Session, meeting_id: int) -> list[MeetingChange]:
    """Edits to a meeting, oldest first: who, when, which fields changed."""
    row = session.get(Meeting, meeting_id)
    if row is None:
        raise NotFound(_("No such meeting."))
    revisions = list(
        session.scalars(
            select(MeetingRevision)
            .where(MeetingRevision.meeting_id == meeting_id)
            .order_by(MeetingRevision.version, MeetingRevision.id)
        )
    )
    snapshots = [json.loads(r.snapshot) for r in revisions] + [snapshot(row)]
    names = _display_names(session, {r.changed_by for r in revisions})
    changes = []
    for i, rev in enumerate(revisions):
        before, after = snapshots[i], snapshots[i + 1]
        fields = tuple(_(FIELD_WORDS[k]) for k in FIELD_WORDS if before.get(k) != after.get(k))
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


@reads
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


@dataclass(frozen=True)
class NextMeeting:
    """The group's next meeting as the latest meeting planned it: a date, nothing private."""

    on: dt.date
    group_id: int
    group: str
    planned_at: dt.date  # the date of the meeting that set it


@reads
def next_meeting(
    session: Session, *, group_id: int | None = None, today: dt.date | None = None
) -> NextMeeting | None:
    """The "next meeting date" of the group's latest meeting, if it is today or later.

    why the latest meeting only: an older meeting's next date was superseded once a later
    meeting was held, and that later meeting's own next date (checked to come after it,
    advisory.services.meetings) is the plan. None when it set no date or the date has passed.
    """
    if group_id is None:
        group_id = organisation.default_group(session).id
    row = session.execute(
        select(Meeting.held_on, Meeting.next_meeting_on)
        .where(Meeting.group_id == group_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    ).one_or_none()
    today = today or clock.today()
    if row is None or row.next_meeting_on is None or row.next_meeting_on < today:
        return None
    group = session.get(AdvisoryGroup, group_id)
    return NextMeeting(
        on=row.next_meeting_on,
        group_id=group_id,
        group=group.name if group else "",
        planned_at=row.held_on,
    )
