"""Adaptations, services and aggregate attendance (counts only, never a person), imports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from advisory import clock

from .base import Base, GenderGroup, Period, _str_enum


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
