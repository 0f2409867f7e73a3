"""What a share link shows, remembered until the data it reads change (issue 13, item 5).

At a million attendance rows, gathering a funder view takes seconds (the impact estimates
above all), and every reload of a link asked for the same again. Here the view's content is
kept in a small in-process memory keyed on the database, the link's scope (its id, sites,
sections, dates and expiry), the day, and :func:`data_version`, read in the same read
transaction so that a result is never older than the version it is filed under.

why this is safe to share between sessions: a funder view depends on the link's scope and the
data only: nothing about who opens it goes in (funders have no account, no role), and only
a session that has just resolved a valid token for that very link reaches it (the key holds
the scope ``resolve`` returned). A paused or revoked link no longer resolves, so its entry is
never reached again. It is not ``st.cache_data`` (the domain does not import streamlit), and
it holds at most ``MAX_ENTRIES`` views per process.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock, i18n
from advisory.db import reads
from advisory.memo import Memory
from advisory.models import (
    Adaptation,
    AttendanceRecord,
    Category,
    ImportBatch,
    Meeting,
    OpenTime,
    OrganisationSettings,
    Recommendation,
    RecommendationEvent,
    Site,
)

MAX_ENTRIES = 32
T = TypeVar("T")

_memory = Memory(MAX_ENTRIES)


@reads
def data_version(session: Session) -> tuple[object, ...]:
    """A value that changes when anything a funder view reads changes, read in a few ms.

    Attendance rows are only added (under a new import batch) or removed (an undo deletes a
    batch's rows and marks it undone), so the newest attendance id and the batches' newest id
    and undo marks change with every write: counting a million rows would cost what caching
    saves. Recommendations, meetings and adaptations carry a version bumped on every edit;
    the small tables (sites, categories, settings, open days) are read whole.
    """
    a, b, o = AttendanceRecord, ImportBatch, OpenTime
    r, e = Recommendation, RecommendationEvent
    return (
        clock.today(),
        session.scalar(select(func.max(a.id))),
        *session.execute(
            select(func.max(b.id), func.count(b.undone_at), func.max(b.undone_at))
        ).one(),
        *session.execute(
            select(
                func.count(o.id),
                func.max(o.id),
                func.sum(func.coalesce(o.open_days, 0) * o.id),
                func.sum(func.coalesce(o.open_hours, 0) * o.id),
            )
        ).one(),
        *session.execute(
            select(func.count(Adaptation.id), func.max(Adaptation.id), func.sum(Adaptation.version))
        ).one(),
        *session.execute(select(func.count(r.id), func.max(r.id), func.sum(r.version))).one(),
        session.scalar(select(func.max(e.id))),
        *session.execute(select(func.count(Meeting.id), func.sum(Meeting.version))).one(),
        tuple(session.execute(select(Site.id, Site.name).order_by(Site.id)).all()),
        tuple(session.execute(select(Category.id, Category.name).order_by(Category.id)).all()),
        tuple(
            session.execute(select(OrganisationSettings.id, OrganisationSettings.updated_at)).all()
        ),
    )


def remembered(session: Session, what: str, args: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned before for the same database, args, data and
    language (the result holds sentences and labels in the language it was computed in)."""
    return _memory.remembered(session, (what, i18n.active(), args), data_version(session), compute)


def forget() -> None:
    """Drop everything remembered (tests and benchmarks that time a first computation)."""
    _memory.forget()
