"""Share links for funders and their views."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from advisory import clock

from .base import Base


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
