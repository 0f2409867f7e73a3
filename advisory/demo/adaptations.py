"""Demo adaptations, dated to match the demo attendance, linked to the demo recommendations.

The women-only Tuesday and the unmarked vehicle start on the days the demo attendance changes
(advisory.demo.attendance), so the impact analysis finds them; "Women staff at reception"
starts the day the health post begins recording gender properly, so its impact page shows the
recording pitfall (it can't tell, and says why). Links go to the demo
recommendations with the matching titles when the meetings demo has created them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NotRequired, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.actors import SystemActor
from advisory.demo import attendance as demo_attendance
from advisory.demo.base import DROP_IN, OUTREACH
from advisory.models import Recommendation, Site
from advisory.services import adaptations

if TYPE_CHECKING:
    from advisory.demo.base import DemoResult

# Titles of the meetings demo's recommendations (advisory.demo.meetings).
WOMEN_ONLY_DAY = "A women-only day at the drop-in centre"
UNMARKED_VEHICLE = "Replace the branded outreach bus with an unmarked vehicle"
VIOLENCE_ROOM = "Private room for talking about violence"
NIGHT_STAFF = "Women staff at outreach points at night"
PEER_WORKERS = "Hire two women peer outreach workers"


def _months_before(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


class _DemoAdaptation(TypedDict):
    """The keywords of one demo adaptation (adaptations.create_adaptation's)."""

    name: str
    type: str
    site_id: int
    start_on: dt.date
    end_on: NotRequired[dt.date]
    weekdays: NotRequired[list[int]]
    hours: NotRequired[str]
    notes: str
    recommendation_ids: list[int]


def load(session: Session, result: DemoResult, *, by: str) -> None:
    today = result.today
    sites = {s.name: s.id for s in session.scalars(select(Site))}
    titles = {r.title: r.id for r in session.scalars(select(Recommendation))}

    def linked(*wanted: str) -> list[int]:
        return [titles[t] for t in wanted if t in titles]

    items: list[_DemoAdaptation] = [
        _DemoAdaptation(
            name="Women-only Tuesday",
            type="women-only day or hours",
            site_id=sites[DROP_IN],
            start_on=demo_attendance.women_only_start(today),
            weekdays=[1],
            hours="09:00-17:00",
            notes="Every Tuesday the drop-in centre is for women only (trans women included), "
            "with women staff on duty. Opioid agonist therapy clients take Tuesday's dose home "
            "on Monday.",
            recommendation_ids=linked(WOMEN_ONLY_DAY),
        ),
        _DemoAdaptation(
            name="Unmarked outreach vehicle",
            type="discreet/unmarked outreach vehicle",
            site_id=sites[OUTREACH],
            start_on=demo_attendance.vehicle_start(today),
            notes="A small car without logos visits women at four agreed points; the branded "
            "bus now does men's outreach only.",
            recommendation_ids=linked(UNMARKED_VEHICLE),
        ),
        _DemoAdaptation(
            name="Private room for violence support",
            type="gender-based-violence support",
            site_id=sites[DROP_IN],
            start_on=demo_attendance.violence_room_start(today),
            notes="The old store room is a private talking room; staff trained to refer women "
            "to violence support services.",
            recommendation_ids=linked(VIOLENCE_ROOM),
        ),
        _DemoAdaptation(
            name="Woman outreach worker on night shifts",
            type="women staff",
            site_id=sites[OUTREACH],
            start_on=_months_before(today, 26),
            end_on=_months_before(today, 20),
            notes="Lapsed when she left the job; recruiting again.",
            recommendation_ids=linked(NIGHT_STAFF),
        ),
        _DemoAdaptation(
            name="Women staff at reception",
            type="women staff",
            site_id=sites[demo_attendance.HEALTH_POST],
            start_on=demo_attendance.reception_start(today),
            notes="Two women now staff the reception. They ask everyone, privately, how they "
            "describe their gender; before, many visits were logged without it.",
            recommendation_ids=[],
        ),
        _DemoAdaptation(
            name="Woman peer outreach worker",
            type="peer outreach",
            site_id=sites[OUTREACH],
            start_on=_months_before(today, 5),
            notes="One of the two posts the group asked for is funded.",
            recommendation_ids=linked(PEER_WORKERS),
        ),
    ]
    for item in items:
        adaptations.create_adaptation(session, **item, actor=SystemActor(by))
    n_links = sum(len(i["recommendation_ids"]) for i in items)
    result.summary.append(f"{len(items)} adaptations ({n_links} linked to recommendations)")
