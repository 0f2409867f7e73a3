"""The organisation, its sites, accounts, advisory groups and members, and the audit log."""

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

from .base import Base, Role, _str_enum


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
