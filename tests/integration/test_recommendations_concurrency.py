"""Two people saving the same recommendation: the second save is refused, the first stays."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from advisory.db import session_scope
from advisory.errors import StaleEdit
from advisory.services import recommendations as recs
from advisory.services.users import UserView
from tests.integration.meetings_setup import World, act, current, meeting, raise_one


def _details(world: World, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "category_id": world.category_ids["Women-only space or time"],
        "description": "",
        "site_ids": [world.site_ids["Riverside"]],
        "priority": "medium",
        "owner_user_id": world.director_id,
        "owner_role": None,
        "due_on": None,
    }


def test_a_second_save_from_an_older_version_is_refused_naming_who_changed_it(world):
    rec = raise_one(world, meeting(world).id)
    # Two people open the same recommendation (both see version `rec.version`).
    seen_by_dina = seen_by_mary = rec.version
    with session_scope(world.engine) as s:
        recs.edit_details(
            s,
            recommendation_id=rec.id,
            expected_version=seen_by_dina,
            actor=world.dina,
            **_details(world, "Women-only Tuesdays"),
        )
    first = current(world, rec.id)
    with pytest.raises(StaleEdit) as info:
        with session_scope(world.engine) as s:
            recs.edit_details(
                s,
                recommendation_id=rec.id,
                expected_version=seen_by_mary,
                actor=world.mary,
                **_details(world, "Women-only Fridays"),
            )
    assert str(info.value) == (
        f"This was changed by Dina at {first.updated_at:%Y-%m-%d %H:%M} UTC; "
        "reload to see their change"
    )
    after = current(world, rec.id)
    assert (after.title, after.version, after.updated_by) == (
        "Women-only Tuesdays",
        first.version,
        "dina",
    )
    # A status change from the old version is refused the same way.
    with pytest.raises(StaleEdit):
        act(world, recs.respond, rec, decision="accepted", rationale="")
    assert current(world, rec.id).status == "raised"


def test_two_saves_at_the_same_moment_one_wins_and_the_other_is_refused(world):
    rec = raise_one(world, meeting(world).id)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: UserView, title: str) -> None:
        username = actor.username
        barrier.wait()
        try:
            with session_scope(world.engine) as s:
                recs.edit_details(
                    s,
                    recommendation_id=rec.id,
                    expected_version=rec.version,
                    actor=actor,
                    **_details(world, title),
                )
            outcomes[username] = "saved"
        except StaleEdit as exc:
            outcomes[username] = str(exc)

    threads = [
        threading.Thread(target=save, args=(world.dina, "by Dina")),
        threading.Thread(target=save, args=(world.mary, "by Mary")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["dina", "mary"]
    winners = [u for u, o in outcomes.items() if o == "saved"]
    assert len(winners) == 1
    winner = winners[0]
    loser = "mary" if winner == "dina" else "dina"
    after = current(world, rec.id)
    assert after.title == f"by {winner.title()}"
    assert after.version == rec.version + 1
    assert outcomes[loser] == (
        f"This was changed by {winner.title()} at {after.updated_at:%Y-%m-%d %H:%M} UTC; "
        "reload to see their change"
    )
