"""Builders shared by the meetings and recommendations tests (real services, no mocks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from advisory import clock
from advisory.db import session_scope
from advisory.models import Role, User
from advisory.services import categories, meetings, organisation, recommendations, users
from tests.factories import TEST_ADMIN

TODAY = clock.today()


@dataclass(frozen=True)
class World:
    engine: Engine
    site_ids: dict[str, int]
    member_ids: dict[str, int]
    category_ids: dict[str, int]
    director_id: int


def build_world(engine: Engine) -> World:
    """Two sites, a group of three members, a director, a member account, admin; categories."""
    with session_scope(engine) as s:
        # why direct rows: accounts are set-up here, not under test, and bcrypt (cost 12)
        # would add 0.7 s to every test on each database.
        for username, role in (("dina", "director"), ("mary", "member"), ("ada", "admin")):
            s.add(
                User(
                    username=username,
                    display_name=username.title(),
                    role=Role(role),
                    password_hash="not-a-login",
                )
            )
        s.flush()
        sites = {
            name: organisation.add_site(s, name=name, kind=kind, actor=TEST_ADMIN).id
            for name, kind in (("Riverside", "drop-in centre"), ("Harbour", "outreach route"))
        }
        group = organisation.default_group(s)
        members = {
            name: organisation.add_member(
                s,
                group_id=group.id,
                name=name,
                joined_on=TODAY - dt.timedelta(days=900),
                actor=TEST_ADMIN,
            ).id
            for name in ("Aye", "Nang", "Zahra")
        }
        cats = {c.name: c.id for c in categories.list_categories(s)}
        director = users.get_by_username(s, "dina")
        assert director is not None
        return World(engine, sites, members, cats, director.id)


def meeting(world: World, *, days_ago: int = 60, **kwargs: object) -> meetings.MeetingView:
    with session_scope(world.engine) as s:
        return meetings.create_meeting(
            s,
            held_on=TODAY - dt.timedelta(days=days_ago),
            by="mary",
            role="member",
            **kwargs,  # type: ignore[arg-type]
        )


def raise_one(
    world: World, meeting_id: int, *, title: str = "A women-only day", **kwargs: object
) -> recommendations.RecommendationView:
    values: dict[str, object] = {
        "category_id": world.category_ids["Women-only space or time"],
        "site_ids": [world.site_ids["Riverside"]],
        "owner_user_id": world.director_id,
    }
    values.update(kwargs)
    with session_scope(world.engine) as s:
        return recommendations.raise_recommendation(
            s,
            meeting_id=meeting_id,
            title=title,
            by="mary",
            role="member",
            **values,  # type: ignore[arg-type]
        )


def act(world: World, action, rec: recommendations.RecommendationView, **kwargs):  # type: ignore[no-untyped-def]
    """Run a lifecycle service as the director (unless by/role given) on `rec`'s version."""
    kwargs.setdefault("by", "dina")
    kwargs.setdefault("role", "director")
    with session_scope(world.engine) as s:
        return action(s, recommendation_id=rec.id, expected_version=rec.version, **kwargs)


def current(world: World, rec_id: int, **kwargs: object) -> recommendations.RecommendationView:
    with session_scope(world.engine) as s:
        return recommendations.get(s, rec_id, **kwargs)  # type: ignore[arg-type]
