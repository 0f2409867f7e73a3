"""The declarative base, the naming convention and the enums every table module shares."""

from __future__ import annotations

import enum

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

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
