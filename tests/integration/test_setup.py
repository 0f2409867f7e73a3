"""First-time setup on both databases: two setups at once make one admin and one clear message."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from advisory import demo
from advisory.db import session_scope
from advisory.errors import ValidationError
from advisory.models import OrganisationSettings, User
from advisory.services import organisation, setup

PASSWORD = "a long test passphrase"


def _setup(session: Session, *, organisation_name: str, username: str) -> None:
    setup.create_first_admin(
        session,
        organisation=organisation_name,
        username=username,
        display_name=username.title(),
        password=PASSWORD,
        confirm=PASSWORD,
    )


def _wait_until_the_second_setup_waits(engine: Engine) -> None:
    """PostgreSQL: until the second setup waits for a lock the first one holds.

    SQLite queues whole write transactions (BEGIN IMMEDIATE, advisory.db): the second setup
    waits to begin, which cannot be observed from here, so a short pause stands in for it.
    """
    if engine.dialect.name != "postgresql":
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 20
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            if waiting:
                return
            conn.rollback()
            time.sleep(0.05)
    pytest.fail("the second setup never waited for the first one's lock")


@pytest.mark.parametrize(
    "settings_row_exists", [False, True], ids=["no-settings-row-yet", "settings-row-exists"]
)
def test_the_second_of_two_simultaneous_setups_is_told_setup_is_complete(
    engine, settings_row_exists
):
    if not settings_row_exists:
        # Migration 0002 seeds the row; a database set up before it has none.
        with session_scope(engine) as s:
            s.execute(delete(OrganisationSettings))
    assert organisation.settings(engine).name == "Our service"  # the default either way
    first = Session(engine, expire_on_commit=False)
    first.begin()
    assert setup.needs_setup(first)
    _setup(first, organisation_name="Riverside Harm Reduction", username="amina")
    outcome: dict[str, object] = {}

    def second_setup() -> None:
        try:
            with session_scope(engine) as s:
                outcome["needs_setup"] = setup.needs_setup(s)
                _setup(s, organisation_name="Harbour Outreach", username="zahra")
            outcome["result"] = "created"
        except Exception as exc:  # noqa: BLE001 - the exact type is asserted below
            outcome["result"] = exc

    thread = threading.Thread(target=second_setup)
    thread.start()
    _wait_until_the_second_setup_waits(engine)
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert not thread.is_alive()
    result = outcome["result"]
    assert isinstance(result, ValidationError), result
    assert (str(result), result.field) == ("Setup is already complete. Log in instead.", None)
    # On PostgreSQL both setups really did see "no account yet" (the race the fix is for);
    # SQLite's second setup only begins once the first has committed.
    assert outcome["needs_setup"] is (engine.dialect.name == "postgresql")
    with session_scope(engine) as s:
        admins = s.execute(select(User.username, User.role)).all()
        name = s.scalar(select(OrganisationSettings.name).where(OrganisationSettings.id == 1))
    assert [(u, str(r)) for u, r in admins] == [("amina", "admin")]
    assert name == "Riverside Harm Reduction"


def test_setup_after_an_admin_exists_is_refused(engine):
    with session_scope(engine) as s:
        _setup(s, organisation_name="Riverside Harm Reduction", username="amina")
    with pytest.raises(ValidationError, match="^Setup is already complete. Log in instead.$"):
        with session_scope(engine) as s:
            _setup(s, organisation_name="Harbour Outreach", username="zahra")


def test_the_first_admin_and_the_demo_data_are_saved_together_or_not_at_all(engine, monkeypatch):
    def broken_part(session: Session, result: demo.DemoResult, *, by: str) -> None:
        raise ValidationError("The demo data could not be loaded.")

    def set_up() -> setup.FirstRun:
        return setup.set_up(
            engine,
            organisation="Riverside Harm Reduction",
            username="amina",
            display_name="Amina",
            password=PASSWORD,
            confirm=PASSWORD,
            load_demo=True,
        )

    # The demo's sites and accounts, then a part that fails: nothing at all is kept.
    monkeypatch.setattr(demo, "PARTS", (*demo.PARTS[:1], broken_part))
    with pytest.raises(ValidationError, match="could not be loaded"):
        set_up()
    assert setup.needs_setup(engine)
    # why only the first part: the rest (three years of attendance) is slow and not the point.
    monkeypatch.setattr(demo, "PARTS", demo.PARTS[:1])
    done = set_up()
    assert done.admin.username == "amina"
    assert sorted(done.demo_accounts) == ["demo-admin", "demo-director", "demo-member"]
