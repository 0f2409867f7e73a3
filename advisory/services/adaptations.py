"""Adaptations: dated changes to a service, often the result of a recommendation.

An adaptation has a site, a start date and an optional end date (an adaptation can lapse), a
type, and for a women-only day the weekday(s) and hours it runs. It links to the
recommendation(s) it answers; the link shows on both sides (`adaptations_for_recommendation`
for the recommendations page). Directors and admins create and edit ("manage_adaptations");
members read. Edits carry the version the user loaded (StaleEdit if someone saved since).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import N_, _
from advisory.models import (
    SEEDED_ADAPTATION_TYPES,
    Adaptation,
    AdaptationRecommendation,
    Recommendation,
    Site,
)
from advisory.services import audit, edit_conflicts

# Stored values (English keys); translate where shown: _(type).
ADAPTATION_TYPES: tuple[str, ...] = SEEDED_ADAPTATION_TYPES
WOMEN_ONLY = "women-only day or hours"
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
MAX_NAME, MAX_HOURS = 160, 60


@dataclass(frozen=True)
class LinkedRecommendation:
    id: int
    title: str
    status: str


@dataclass(frozen=True)
class AdaptationView:
    """Plain values, safe to keep in session state."""

    id: int
    name: str
    type: str
    site_id: int
    site_name: str
    start_on: dt.date
    end_on: dt.date | None
    weekdays: tuple[int, ...]
    hours: str
    notes: str
    version: int
    updated_at: dt.datetime
    updated_by: str
    recommendations: tuple[LinkedRecommendation, ...] = ()

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or clock.today()
        return self.start_on <= day and (self.end_on is None or day <= self.end_on)

    @property
    def schedule(self) -> str:
        """'Tuesday, 09:00-17:00', or '' when the adaptation has no weekly schedule."""
        days = ", ".join(_(WEEKDAY_NAMES[d]) for d in self.weekdays)
        return ", ".join(x for x in (days, self.hours) if x)

    @property
    def recommendation_ids(self) -> tuple[int, ...]:
        return tuple(r.id for r in self.recommendations)


def parse_weekdays(text: str | None) -> tuple[int, ...]:
    """'0,1' -> (0, 1): the stored form of the weekday schedule (Monday = 0)."""
    if not text:
        return ()
    return tuple(sorted({int(x) for x in text.split(",") if x.strip()}))


def _links(session: Session, ids: Sequence[int]) -> dict[int, list[LinkedRecommendation]]:
    out: dict[int, list[LinkedRecommendation]] = {i: [] for i in ids}
    if not ids:
        return out
    q = (
        select(AdaptationRecommendation.adaptation_id, Recommendation)
        .join(Recommendation, Recommendation.id == AdaptationRecommendation.recommendation_id)
        .where(AdaptationRecommendation.adaptation_id.in_(list(ids)))
        .order_by(Recommendation.id)
    )
    for adaptation_id, rec in session.execute(q):
        out[adaptation_id].append(LinkedRecommendation(rec.id, rec.title, rec.status))
    return out


def _views(session: Session, rows: Sequence[Adaptation]) -> list[AdaptationView]:
    sites = dict(session.execute(select(Site.id, Site.name)).all())
    links = _links(session, [a.id for a in rows])
    return [
        AdaptationView(
            id=a.id,
            name=a.name,
            type=a.type,
            site_id=a.site_id,
            site_name=sites.get(a.site_id, "?"),
            start_on=a.start_on,
            end_on=a.end_on,
            weekdays=parse_weekdays(a.weekdays),
            hours=a.hours,
            notes=a.notes,
            version=a.version,
            updated_at=a.updated_at,
            updated_by=a.updated_by,
            recommendations=tuple(links.get(a.id, ())),
        )
        for a in rows
    ]


@reads
def list_adaptations(
    session: Session, *, site_id: int | None = None, active_on: dt.date | None = None
) -> list[AdaptationView]:
    """Adaptations by start date (newest first), optionally of one site or active on a day."""
    q = select(Adaptation).order_by(Adaptation.start_on.desc(), Adaptation.id.desc())
    if site_id is not None:
        q = q.where(Adaptation.site_id == site_id)
    if active_on is not None:
        q = q.where(Adaptation.start_on <= active_on).where(
            (Adaptation.end_on.is_(None)) | (Adaptation.end_on >= active_on)
        )
    return _views(session, list(session.scalars(q)))


@reads
def get_adaptation(session: Session, adaptation_id: int) -> AdaptationView:
    row = session.get(Adaptation, adaptation_id)
    if row is None:
        raise NotFound(_("No such adaptation. It may have been removed; go back to the list."))
    return _views(session, [row])[0]


@reads
def adaptations_for_recommendation(session: Session, rec_id: int) -> list[AdaptationView]:
    """The adaptations linked to a recommendation (for the recommendations page)."""
    q = (
        select(Adaptation)
        .join(AdaptationRecommendation, AdaptationRecommendation.adaptation_id == Adaptation.id)
        .where(AdaptationRecommendation.recommendation_id == rec_id)
        .order_by(Adaptation.start_on, Adaptation.id)
    )
    return _views(session, list(session.scalars(q)))


@reads
def recommendation_choices(session: Session) -> list[LinkedRecommendation]:
    """Every recommendation (id, title, status), newest first, for a link picker."""
    q = select(Recommendation.id, Recommendation.title, Recommendation.status).order_by(
        Recommendation.id.desc()
    )
    return [LinkedRecommendation(i, t, s) for i, t, s in session.execute(q)]


def _validate(
    session: Session,
    *,
    name: str,
    type: str,
    site_id: int,
    start_on: dt.date | None,
    end_on: dt.date | None,
    weekdays: Iterable[int],
    hours: str,
    notes: str,
) -> tuple[str, str, tuple[int, ...], str, str, dt.date]:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter a name for the adaptation."), field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("A name is at most {limit} characters.").format(limit=MAX_NAME), field="name"
        )
    if type not in ADAPTATION_TYPES:
        raise ValidationError(
            _("Choose a type of adaptation: {types}.").format(
                types=", ".join(_(t) for t in ADAPTATION_TYPES)
            ),
            field="type",
        )
    if session.get(Site, site_id) is None:
        raise ValidationError(_("Choose the site where the change was made."), field="site")
    if start_on is None:
        raise ValidationError(_("Enter the date the adaptation started."), field="start_on")
    if end_on is not None and end_on < start_on:
        raise ValidationError(_("The end date is before the start date."), field="end_on")
    try:
        days = tuple(sorted({int(d) for d in weekdays}))
    except (TypeError, ValueError):
        raise ValidationError(
            _("Weekdays are 0 (Monday) to 6 (Sunday)."), field="weekdays"
        ) from None
    if any(d < 0 or d > 6 for d in days):
        raise ValidationError(_("Weekdays are 0 (Monday) to 6 (Sunday)."), field="weekdays")
    if type == WOMEN_ONLY and not days:
        raise ValidationError(
            _("Choose the weekday(s) the women-only time runs (tick every day if it is daily)."),
            field="weekdays",
        )
    hours = " ".join((hours or "").split())
    if len(hours) > MAX_HOURS:
        raise ValidationError(
            _("Hours are at most {limit} characters, e.g. 09:00-13:00.").format(limit=MAX_HOURS),
            field="hours",
        )
    return name, type, days, hours, (notes or "").strip(), start_on


def _check_recommendations(session: Session, ids: Iterable[int]) -> list[int]:
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    found = set(session.scalars(select(Recommendation.id).where(Recommendation.id.in_(wanted))))
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationError(
            _("No recommendation #{number}. It may have been removed; reload the page.").format(
                number=missing[0]
            ),
            field="recommendations",
        )
    return wanted


@writes
def create_adaptation(
    session: Session,
    *,
    name: str,
    type: str,
    site_id: int,
    start_on: dt.date | None,
    end_on: dt.date | None = None,
    weekdays: Iterable[int] = (),
    hours: str = "",
    notes: str = "",
    recommendation_ids: Iterable[int] = (),
    actor: Actor,
) -> AdaptationView:
    """Register an adaptation (directors and admins). ValidationError names the bad field."""
    authorise(session, actor, "manage_adaptations")
    name, type, days, hours, notes, start = _validate(
        session,
        name=name,
        type=type,
        site_id=site_id,
        start_on=start_on,
        end_on=end_on,
        weekdays=weekdays,
        hours=hours,
        notes=notes,
    )
    rec_ids = _check_recommendations(session, recommendation_ids)
    row = Adaptation(
        name=name,
        type=type,
        site_id=site_id,
        start_on=start,
        end_on=end_on,
        weekdays=",".join(str(d) for d in days),
        hours=hours,
        notes=notes,
        updated_by=actor.username,
        updated_at=clock.now(),
    )
    session.add(row)
    session.flush()
    for rec_id in rec_ids:
        session.add(AdaptationRecommendation(adaptation_id=row.id, recommendation_id=rec_id))
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="adaptation.create",
        entity="adaptation",
        entity_id=row.id,
        detail=f"{type}; starts {start_on}",
    )
    return get_adaptation(session, row.id)


@writes
def update_adaptation(
    session: Session,
    *,
    adaptation_id: int,
    expected_version: int,
    name: str,
    type: str,
    site_id: int,
    start_on: dt.date | None,
    end_on: dt.date | None = None,
    weekdays: Iterable[int] = (),
    hours: str = "",
    notes: str = "",
    recommendation_ids: Iterable[int] | None = None,
    actor: Actor,
) -> AdaptationView:
    """Save an edit made on version `expected_version`; StaleEdit if someone saved since.

    `recommendation_ids` (when given) replaces the set of linked recommendations.
    """
    authorise(session, actor, "manage_adaptations")
    row = edit_conflicts.load_for_update(session, Adaptation, adaptation_id, what="adaptation")
    edit_conflicts.refuse_if_stale(session, row, expected_version)
    name, type, days, hours, notes, start = _validate(
        session,
        name=name,
        type=type,
        site_id=site_id,
        start_on=start_on,
        end_on=end_on,
        weekdays=weekdays,
        hours=hours,
        notes=notes,
    )
    rec_ids = (
        None if recommendation_ids is None else _check_recommendations(session, recommendation_ids)
    )
    changed = [
        label
        for label, old, new in (
            ("name", row.name, name),
            ("type", row.type, type),
            ("site", row.site_id, site_id),
            ("start", row.start_on, start_on),
            ("end", row.end_on, end_on),
            ("weekdays", row.weekdays, ",".join(str(d) for d in days)),
            ("hours", row.hours, hours),
            ("notes", row.notes, notes),
        )
        if old != new
    ]
    row.name, row.type, row.site_id = name, type, site_id
    row.start_on, row.end_on = start, end_on
    row.weekdays, row.hours, row.notes = ",".join(str(d) for d in days), hours, notes
    row.updated_by, row.updated_at = actor.username, clock.now()
    if rec_ids is not None:
        current = set(
            session.scalars(
                select(AdaptationRecommendation.recommendation_id).where(
                    AdaptationRecommendation.adaptation_id == adaptation_id
                )
            )
        )
        if current != set(rec_ids):
            changed.append("recommendations")
        for rec_id in current - set(rec_ids):
            _unlink(session, adaptation_id, rec_id)
        for rec_id in set(rec_ids) - current:
            session.add(
                AdaptationRecommendation(adaptation_id=adaptation_id, recommendation_id=rec_id)
            )
    edit_conflicts.flush_or_refuse(session)
    audit.record(
        session,
        actor=actor.username,
        action="adaptation.update",
        entity="adaptation",
        entity_id=adaptation_id,
        detail="changed: " + (", ".join(changed) or "nothing"),
    )
    return get_adaptation(session, adaptation_id)


@writes
def delete_adaptation(
    session: Session, *, adaptation_id: int, expected_version: int, actor: Actor
) -> None:
    """Remove an adaptation registered by mistake (its links go with it).

    An adaptation that simply stopped should get an end date instead, so its dates stay.
    """
    authorise(session, actor, "manage_adaptations")
    row = edit_conflicts.load_for_update(session, Adaptation, adaptation_id, what="adaptation")
    edit_conflicts.refuse_if_stale(session, row, expected_version)
    session.execute(
        delete(AdaptationRecommendation).where(
            AdaptationRecommendation.adaptation_id == adaptation_id
        )
    )
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="adaptation.delete",
        entity="adaptation",
        entity_id=adaptation_id,
        detail=row.name,
    )


def _unlink(session: Session, adaptation_id: int, rec_id: int) -> int:
    result = session.execute(
        delete(AdaptationRecommendation).where(
            AdaptationRecommendation.adaptation_id == adaptation_id,
            AdaptationRecommendation.recommendation_id == rec_id,
        )
    )
    return cast(CursorResult[Any], result).rowcount


@writes
def link_recommendation(
    session: Session, *, adaptation_id: int, recommendation_id: int, actor: Actor
) -> None:
    """Link an adaptation to the recommendation it answers (linking twice changes nothing)."""
    authorise(session, actor, "manage_adaptations")
    if session.get(Adaptation, adaptation_id) is None:
        raise NotFound(_("No such adaptation. It may have been removed; go back to the list."))
    _check_recommendations(session, [recommendation_id])
    exists = session.get(AdaptationRecommendation, (adaptation_id, recommendation_id))
    if exists is not None:
        return
    session.add(
        AdaptationRecommendation(adaptation_id=adaptation_id, recommendation_id=recommendation_id)
    )
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="adaptation.link",
        entity="adaptation",
        entity_id=adaptation_id,
        detail=f"recommendation #{recommendation_id}",
    )


@writes
def unlink_recommendation(
    session: Session, *, adaptation_id: int, recommendation_id: int, actor: Actor
) -> None:
    authorise(session, actor, "manage_adaptations")
    if not _unlink(session, adaptation_id, recommendation_id):
        raise NotFound(_("That recommendation is not linked to this adaptation."))
    audit.record(
        session,
        actor=actor.username,
        action="adaptation.unlink",
        entity="adaptation",
        entity_id=adaptation_id,
        detail=f"recommendation #{recommendation_id}",
    )
