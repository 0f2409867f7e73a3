"""What needs a director's attention: the overview's panel and the e-mail digest (issue 13).

Four lists of recommendations, each counted exactly (they are requests, not people):

* waiting for a response: the review queue (advisory.lifecycle.awaits_response);
* due within DUE_SOON_DAYS days: due today or later, within the window, and still owed (not
  done, verified or declined; a deferred one only once its "deferred until" date has passed,
  the same rule as overdue);
* overdue: advisory.lifecycle.is_overdue;
* done, waiting for the group to verify it at a meeting.

Only directors and admins are shown this (capability "respond"). The lists carry what a
director sees on the overview and nothing more: titles, due dates, statuses. No minutes,
comments, names of members or owners.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisory import clock
from advisory.actors import Actor, authorise
from advisory.db import reads
from advisory.lifecycle import NEVER_OVERDUE, Status, awaits_response
from advisory.services import recommendation_views
from advisory.services.recommendation_views import RecommendationView

DUE_SOON_DAYS = 14
CAPABILITY = "respond"  # directors and admins


@dataclass(frozen=True)
class Item:
    """One recommendation in a list: enough to name it and link to it."""

    id: int
    title: str
    status: str
    due_on: dt.date | None


@dataclass(frozen=True)
class Attention:
    """The four lists, as of `today`; `total` counts each recommendation once."""

    today: dt.date
    waiting_for_response: tuple[Item, ...]
    due_soon: tuple[Item, ...]
    overdue: tuple[Item, ...]
    awaiting_verification: tuple[Item, ...]

    @property
    def total(self) -> int:
        return len(
            {
                i.id
                for items in (
                    self.waiting_for_response,
                    self.due_soon,
                    self.overdue,
                    self.awaiting_verification,
                )
                for i in items
            }
        )


def _item(v: RecommendationView) -> Item:
    return Item(id=v.id, title=v.title, status=str(v.status), due_on=v.due_on)


def is_due_soon(v: RecommendationView, *, today: dt.date, days: int = DUE_SOON_DAYS) -> bool:
    """Due from today to `days` days ahead, and still owed (see the module docstring)."""
    if v.due_on is None or v.status in NEVER_OVERDUE:
        return False
    if v.status == Status.DEFERRED and v.deferred_until is not None and v.deferred_until >= today:
        return False
    return today <= v.due_on <= today + dt.timedelta(days=days)


def _by_due(items: list[RecommendationView]) -> tuple[Item, ...]:
    ordered = sorted(items, key=lambda v: (v.due_on or dt.date.max, v.raised_on, v.id))
    return tuple(_item(v) for v in ordered)


@reads
def needs_attention(session: Session, *, actor: Actor, today: dt.date | None = None) -> Attention:
    """The four lists for a director or admin; PermissionDenied for anyone else.

    Waiting and awaiting-verification lists are oldest raised first; due and overdue lists
    soonest (or longest overdue) due date first.
    """
    authorise(session, actor, CAPABILITY)
    today = today or clock.today()
    views = recommendation_views.list_recommendations(session, today=today)
    return Attention(
        today=today,
        waiting_for_response=tuple(
            _item(v)
            for v in views
            if awaits_response(status=v.status, deferred_until=v.deferred_until, today=today)
        ),
        due_soon=_by_due([v for v in views if is_due_soon(v, today=today)]),
        overdue=_by_due([v for v in views if v.overdue]),
        awaiting_verification=tuple(_item(v) for v in views if v.status == Status.DONE),
    )
