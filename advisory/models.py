"""Typed SQLAlchemy models: the whole schema, no business logic.

Privacy rule (product.md): no table holds a person who uses the service. Attendance is stored
as aggregate counts only; members are pseudonyms or first names.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from advisory import clock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Role(enum.StrEnum):
    admin = "admin"
    director = "director"
    member = "member"


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


class GenderGroup(enum.StrEnum):
    woman = "woman"
    trans_woman = "trans_woman"
    man = "man"
    trans_man = "trans_man"
    non_binary = "non_binary"
    not_recorded = "not_recorded"


GENDER_GROUPS: tuple[str, ...] = tuple(g.value for g in GenderGroup)


class Period(enum.StrEnum):
    day = "day"
    week = "week"
    month = "month"


def _str_enum(e: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (VARCHAR + CHECK) so new values need no PostgreSQL ENUM migration.
    return Enum(e, name=name, native_enum=False, validate_strings=True, length=32)


class OrganisationSettings(Base):
    __tablename__ = "organisation_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="Our service")
    small_number_k: Mapped[int] = mapped_column(Integer, default=5)
    # The language of a run when neither the reader nor their browser chose one (issue 10).
    default_language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, onupdate=clock.now)


class Site(Base):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="drop-in centre")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_str_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    sessions_valid_after: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    language: Mapped[str | None] = mapped_column(String(8))  # None: not chosen (issue 10)


class AdvisoryGroup(Base):
    __tablename__ = "advisory_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    members: Mapped[list[Member]] = relationship(back_populates="group", order_by="Member.name")


class Member(Base):
    __tablename__ = "member"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("advisory_group.id"))
    # A pseudonym or first name only: never a full name.
    name: Mapped[str] = mapped_column(String(60))
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    group: Mapped[AdvisoryGroup] = relationship(back_populates="members")


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now, index=True)
    actor: Mapped[str] = mapped_column(String(64))  # username, "system", "cli" or "share-link"
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)


# --- meetings and recommendations -------------------------------------------------------


class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("advisory_group.id"))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    format: Mapped[str] = mapped_column(String(20), default="in person")
    place: Mapped[str | None] = mapped_column(String(200))
    guests: Mapped[int] = mapped_column(Integer, default=0)
    women_consulted: Mapped[int] = mapped_column(Integer, default=0)
    consultation_methods: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    next_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    attendees: Mapped[list[MeetingAttendee]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendee"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)


class MeetingRevision(Base):
    """A snapshot of a meeting as it was before each edit (edit history)."""

    __tablename__ = "meeting_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[str] = mapped_column(Text)  # JSON of the fields
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class Category(Base):
    __tablename__ = "category"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Recommendation(Base):
    __tablename__ = "recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    priority: Mapped[str] = mapped_column(String(10), default="medium")
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    owner_role: Mapped[str | None] = mapped_column(String(80))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="raised", index=True)
    raised_on: Mapped[dt.date] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(String(20))
    response_rationale: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    needs_funding: Mapped[bool] = mapped_column(Boolean, default=False)
    deferred_until: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    what_changed: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    verified_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    verification_comment: Mapped[str | None] = mapped_column(Text)
    escalation_level: Mapped[str | None] = mapped_column(String(30))
    escalated_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")

    __mapper_args__ = {"version_id_col": version}


class RecommendationSite(Base):
    __tablename__ = "recommendation_site"
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True)


class RecommendationEvent(Base):
    """Timeline entry: a status change or a comment/progress update."""

    __tablename__ = "recommendation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    by: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # "status", "comment", "escalation", "edit"
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")


class RecommendationCompletion(Base):
    """One time a recommendation was done: what changed, the evidence, the group's check, and,
    once it is reopened, when and why.

    why (issue 13): reopening clears the done and verified details from the recommendation (so
    "median days to done" counts the next completion); they are kept here, so the record still
    shows every earlier completion's evidence and the group's verification.
    """

    __tablename__ = "recommendation_completion"
    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    done_on: Mapped[dt.date] = mapped_column(Date)
    what_changed: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str | None] = mapped_column(Text)
    done_by: Mapped[str] = mapped_column(String(64), default="")
    done_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    verified_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    verification_comment: Mapped[str | None] = mapped_column(Text)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(64))
    reopen_reason: Mapped[str | None] = mapped_column(Text)


# --- adaptations and attendance ---------------------------------------------------------


class Adaptation(Base):
    __tablename__ = "adaptation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    type: Mapped[str] = mapped_column(String(60))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    weekdays: Mapped[str] = mapped_column(String(20), default="")  # "1" = Tuesday (Mon=0)
    hours: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")

    __mapper_args__ = {"version_id_col": version}


class AdaptationRecommendation(Base):
    __tablename__ = "adaptation_recommendation"
    adaptation_id: Mapped[int] = mapped_column(
        ForeignKey("adaptation.id", ondelete="CASCADE"), primary_key=True
    )
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )


class Service(Base):
    __tablename__ = "service"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    by: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(20))  # csv, xlsx, dhis2, manual
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    replaced_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(64))


class AttendanceRecord(Base):
    """Aggregate count of visits: never a person."""

    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    period: Mapped[Period] = mapped_column(_str_enum(Period, "period"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    gender: Mapped[GenderGroup] = mapped_column(_str_enum(GenderGroup, "gender_group"))
    visits: Mapped[int] = mapped_column(Integer)
    unique_clients: Mapped[int | None] = mapped_column(Integer)
    new_clients: Mapped[int | None] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)

    __table_args__ = (
        UniqueConstraint("site_id", "service_id", "period", "period_start", "gender"),
        Index("ix_attendance_site_date", "site_id", "period_start"),
    )


class OpenTime(Base):
    """Open days / hours per site and period: the exposure for impact analysis."""

    __tablename__ = "open_time"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    period: Mapped[Period] = mapped_column(_str_enum(Period, "period"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    open_days: Mapped[float | None] = mapped_column()
    open_hours: Mapped[float | None] = mapped_column()
    __table_args__ = (UniqueConstraint("site_id", "period", "period_start"),)


class Dhis2Mapping(Base):
    """Saved mapping of a DHIS2 code to a service, site or gender group."""

    __tablename__ = "dhis2_mapping"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # dataelement, orgunit, categoryoptioncombo
    code: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(120))  # service name, site name, gender group
    __table_args__ = (UniqueConstraint("kind", "code"),)


# --- share links -------------------------------------------------------------------------


class ShareLink(Base):
    __tablename__ = "share_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex, never the token
    label: Mapped[str] = mapped_column(String(160))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    site_ids: Mapped[str] = mapped_column(String(400), default="")  # comma-separated ids
    sections: Mapped[str] = mapped_column(String(200), default="")
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    last_viewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    language: Mapped[str | None] = mapped_column(String(8))  # the funder's language (issue 10)


class ShareView(Base):
    """One view of a share link: the time only (no IP address, no user agent)."""

    __tablename__ = "share_view"
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("share_link.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


# --- referral network and work with other services (issue 12) ---------------------------
# No client-level data: a referral is a count per quarter and kind, a training has a number
# of participants. Contact fields are an organisation's, never a person's private number.


class ReferralKind(Base):
    """A kind of service women are referred to (seeded, editable by directors and admins)."""

    __tablename__ = "referral_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReferralEntry(Base):
    """One organisation's service in the referral directory, with its women-friendly attributes."""

    __tablename__ = "referral_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(String(160))
    service_name: Mapped[str] = mapped_column(String(160), default="")
    kind_id: Mapped[int] = mapped_column(ForeignKey("referral_kind.id"), index=True)
    area: Mapped[str] = mapped_column(String(300), default="")  # the organisation's address/area
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")  # the organisation's number only
    languages: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[str] = mapped_column(String(120), default="")
    women_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    trans_women_welcome: Mapped[bool] = mapped_column(Boolean, default=False)
    no_id_required: Mapped[bool] = mapped_column(Boolean, default=False)
    no_police_reporting: Mapped[bool] = mapped_column(Boolean, default=False)
    accepts_women_using_drugs: Mapped[bool] = mapped_column(Boolean, default=False)
    accompanied_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")

    __mapper_args__ = {"version_id_col": version}


