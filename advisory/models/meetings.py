"""Meetings, their minutes and attendees, and the recommendations they raise."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advisory import clock

from .base import Base


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
