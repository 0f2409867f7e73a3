"""Accounts on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time

import pytest
from sqlalchemy import Engine

from advisory import clock, passwords
from advisory.db import read_scope, session_scope
from advisory.errors import PermissionDenied, ValidationError
from advisory.models import AuditEvent, User
from advisory.services import organisation, users
from tests.factories import PASSWORD, TEST_ADMIN, make_user


def _count_users(engine: Engine) -> int:
    with session_scope(engine) as s:
        return s.query(User).count()


@pytest.mark.parametrize(
    ("username", "role", "password", "field", "message"),
    [
        ("", "member", PASSWORD, "username", "Enter a username."),
        ("   ", "member", PASSWORD, "username", "Enter a username."),
        ("nang", "member", "short one", "password", "at least 12 characters"),
        ("nang", "superuser", PASSWORD, "role", "Unknown role 'superuser'"),
        ("no spaces please", "member", PASSWORD, "username", "A username is 2 to 64"),
    ],
)
def test_bad_account_input_is_refused_at_the_field_and_nothing_is_saved(
    engine, username, role, password, field, message
):
    with pytest.raises(ValidationError) as err, session_scope(engine) as s:
        users.create_user(
            s, username=username, display_name="N", role=role, password=password, actor=TEST_ADMIN
        )
    assert err.value.field == field
    assert message in str(err.value)
    assert _count_users(engine) == 0


def test_a_duplicate_username_is_refused_whatever_its_case(engine):
    make_user(engine, "nang", "member")
    with pytest.raises(ValidationError, match="already taken"), session_scope(engine) as s:
        users.create_user(
            s, username="NANG", display_name="N", role="member", password=PASSWORD, actor=TEST_ADMIN
        )
    assert _count_users(engine) == 1


def test_passwords_are_stored_only_as_bcrypt_hashes(engine, real_password_cost):
    make_user(engine, "nang", "member")
    with session_scope(engine) as s:
        stored = users.get_by_username(s, "nang").password_hash
    assert stored.startswith("$2b$12$") and PASSWORD not in stored
    assert passwords.check_password(PASSWORD, stored)


def test_the_fifth_failed_login_locks_the_account_for_fifteen_minutes(engine):
    make_user(engine, "nang", "member")
    for _ in range(4):
        with session_scope(engine) as s:
            users.record_failed_login(s, "nang")
        with session_scope(engine) as s:
            assert users.login_allowed(s, "nang")
    with session_scope(engine) as s:
        users.record_failed_login(s, "nang")
    with session_scope(engine) as s:
        user = users.get_by_username(s, "nang")
        assert not users.login_allowed(s, "nang")
        remaining = user.locked_until - clock.now()
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)


def test_a_lock_ends_after_its_time_and_a_success_resets_the_count(engine):
    make_user(engine, "nang", "member")
    with session_scope(engine) as s:
        users.get_by_username(s, "nang").locked_until = clock.now() - dt.timedelta(seconds=1)
    with session_scope(engine) as s:
        assert users.login_allowed(s, "nang")
        users.record_failed_login(s, "nang")
        users.record_successful_login(s, "nang")
    with session_scope(engine) as s:
        assert users.get_by_username(s, "nang").failed_logins == 0


def test_unknown_and_inactive_accounts_are_not_allowed_to_try(engine):
    make_user(engine, "nang", "member")
    make_user(engine, "boss", "admin")
    with session_scope(engine) as s:
        users.set_active(s, username="nang", active=False, actor=users.get_view(s, "boss"))
    with session_scope(engine) as s:
        assert not users.login_allowed(s, "nobody")
        assert not users.login_allowed(s, "nang")


def test_logins_issued_before_sessions_valid_after_are_not_honoured(engine):
    make_user(engine, "nang", "member")
    issued = clock.now()
    with session_scope(engine) as s:
        assert users.session_is_valid(s, "nang", issued) is not None
    time.sleep(0.01)
    with session_scope(engine) as s:
        users.end_all_sessions(s, actor=users.get_view(s, "nang"), reason="logout")
    with session_scope(engine) as s:
        assert users.session_is_valid(s, "nang", issued) is None
        assert users.session_is_valid(s, "nang", clock.now()) is not None


@pytest.mark.parametrize("change", ["password_change", "reset", "deactivate", "role"])
def test_password_changes_resets_deactivation_and_role_changes_end_existing_logins(engine, change):
    make_user(engine, "nang", "member")
    make_user(engine, "boss", "admin")
    issued = clock.now()
    time.sleep(0.01)
    with session_scope(engine) as s:
        if change == "password_change":
            users.change_password(
                s,
                actor=users.get_view(s, "nang"),
                current_password=PASSWORD,
                new_password="a brand new passphrase",
            )
        elif change == "reset":
            users.reset_password(
                s,
                username="nang",
                temporary_password="temporary passphrase",
                actor=users.get_view(s, "boss"),
            )
        elif change == "deactivate":
            users.set_active(s, username="nang", active=False, actor=users.get_view(s, "boss"))
        else:
            users.set_role(s, username="nang", role="director", actor=users.get_view(s, "boss"))
    with session_scope(engine) as s:
        assert users.session_is_valid(s, "nang", issued) is None


def test_a_reset_password_must_be_changed_at_next_login(engine):
    make_user(engine, "nang", "member")
    make_user(engine, "boss", "admin")
    with session_scope(engine) as s:
        users.reset_password(
            s,
            username="nang",
            temporary_password="temporary passphrase",
            actor=users.get_view(s, "boss"),
        )
    with session_scope(engine) as s:
        assert users.get_view(s, "nang").must_change_password
        users.change_password(
            s,
            actor=users.get_view(s, "nang"),
            current_password="temporary passphrase",
            new_password="my own new passphrase",
        )
    with session_scope(engine) as s:
        assert not users.get_view(s, "nang").must_change_password


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(engine):
    make_user(engine, "boss", "admin")
    with pytest.raises(ValidationError, match="last active admin"), session_scope(engine) as s:
        users.set_active(s, username="boss", active=False, actor=users.get_view(s, "boss"))
    with pytest.raises(ValidationError, match="last active admin"), session_scope(engine) as s:
        users.set_role(s, username="boss", role="member", actor=users.get_view(s, "boss"))


def test_account_changes_and_logins_are_audited_without_passwords(engine):
    make_user(engine, "nang", "member")
    with session_scope(engine) as s:
        users.record_failed_login(s, "nang")
        users.record_successful_login(s, "nang")
    with session_scope(engine) as s:
        events = s.query(AuditEvent).order_by(AuditEvent.id).all()
        actions = [e.action for e in events]
        details = " ".join(str(e.detail) for e in events)
    assert actions == ["user.create", "login.failure", "login.success"]
    assert PASSWORD not in details


def test_credentials_for_the_login_library_hold_only_active_accounts(engine):
    make_user(engine, "nang", "member")
    make_user(engine, "aye", "member")
    make_user(engine, "boss", "admin")
    with session_scope(engine) as s:
        users.set_active(s, username="aye", active=False, actor=users.get_view(s, "boss"))
        creds = users.credentials_for_login(s)
    assert sorted(creds["usernames"]) == ["boss", "nang"]
    assert creds["usernames"]["nang"]["roles"] == ["member"]


def test_parallel_login_attempts_each_get_their_own_number_so_none_slip_past_the_lock(engine):
    make_user(engine, "nang", "member")
    numbers: list[int | None] = []
    lock = threading.Lock()

    def attempt() -> None:
        with session_scope(engine) as s:
            n = users.start_login_attempt(s, "nang")
        with lock:
            numbers.append(n)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(n for n in numbers if n is not None) == list(range(1, 9))
    assert None not in numbers


def test_failures_older_than_the_lockout_window_are_forgotten(engine):
    make_user(engine, "nang", "member")
    for _ in range(4):
        with session_scope(engine) as s:
            users.record_failed_login(s, "nang")
    with session_scope(engine) as s:
        users.get_by_username(s, "nang").last_failed_at = clock.now() - dt.timedelta(minutes=16)
    with session_scope(engine) as s:
        assert users.start_login_attempt(s, "nang") == 1


def test_a_locked_account_gets_no_attempt_number(engine):
    make_user(engine, "nang", "member")
    for _ in range(5):
        with session_scope(engine) as s:
            users.record_failed_login(s, "nang")
    with session_scope(engine) as s:
        assert users.start_login_attempt(s, "nang") is None
        assert users.start_login_attempt(s, "nobody") is None


def test_account_changes_by_a_non_admin_are_refused_by_the_service_itself(engine):
    make_user(engine, "boss", "admin")
    make_user(engine, "dina", "director")
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        users.create_user(
            s,
            username="sneaky",
            display_name="S",
            role="admin",
            password=PASSWORD,
            actor=users.get_view(s, "dina"),
        )
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        users.set_role(s, username="dina", role="admin", actor=users.get_view(s, "dina"))
    assert _count_users(engine) == 2


def test_system_actor_names_cannot_be_taken_by_an_account(engine):
    with pytest.raises(ValidationError, match="reserved"), session_scope(engine) as s:
        users.create_user(
            s, username="cli", display_name="C", role="member", password=PASSWORD, actor=TEST_ADMIN
        )


def test_only_an_admin_may_change_the_small_number_threshold(engine):
    boss = make_user(engine, "boss", "admin")
    dina = make_user(engine, "dina", "director")
    with pytest.raises(PermissionDenied):
        organisation.update_settings(engine, name="Org", small_number_k=3, actor=dina)
    organisation.update_settings(engine, name="Org", small_number_k=7, actor=boss)
    assert organisation.small_number_k(engine) == 7
    assert organisation.settings(engine).name == "Org"


def test_reading_the_settings_and_the_group_writes_nothing(engine):
    # why (issue 14): migration 0002 seeds both, so a read transaction can serve them.
    with read_scope(engine) as s:
        assert organisation.settings(s).small_number_k == 5
        assert organisation.default_group(s).name == "Women's advisory group"


def test_only_an_admin_may_add_sites_and_members(engine):
    dina = make_user(engine, "dina", "director")
    group = organisation.default_group(engine)
    with pytest.raises(PermissionDenied):
        organisation.add_site(engine, name="Clinic", kind="clinic", actor=dina)
    with pytest.raises(PermissionDenied):
        organisation.add_member(engine, group_id=group.id, name="Aye", joined_on=None, actor=dina)
    assert organisation.list_sites(engine) == []
    assert organisation.list_members(engine) == []


def test_a_service_refuses_an_actor_whose_role_is_not_the_accounts_role_now(engine):
    member = make_user(engine, "nang", "member")
    make_user(engine, "aye", "member")
    claims_admin = dataclasses.replace(member, role="admin")
    with pytest.raises(PermissionDenied) as info, session_scope(engine) as s:
        users.set_role(s, username="aye", role="admin", actor=claims_admin)
    assert "Log in again" in str(info.value)
    boss = make_user(engine, "boss", "admin")
    with session_scope(engine) as s:
        users.set_role(s, username="nang", role="director", actor=boss)
    with pytest.raises(PermissionDenied), session_scope(engine) as s:
        # The page still holds the member's old view: the service sees the role changed.
        users.reset_password(
            s, username="aye", temporary_password="temporary passphrase", actor=member
        )