class ReferralEntrySite(Base):
    """The sites an entry serves or is near (the referral card is per site)."""

    __tablename__ = "referral_entry_site"
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("referral_entry.id", ondelete="CASCADE"), primary_key=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), primary_key=True)


class ReferralCheck(Base):
    """The advisory group's check of an entry: still good, problems reported, or no longer
    recommended, at a meeting, with a note."""

    __tablename__ = "referral_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("referral_entry.id", ondelete="CASCADE"), index=True
    )
    checked_on: Mapped[dt.date] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    finding: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class ReferralCount(Base):
    """Referrals staff made in a quarter to one kind of service: a count, never a person."""

    __tablename__ = "referral_count"
    id: Mapped[int] = mapped_column(primary_key=True)
    quarter_start: Mapped[dt.date] = mapped_column(Date)
    kind_id: Mapped[int] = mapped_column(ForeignKey("referral_kind.id"))
    count: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    __table_args__ = (UniqueConstraint("quarter_start", "kind_id"),)


class Training(Base):
    """A training the group or service gave to another service (participants: a count)."""

    __tablename__ = "training"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    organisation: Mapped[str] = mapped_column(String(160))
    kind_id: Mapped[int | None] = mapped_column(ForeignKey("referral_kind.id"))
    topics: Mapped[str] = mapped_column(String(300), default="")  # comma-separated keys
    delivered_by: Mapped[str] = mapped_column(String(20))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    follow_up: Mapped[str] = mapped_column(String(300), default="")
    outcome_notes: Mapped[str] = mapped_column(Text, default="")
    entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_entry.id", ondelete="SET NULL")
    )
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class Network(Base):
    """A network of people (or women) who use drugs that the group links women to."""

    __tablename__ = "network"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    level: Mapped[str] = mapped_column(String(20))
    link: Mapped[str] = mapped_column(String(300), default="")  # a public web address
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64), default="")


class Forum(Base):
    """A forum where group members represented the community (names no woman)."""

    __tablename__ = "forum"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    forum: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    raised: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=clock.now)


class RecommendationReferral(Base):
    """A recommendation linked to a referral entry ("find a clinic that ... without ID")."""

    __tablename__ = "recommendation_referral"
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("referral_entry.id", ondelete="CASCADE"), primary_key=True
    )
