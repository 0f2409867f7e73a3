"""Demonstration data: realistic, synthetic, and clearly labelled as such.

Two sites modelled on real programmes (a drop-in centre that later reserves one weekday for
women only; an outreach service that replaces a branded bus with an unmarked vehicle), one
advisory group of 12 members, and one demo account per role. The modules beside this one add
meetings, recommendations, attendance and adaptations.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from advisory import actors
from advisory.actors import Actor
from advisory.db import writes
from advisory.demo import adaptations, attendance, base, meetings, referrals
from advisory.demo.base import DemoResult

# Each part of the product contributes its own demo records, in dependency order.
PARTS = (base.load, meetings.load, attendance.load, adaptations.load, referrals.load)

__all__ = ["DemoResult", "load"]


@writes
def load(
    session: Session, *, actor: Actor = actors.DEMO, today: dt.date | None = None
) -> DemoResult:
    """Load the demonstration data in one write transaction (all of it or nothing).

    Raises ValidationError if it is already loaded (the demo sites exist). Only the operator
    (command line) or the first admin at setup loads it, so there is no capability to check.
    Every record is dated from `today` (the clock's today when not given), read once.
    """
    result = DemoResult() if today is None else DemoResult(today=today)
    for part in PARTS:
        part(session, result, by=actor.username)
    return result
