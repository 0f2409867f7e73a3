"""Builders shared by the meetings and recommendations tests (real services, no mocks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from advisory import clock
from advisory.db import session_scope
from advisory.models import Role, User
from advisory.services import (
    categories,
    meeting_views,
    meetings,
    organisation,
    recommendation_views,
    recommendations,
    users,
)
from advisory.services.users import UserView

TODAY = clock.today()


@dataclass(frozen=True)
class World:
    engine: Engine
    site_ids: dict[str, int]
    member_ids: dict[str, int]
    category_ids: dict[str, int]
    director_id: int
    dina: UserView  # a director
    mary: UserView  # a member (the group's facilitator)
    ada: UserView  # an admin


def build_world(engine: Engine) -> World:
    """Two sites, a group of three members, a director, a member account, admin; categories."""
    with session_scope(engine) as s:
        # why direct rows, not tests/factories.make_user: accounts are set-up here, not under
        # test, and bcrypt (cost 12) would add 0.7 s to every test on each database. Their
        # views are the actors the tests pass to the services.
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
            name: organisation.add_site(s, name=name, kind=kind, by="test").id
            for name, kind in (("Riverside", "drop-in centre"), ("Harbour", "outreach route"))
        }
        group = organisation.default_group(s)
        members = {
            name: organisation.add_member(
                s, group_id=group.id, name=name, joined_on=TODAY - dt.timedelta(days=900), by="t"
            ).id
            for name in ("Aye", "Nang", "Zahra")
        }
    cats = {c.name: c.id for c in categories.list_categories(engine)}
    dina, mary, ada = (users.get_view(engine, name) for name in ("dina", "mary", "ada"))
    assert dina is not None and mary is not None and ada is not None
    return World(engine, sites, members, cats, dina.id, dina, mary, ada)


def meeting(world: World, *, days_ago: int = 60, **kwargs: Any) -> meeting_views.MeetingView:
    return meetings.create_meeting(
        world.engine,
        held_on=TODAY - dt.timedelta(days=days_ago),
        actor=world.mary,
        **kwargs,
    )


def raise_one(
    world: World, meeting_id: int, *, title: str = "A women-only day", **kwargs: Any
) -> recommendation_views.RecommendationView:
    values: dict[str, Any] = {
        "category_id": world.category_ids["Women-only space or time"],
        "site_ids": [world.site_ids["Riverside"]],
        "owner_user_id": world.director_id,
    }
    values.update(kwargs)
    return recommendations.raise_recommendation(
        world.engine,
        meeting_id=meeting_id,
        title=title,
        actor=world.mary,
        **values,
    )


def act(
    world: World,
    action: Callable[..., recommendation_views.RecommendationView],
    rec: recommendation_views.RecommendationView,
    **kwargs: Any,
) -> recommendation_views.RecommendationView:
    """Run a lifecycle service as the director (unless an actor is given) on `rec`'s version."""
    kwargs.setdefault("actor", world.dina)
    return action(world.engine, recommendation_id=rec.id, expected_version=rec.version, **kwargs)


def current(world: World, rec_id: int, **kwargs: Any) -> recommendation_views.RecommendationView:
    return recommendation_views.get(world.engine, rec_id, **kwargs)
