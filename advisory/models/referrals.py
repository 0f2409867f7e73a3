"""The referral network and work with other services (issue 12).

No client-level data: a referral is a count per quarter and kind, a training has a number
of participants. Contact fields are an organisation's, never a person's private number.
"""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from advisory import clock

from .base import Base


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
