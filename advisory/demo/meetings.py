"""Demo meetings and recommendations: 12 quarterly meetings over three years, 25 recommendations.

Everything goes through the real services (validation, events, audit rows), with dates set in
the past so the timelines read like three years of work. The recommendations and their steps
are in advisory.demo.recommendation_stories.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import periods
from advisory.actors import DEMO, Actor
from advisory.demo.recommendation_stories import (
    DIRECTOR,
    FACILITATOR,
    RECOMMENDATIONS,
    DemoRecommendation,
    Step,
)
from advisory.models import Site
from advisory.services import (
    categories,
    meeting_views,
    meetings,
    organisation,
    recommendations,
    users,
)

if TYPE_CHECKING:
    from advisory.demo.base import DemoResult


MINUTES = """\
**Welcome.** {present} members present{guests}.

**What women told us.** Since the last meeting the group spoke with {consulted} women
({methods}).

**Discussion.**
- What happened to what we asked last time (the director answered each point).
- New points from the women we spoke with.

**Next meeting.** {next_meeting}.
"""


def meeting_dates(today: dt.date) -> list[dt.date]:
    """12 quarterly dates, oldest first, each about 40 days into its quarter, all past."""
    year, q = periods.quarter_of(today)
    dates: list[dt.date] = []
    while len(dates) < 12:
        day = dt.date(year, 3 * (q - 1) + 1, 1) + dt.timedelta(days=40)
        if day <= today:
            dates.append(day)
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return sorted(dates)


class _When(TypedDict):
    """Who makes a demo step and when (the keywords every recommendation command takes)."""

    actor: Actor
    now: dt.datetime
    today: dt.date


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def load(session: Session, result: DemoResult, *, by: str) -> None:
    """Add 12 meetings and their recommendations (demo users, sites and members exist)."""
    build(session, today=result.today)
    result.summary.append(
        f"12 quarterly meetings and {len(RECOMMENDATIONS)} recommendations "
        "(every status, including declined, deferred, overdue, reopened and verified)"
    )


def _actors(session: Session) -> dict[str, Actor]:
    """The demo accounts who act in the stories; the demo loader itself if one is missing."""
    return {name: users.get_view(session, name) or DEMO for name in (FACILITATOR, DIRECTOR)}


def build(session: Session, *, today: dt.date) -> list[int]:
    """Create the demo meetings and recommendations as of `today`; returns the meeting ids."""
    rng = random.Random(20_250_601)  # the same demo every time
    category_ids = {c.name: c.id for c in categories.list_categories(session)}
    site_ids = {s.name: s.id for s in session.scalars(select(Site))}
    group = organisation.default_group(session)
    director = users.get_by_username(session, DIRECTOR)
    actors = _actors(session)
    dates = meeting_dates(today)
    formats = ("in person",) * 8 + ("mixed", "remote", "mixed", "in person")
    method_sets = (
        ["focus group"],
        ["outreach conversations"],
        ["focus group", "outreach conversations"],
        ["survey", "outreach conversations"],
    )
    meeting_ids: list[int] = []
    for i, held in enumerate(dates):
        present = meeting_views.members_to_pick(session, group_id=group.id, on=held)
        absent = set(rng.sample(range(len(present)), k=min(len(present), rng.randint(1, 4))))
        member_ids = [mid for n, (mid, _) in enumerate(present) if n not in absent]
        guests = rng.choice((0, 0, 1, 2))
        consulted = rng.randint(6, 30)
        methods = method_sets[i % len(method_sets)]
        next_on = dates[i + 1] if i + 1 < len(dates) else held + dt.timedelta(days=91)
        view = meetings.create_meeting(
            session,
            group_id=group.id,
            held_on=held,
            format=formats[i],
            place="Riverside drop-in centre, back room" if formats[i] != "remote" else "",
            member_ids=member_ids,
            guests=guests,
            women_consulted=consulted,
            consultation_methods=methods,
            agenda="1. What happened to what we asked\n2. What women told us\n3. New points",
            minutes=MINUTES.format(
                present=len(member_ids),
                guests=f" and {guests} guest{'s' if guests != 1 else ''}" if guests else "",
                consulted=consulted,
                methods=", ".join(methods),
                next_meeting=f"{next_on:%d %B %Y}",
            ),
            decisions="See the recommendations raised at this meeting.",
            next_meeting_on=next_on,
            actor=actors[FACILITATOR],
            today=held,
            now=_at(held, 16),
        )
        meeting_ids.append(view.id)

    for item in RECOMMENDATIONS:
        index = item.meeting if item.meeting is not None else _meeting_for(item, dates, today)
        held = dates[index]
        rec = recommendations.raise_recommendation(
            session,
            meeting_id=meeting_ids[index],
            title=item.title,
            category_id=category_ids[item.category],
            description=item.description,
            site_ids=[site_ids[name] for name in item.sites],
            priority=item.priority,
            owner_user_id=director.id if director and not item.owner_role else None,
            owner_role=item.owner_role or (None if director else "Director"),
            due_on=held + dt.timedelta(days=item.due_days) if item.due_days else None,
            actor=actors[FACILITATOR],
            now=_at(held, 15),
            today=held,
        )
        _play(
            session,
            rec.id,
            rec.version,
            item.steps,
            start=held,
            dates=dates,
            meeting_ids=meeting_ids,
            today=today,
            actors=actors,
        )
    return meeting_ids


def _meeting_for(item: DemoRecommendation, dates: list[dt.date], today: dt.date) -> int:
    """The last meeting early enough for the steps that come before the first dated step."""
    lead = 7
    for _kind, days, d in item.steps:
        if "on" in d:
            latest = d["on"](today) - dt.timedelta(days=lead)
            return max([0, *[n for n, held in enumerate(dates) if held <= latest]])
        lead += days
    raise ValueError(f"{item.title!r} needs a meeting or a dated step.")


def _play(
    session: Session,
    rec_id: int,
    version: int,
    steps: tuple[Step, ...],
    *,
    start: dt.date,
    dates: list[dt.date],
    meeting_ids: list[int],
    today: dt.date,
    actors: dict[str, Actor],
) -> None:
    day = start
    for kind, days, d in steps:
        actor = actors[d.get("who", DIRECTOR)]
        if kind == "verify":
            index = next(n for n, held in enumerate(dates) if held >= day)
            day = dates[index]
        elif "on" in d:
            day = max(day, d["on"](today))
        else:
            day = day + dt.timedelta(days=days)
        if day > today:  # pragma: no cover - the schedule above keeps every step in the past
            raise ValueError(f"Demo step {kind} would be in the future ({day}).")
        common = _When(actor=actor, now=_at(day), today=day)
        if kind == "review":
            v = recommendations.start_review(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                comment=d.get("comment", ""),
                **common,
            )
        elif kind == "respond":
            until = d.get("deferred_until_days")
            v = recommendations.respond(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                decision=d["decision"],
                rationale=d.get("rationale", ""),
                needs_funding=d.get("needs_funding", False),
                deferred_until=day + dt.timedelta(days=until) if until else None,
                **common,
            )
        elif kind == "start":
            v = recommendations.start_work(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                comment=d.get("comment", ""),
                **common,
            )
        elif kind == "done":
            v = recommendations.mark_done(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                what_changed=d["what_changed"],
                done_on=day,
                evidence=d.get("evidence", ""),
                **common,
            )
        elif kind == "verify":
            v = recommendations.verify(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                meeting_id=meeting_ids[index],
                group_comment=d["comment"],
                actor=actors[d.get("who", FACILITATOR)],
                now=_at(day, 17),
                today=day,
            )
        elif kind == "reopen":
            v = recommendations.reopen(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                reason=d["reason"],
                **common,
            )
        elif kind == "escalate":
            v = recommendations.escalate(
                session,
                recommendation_id=rec_id,
                expected_version=version,
                level=d["level"],
                escalated_on=day,
                comment=d.get("comment", ""),
                **common,
            )
        elif kind in ("comment", "progress"):
            recommendations.add_comment(
                session,
                recommendation_id=rec_id,
                text=d["text"],
                progress_update=kind == "progress",
                actor=actor,
                now=_at(day),
            )
            continue
        else:  # pragma: no cover - a typo in the table above
            raise ValueError(f"Unknown demo step {kind!r}")
        version = v.version
