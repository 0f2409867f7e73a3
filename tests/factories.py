"""Test data builders over the real services (no mocks): the only place tests make data.

Accounts are made one way (`make_user` / `ensure_user`, through `users.create_user`); the
share world (`seed_share_world`) is the funder-facing data set the share-link, report and
shared-view tests of every layer use (their fixtures: `share_world` in each layer's
conftest).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
from sqlalchemy import Engine, Table, select

from advisory import clock, demo, migrate
from advisory.actors import SystemActor
from advisory.db import make_engine, session_scope
from advisory.models import (
    Adaptation,
    AttendanceRecord,
    Category,
    Meeting,
    MeetingAttendee,
    Period,
    Recommendation,
    RecommendationEvent,
    RecommendationSite,
    Service,
)
from advisory.services import (
    audit,
    categories,
    meetings,
    organisation,
    recommendations,
    referrals,
    users,
)
from advisory.services.organisation import SiteView

TEST_ADMIN = SystemActor("test")

PASSWORD = "a long test passphrase"


def make_user(
    engine: Engine, username: str, role: str, *, display_name: str | None = None, **kwargs: bool
) -> users.UserView:
    """An account made through the real service; its view is the actor for later calls."""
    return users.create_user(
        engine,
        username=username,
        display_name=display_name or username.title(),
        role=role,
        password=PASSWORD,
        actor=TEST_ADMIN,
        **kwargs,
    )


def ensure_user(
    engine: Engine, username: str, role: str, *, display_name: str | None = None
) -> users.UserView:
    """The account `username`, made as `make_user` does unless it exists already."""
    existing = users.get_view(engine, username)
    if existing is not None:
        return existing
    return make_user(engine, username, role, display_name=display_name)


def make_site(engine: Engine, name: str, kind: str = "drop-in centre") -> SiteView:
    return organisation.add_site(engine, name=name, kind=kind, actor=TEST_ADMIN)


# --- the share world --------------------------------------------------------------------------
# A small, realistic world for share-link and report tests. It carries marked secrets in every
# field a funder must never see (minutes, decisions, agenda, descriptions, rationales,
# comments, adaptation notes, member names, user names, audit details), so tests can assert
# that none of them leaks. Deterministic (fixed seed).

TODAY = dt.date(2025, 7, 15)
ORGANISATION = "Riverside Harm Reduction"
SITE_A = "Riverside drop-in centre"
SITE_B = "Harbour outreach"
SITE_C = "Hilltop clinic"
MEMBER_NAMES = ("Zawmintha", "Hkawnnuri")
DIRECTOR = "marisol"
DIRECTOR_NAME = "Marisol Quintanilla"
ADAPTATION_START = dt.date(2024, 7, 1)
FIRST_WEEK = dt.date(2022, 7, 4)  # a Monday, 104 weeks before the adaptation
LAST_WEEK = dt.date(2025, 7, 7)  # a Monday: the last whole week before TODAY

SECRETS = (
    "MINUTES-SECRET",
    "DECISIONS-SECRET",
    "AGENDA-SECRET",
    "DESCRIPTION-SECRET",
    "RATIONALE-SECRET",
    "COMMENT-SECRET",
    "NOTES-SECRET",
    "EVIDENCE-SECRET",
    "WHATCHANGED-SECRET",
    "VERIFYCOMMENT-SECRET",
    "PLACE-SECRET",
    "AUDIT-SECRET",
    *MEMBER_NAMES,
    DIRECTOR,
    DIRECTOR_NAME,
)


@dataclass(frozen=True)
class ShareWorld:
    site_a: int
    site_b: int
    site_c: int
    rec_a: int  # at site A, done in 2025 Q1
    rec_b: int  # at site B only
    rec_c: int  # at site C only
    rec_all: int  # service-wide (no site)
    rec_old: int  # site A, raised in 2023
    adaptation: int


def _weekly(rng: np.random.Generator, mean: float) -> int:
    return int(rng.poisson(mean))


def seed_share_world(engine: Engine) -> ShareWorld:
    """The share world in a migrated, empty database (see ShareWorld).

    Settings, the director, the sites and the members are made through the services. The
    meetings, recommendations and their history, the adaptation and three years of weekly
    attendance are written as rows: why, they are history at fixed dates in the past (a
    recommendation done in 2025 Q1, verified in 2023), which the lifecycle services only
    record as of today, and one bulk insert of 3,000 weekly counts keeps this fast.
    """
    rng = np.random.default_rng(20250715)
    organisation.update_settings(engine, name=ORGANISATION, small_number_k=5, actor=TEST_ADMIN)
    director_id = ensure_user(engine, DIRECTOR, "director", display_name=DIRECTOR_NAME).id
    a, b, c = (
        organisation.add_site(engine, name=name, kind=kind, actor=TEST_ADMIN)
        for name, kind in (
            (SITE_A, "drop-in centre"),
            (SITE_B, "outreach route"),
            (SITE_C, "drop-in centre"),
        )
    )
    group = organisation.default_group(engine)
    members = [
        organisation.add_member(engine, group_id=group.id, name=n, joined_on=None, actor=TEST_ADMIN)
        for n in MEMBER_NAMES
    ]
    with session_scope(engine) as s:
        # The migrations seed the services and the categories (revision 0002).
        service = s.scalars(select(Service).where(Service.name == "drop-in visit")).one()
        category = s.scalars(
            select(Category).where(Category.name == "Women-only space or time")
        ).one()

        def meeting(day: dt.date, consulted: int) -> Meeting:
            m = Meeting(
                group_id=group.id,
                held_on=day,
                place="PLACE-SECRET",
                women_consulted=consulted,
                guests=1,
                consultation_methods="focus group",
                agenda="AGENDA-SECRET",
                minutes="MINUTES-SECRET: what the women said",
                decisions="DECISIONS-SECRET",
                updated_by=DIRECTOR,
            )
            s.add(m)
            s.flush()
            for member in members:
                s.add(MeetingAttendee(meeting_id=m.id, member_id=member.id))
            return m

        old = meeting(dt.date(2023, 5, 10), 14)
        q1 = meeting(dt.date(2025, 2, 12), 3)

        def rec(title: str, held: Meeting, status: str, sites: list[int], **dates: object) -> int:
            r = Recommendation(
                meeting_id=held.id,
                title=title,
                description="DESCRIPTION-SECRET",
                category_id=category.id,
                owner_user_id=director_id,
                status=status,
                raised_on=held.held_on,
                response_rationale="RATIONALE-SECRET",
                what_changed="WHATCHANGED-SECRET",
                evidence="EVIDENCE-SECRET",
                verification_comment="VERIFYCOMMENT-SECRET",
                updated_by=DIRECTOR,
                **dates,
            )
            s.add(r)
            s.flush()
            for site_id in sites:
                s.add(RecommendationSite(recommendation_id=r.id, site_id=site_id))
            s.add(
                RecommendationEvent(
                    recommendation_id=r.id, by=DIRECTOR, kind="comment", comment="COMMENT-SECRET"
                )
            )
            return r.id

        rec_a = rec(
            "Women-only Tuesdays at the drop-in",
            q1,
            "done",
            [a.id],
            response="accepted",
            responded_on=dt.date(2025, 2, 20),
            done_on=dt.date(2025, 3, 15),
            due_on=dt.date(2025, 4, 1),
        )
        rec_b = rec(
            "Unmarked outreach vehicle",
            q1,
            "in_progress",
            [b.id],
            responded_on=dt.date(2025, 2, 25),
            due_on=dt.date(2025, 5, 1),
        )
        rec_c = rec("Clinic evening hours", q1, "raised", [c.id])
        rec_all = rec("Childcare corner", q1, "under_review", [])
        rec_old = rec(
            "Women staff at the front desk",
            old,
            "verified",
            [a.id],
            responded_on=dt.date(2023, 6, 1),
            done_on=dt.date(2023, 9, 1),
            verified_on=dt.date(2023, 11, 8),
        )
        adaptation = Adaptation(
            name="Women-only Tuesdays",
            type="women-only time",
            site_id=a.id,
            start_on=ADAPTATION_START,
            weekdays="1",
            hours="09:00-13:00",
            notes="NOTES-SECRET",
            updated_by=DIRECTOR,
        )
        s.add(adaptation)
        s.flush()

        rows = []
        week = FIRST_WEEK
        while week <= LAST_WEEK:
            after = week >= ADAPTATION_START
            site_a = {
                "woman": _weekly(rng, 18 if after else 12),
                "trans_woman": _weekly(rng, 1.5),
                "man": _weekly(rng, 40),
                "trans_man": 0,
                "non_binary": 0,
                "not_recorded": _weekly(rng, 3),
            }
            site_b = {
                "woman": _weekly(rng, 2.5),
                "trans_woman": 0,
                "man": _weekly(rng, 4),
                "trans_man": 0,
                "non_binary": 0,
                "not_recorded": _weekly(rng, 1),
            }
            for site_id, counts in ((a.id, site_a), (b.id, site_b)):
                for gender, visits in counts.items():
                    rows.append(
                        {
                            "site_id": site_id,
                            "service_id": service.id,
                            "period": Period.week,
                            "period_start": week,
                            "gender": gender,
                            "visits": visits,
                        }
                    )
            week += dt.timedelta(days=7)
        s.execute(cast(Table, AttendanceRecord.__table__).insert(), rows)
        audit.record(s, actor=DIRECTOR, action="test.secret", detail="AUDIT-SECRET")
        return ShareWorld(
            site_a=a.id,
            site_b=b.id,
            site_c=c.id,
            rec_a=rec_a,
            rec_b=rec_b,
            rec_c=rec_c,
            rec_all=rec_all,
            rec_old=rec_old,
            adaptation=adaptation.id,
        )


# A day the demo is loaded as of, for tests that assert the impact verdicts on it. why: the
# demo's counts are drawn relative to the day it is loaded, and some verdicts flip with the
# draw (measured 2026-12-03: the unmarked vehicle said "we can't tell yet" on 4 of 23 load
# days, its runs allowance jumping from 1.2 to 7.3 and back between neighbouring days). On this
# day every verdict is the one the demo was built to show; the analysis window follows the
# data, not the clock, so the tests read the same figures on any date.
DEMO_DAY = dt.date(2026, 11, 15)


def build_demo_database(path: Path, *, today: dt.date | None = None) -> Path:
    """A migrated SQLite file at `path` with the demonstration data, loaded by TEST_ADMIN.

    Dated from `today` (the clock's today when not given; DEMO_DAY for verdict tests).

    why (issue 11): loading the demo writes tens of thousands of rows (seconds); tests that
    only need the demo data copy one file built once per session (`demo_database` in
    tests/conftest.py) with `copy_database`. The WAL is checkpointed: the file alone is it.
    """
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with session_scope(engine) as s:
        demo.load(s, actor=TEST_ADMIN, today=today)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def copy_database(source: Path, target: Path) -> Path:
    """Copy the SQLite file `source` to `target`, replacing a database already there."""
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


# --- the referral world (issue 12) --------------------------------------------------------------


@dataclass(frozen=True)
class ReferralWorld:
    director: users.UserView
    member: users.UserView
    site_a: int
    site_b: int
    meeting_id: int
    meeting_held_on: dt.date  # 10 days before the day the world was made (not the import's)
    kinds: dict[str, int]  # kind name -> id


def seed_referral_world(engine: Engine) -> ReferralWorld:
    """A director, a member account, two sites and one meeting held 10 days ago."""
    director = make_user(engine, "dina", "director")
    member = make_user(engine, "mary", "member")
    a = make_site(engine, "Riverside drop-in centre")
    b = make_site(engine, "Harbour outreach", "outreach route")
    meeting = meetings.create_meeting(
        engine, held_on=clock.today() - dt.timedelta(days=10), actor=member
    )
    kinds = {k.name: k.id for k in referrals.list_kinds(engine)}
    return ReferralWorld(director, member, a.id, b.id, meeting.id, meeting.held_on, kinds)


def entry_fields(world: ReferralWorld, **overrides: object) -> dict[str, object]:
    """The keyword arguments of referrals.create_entry for a post-abortion care clinic."""
    fields: dict[str, object] = {
        "organisation": "Mercy women's clinic",
        "service_name": "Post-abortion care",
        "kind_id": world.kinds["Safe abortion and post-abortion care"],
        "site_ids": [world.site_a],
        "area": "Market Street 4, near the bus station",
        "opening_hours": "Mon-Fri 09:00-16:00",
        "phone": "+255 22 555 0100",
        "languages": "Swahili, English",
        "cost": "Free",
        "attributes": ["women_staff", "no_id_required", "accepts_women_using_drugs"],
    }
    fields.update(overrides)
    return fields


def make_recommendation(engine: Engine, world: ReferralWorld) -> int:
    """A recommendation raised at the world's meeting (the first seeded category)."""
    category = categories.list_categories(engine)[0]
    return recommendations.raise_recommendation(
        engine,
        meeting_id=world.meeting_id,
        title="Find a clinic that offers post-abortion care without ID",
        category_id=category.id,
        actor=world.member,
    ).id
