"""Share links on a real SQLite file and a real PostgreSQL database: lifecycle, scope, expiry
bounds, views recorded without IP addresses, audit rows without the token."""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select, text

from advisory.db import read_scope, session_scope
from advisory.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from advisory.models import AuditEvent, Base, ShareLink, ShareView, Site
from advisory.services import organisation, share_links, users
from advisory.services.users import UserView
from tests.factories import TEST_ADMIN, make_site, make_user

NOW = dt.datetime(2025, 7, 15, 12, 0, 0)


@pytest.fixture
def sites(engine: Engine) -> dict[str, int]:
    """Three sites, a director ("dir") and an admin ("boss")."""
    make_user(engine, "dir", "director")
    make_user(engine, "boss", "admin")
    return {name: make_site(engine, name).id for name in ("Riverside", "Harbour", "Hilltop")}


def _dir(engine: Engine) -> UserView:
    view = users.get_view(engine, "dir")
    assert view is not None
    return view


def _boss(engine: Engine) -> UserView:
    view = users.get_view(engine, "boss")
    assert view is not None
    return view


def _create(engine: Engine, **kwargs: Any) -> share_links.CreatedLink:
    args: dict[str, Any] = {"label": "Global Fund", "actor": _dir(engine), "now": NOW, **kwargs}
    return share_links.create(engine, **args)


def _resolve(
    engine: Engine, token: object, now: dt.datetime = NOW, *, record_view: bool = True
) -> share_links.ShareScope | None:
    """What the funder view does: check the link (a read), then count the view (a write)."""
    scope = share_links.resolve(engine, token, now=now)
    if scope is not None and record_view:
        share_links.record_link_view(engine, link_id=scope.link_id, now=now)
    return scope


def _all_text(engine: Engine) -> str:
    """Every value of every table, as text: where a leaked token would show up."""
    parts = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def test_a_new_link_stores_only_the_sha256_of_a_256_bit_token(engine, sites):
    created = _create(engine)
    assert len(created.token) == 43
    assert created.url == f"http://localhost:8501/?share={created.token}"
    with session_scope(engine) as s:
        row = s.scalar(select(ShareLink))
        assert row.token_hash == hashlib.sha256(created.token.encode()).hexdigest()
    everything = _all_text(engine)
    assert created.token not in everything
    assert created.token[:20] not in everything
    assert "token=<hidden>" in repr(created)
    assert created.token not in repr(created)


def test_the_lifecycle_active_paused_resumed_revoked(engine, sites):
    created = _create(engine)
    link_id = created.link.id
    assert created.link.status == "active"
    assert _resolve(engine, created.token) is not None
    with session_scope(engine) as s:
        share_links.pause(s, link_id=link_id, actor=_dir(engine), now=NOW)
    assert _resolve(engine, created.token) is None
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, actor=_dir(engine), now=NOW).status == "paused"
        with pytest.raises(InvalidTransition, match="already paused"):
            share_links.pause(s, link_id=link_id, actor=_dir(engine), now=NOW)
    with session_scope(engine) as s:
        share_links.resume(s, link_id=link_id, actor=_boss(engine), now=NOW)
    assert _resolve(engine, created.token) is not None
    with session_scope(engine) as s:
        share_links.revoke(s, link_id=link_id, actor=_dir(engine), now=NOW)
    assert _resolve(engine, created.token) is None
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, actor=_dir(engine), now=NOW).status == "revoked"
        with pytest.raises(InvalidTransition, match="revoked for good"):
            share_links.resume(s, link_id=link_id, actor=_dir(engine), now=NOW)
        with pytest.raises(InvalidTransition, match="already revoked"):
            share_links.revoke(s, link_id=link_id, actor=_dir(engine), now=NOW)
        with pytest.raises(InvalidTransition, match="nothing to pause"):
            share_links.pause(s, link_id=link_id, actor=_dir(engine), now=NOW)
        with pytest.raises(NotFound, match="no share link number 999"):
            share_links.revoke(s, link_id=999, actor=_dir(engine), now=NOW)


def test_a_link_expires_after_its_days_and_cannot_be_resumed(engine, sites):
    created = _create(engine, days=1)
    assert created.link.expires_at == NOW + dt.timedelta(days=1)
    just_before = NOW + dt.timedelta(days=1) - dt.timedelta(seconds=1)
    assert _resolve(engine, created.token, now=just_before) is not None
    assert _resolve(engine, created.token, now=NOW + dt.timedelta(days=1)) is None
    later = NOW + dt.timedelta(days=2)
    with session_scope(engine) as s:
        listed = share_links.list_links(s, actor=_dir(engine), now=later)
        assert [x.status for x in listed] == ["expired"]
        with pytest.raises(InvalidTransition, match="expired"):
            share_links.resume(s, link_id=created.link.id, actor=_dir(engine), now=later)


def test_expiry_outside_1_to_365_days_is_refused_and_nothing_is_saved(engine, sites):
    for days in (0, -1, 366, 1000, 1.5, "abc", "", None, True):
        with pytest.raises(ValidationError, match="1 to 365") as caught:
            _create(engine, days=days)
        assert caught.value.field == "days", days
    with session_scope(engine) as s:
        assert s.scalar(select(ShareLink.id)) is None


def test_expiry_defaults_to_90_days_and_365_is_the_most(engine, sites):
    assert _create(engine).link.expires_at == NOW + dt.timedelta(days=90)
    assert _create(engine, days=365).link.expires_at == NOW + dt.timedelta(days=365)
    assert _create(engine, days="30").link.expires_at == NOW + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"label": "   "}, "label", "Enter a label"),
        ({"label": "x" * 161}, "label", "160 characters"),
        ({"site_ids": [9999]}, "site_ids", "Unknown site id"),
        ({"site_ids": []}, "site_ids", "at least one site"),
        ({"sections": ["minutes"]}, "sections", "Unknown section"),
        ({"sections": []}, "sections", "at least one section"),
        (
            {"date_from": dt.date(2025, 3, 1), "date_to": dt.date(2025, 1, 1)},
            "date_from",
            "after its end",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    engine, sites, kwargs, field, message
):
    with pytest.raises(ValidationError, match=message) as caught:
        _create(engine, **kwargs)
    assert caught.value.field == field
    with session_scope(engine) as s:
        assert s.scalar(select(ShareLink.id)) is None
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "share.create")) is None


def test_the_scope_is_fixed_at_creation(engine, sites):
    everything = _create(engine)
    chosen = _create(
        engine,
        site_ids=[sites["Harbour"]],
        sections=["attendance", "recommendations"],
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 6, 30),
    )
    with session_scope(engine) as s:
        organisation.add_site(s, name="New site", kind="clinic", actor=TEST_ADMIN)
        hilltop = s.get(Site, sites["Hilltop"])
        hilltop.active = False
    scope = _resolve(engine, everything.token)
    assert scope.site_ids == tuple(sorted(sites.values()))
    assert "New site" not in scope.site_names
    assert scope.sections == ("recommendations", "attendance", "impact")
    assert (scope.date_from, scope.date_to) == (None, None)
    narrow = _resolve(engine, chosen.token)
    assert narrow.site_ids == (sites["Harbour"],)
    assert narrow.site_names == ("Harbour",)
    # Stored in the product's order, whatever order they were given in.
    assert narrow.sections == ("recommendations", "attendance")
    assert (narrow.date_from, narrow.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert narrow.expires_at == NOW + dt.timedelta(days=90)


def test_site_names_from_the_command_line_are_matched_without_case(engine, sites):
    with session_scope(engine) as s:
        assert organisation.site_ids_by_name(s, ["riverside", "HARBOUR"]) == (
            sites["Riverside"],
            sites["Harbour"],
        )
        with pytest.raises(ValidationError, match="Unknown site.*Nowhere.*Sites are: Harbour"):
            organisation.site_ids_by_name(s, ["Nowhere"])


def test_members_can_neither_create_see_nor_change_links(engine, sites):
    created = _create(engine)
    link_id = created.link.id
    member = make_user(engine, "mary", "member")
    stranger = SimpleNamespace(username="m", role=None)  # no role at all
    calls = {
        "create": lambda s, actor: share_links.create(s, label="x", actor=actor),
        "list": lambda s, actor: share_links.list_links(s, actor=actor),
        "get": lambda s, actor: share_links.get(s, link_id=link_id, actor=actor),
        "views": lambda s, actor: share_links.views(s, link_id=link_id, actor=actor),
        "pause": lambda s, actor: share_links.pause(s, link_id=link_id, actor=actor),
        "resume": lambda s, actor: share_links.resume(s, link_id=link_id, actor=actor),
        "revoke": lambda s, actor: share_links.revoke(s, link_id=link_id, actor=actor),
    }
    allowed = []
    for name, call in calls.items():
        for actor in (member, stranger):
            try:
                with session_scope(engine) as s:
                    call(s, actor)
            except PermissionDenied:
                continue
            allowed.append((name, actor.role))
    assert allowed == []
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, actor=_boss(engine), now=NOW).status == "active"
        assert len(share_links.list_links(s, actor=_dir(engine))) == 1


def test_a_director_whose_role_was_taken_away_can_no_longer_manage_links(engine, sites):
    created = _create(engine)
    still_director = _dir(engine)  # the view a page drew before the change
    users.set_role(engine, username="dir", role="member", actor=_boss(engine))
    for change in (share_links.pause, share_links.revoke):
        with pytest.raises(PermissionDenied, match="no longer allows"):
            change(engine, link_id=created.link.id, actor=still_director, now=NOW)
    with pytest.raises(PermissionDenied, match="no longer allows"):
        share_links.list_links(engine, actor=still_director)
    link = share_links.get(engine, link_id=created.link.id, actor=_boss(engine), now=NOW)
    assert link.status == "active"


def test_checking_a_link_is_a_read_that_counts_nothing(engine, sites):
    created = _create(engine)
    with read_scope(engine) as s:
        assert share_links.resolve(s, created.token, now=NOW) is not None
    assert share_links.get(engine, link_id=created.link.id, actor=_dir(engine)).view_count == 0


def test_every_view_is_recorded_with_the_time_only(engine, sites):
    created = _create(engine)
    times = [NOW + dt.timedelta(minutes=m) for m in (1, 2, 3)]
    for at in times:
        assert _resolve(engine, created.token, now=at) is not None
    assert _resolve(engine, created.token, now=times[-1], record_view=False) is not None
    altered = created.token[:-1] + ("A" if created.token[-1] != "A" else "B")
    assert _resolve(engine, altered, now=times[-1]) is None
    with session_scope(engine) as s:
        link = share_links.get(s, link_id=created.link.id, actor=_dir(engine), now=NOW)
        assert link.view_count == 3
        assert link.last_viewed_at == times[-1]
        assert share_links.views(s, link_id=created.link.id, actor=_dir(engine)) == times[::-1]
    columns = {c["name"] for c in inspect(engine).get_columns(ShareView.__tablename__)}
    assert columns == {"id", "link_id", "at"}  # no IP address, no browser, nothing else


def test_audit_rows_for_create_pause_resume_view_revoke_and_never_the_token(engine, sites):
    created = _create(engine)
    link_id = created.link.id
    _resolve(engine, created.token)
    with session_scope(engine) as s:
        share_links.pause(s, link_id=link_id, actor=_dir(engine), now=NOW)
        share_links.resume(s, link_id=link_id, actor=_dir(engine), now=NOW)
        share_links.revoke(s, link_id=link_id, actor=_dir(engine), now=NOW)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor, action, entity, entity_id, detail FROM audit_event ORDER BY id")
        ).all()
    share_rows = [r for r in rows if r.action.startswith("share.")]
    assert [(r.actor, r.action, r.entity, r.entity_id) for r in share_rows] == [
        ("dir", "share.create", "share_link", link_id),
        ("share-link", "share.view", "share_link", link_id),
        ("dir", "share.pause", "share_link", link_id),
        ("dir", "share.resume", "share_link", link_id),
        ("dir", "share.revoke", "share_link", link_id),
    ]
    assert share_rows[0].detail == (
        f"expires {NOW + dt.timedelta(days=90):%Y-%m-%d}; sections "
        f"recommendations,attendance,impact; sites {','.join(map(str, sorted(sites.values())))}; "
        "language en"
    )
    assert created.token not in _all_text(engine)


def test_unknown_altered_and_garbage_tokens_all_open_nothing_and_count_nothing(engine, sites):
    created = _create(engine)
    token = created.token
    other = "B" if token[10] != "B" else "C"
    bad = [
        "",
        None,
        12345,
        b"bytes",
        token[:-1],
        token[:20],
        token + "x",
        token[:10] + other + token[11:],
        token.upper() if token.upper() != token else token.lower(),
        " " + token,
        "x" * 100_000,
        "ü" * 43,
        "../../etc/passwd",
        "' OR 1=1 --",
        share_links.share_url(token),
    ]
    for value in bad:
        assert _resolve(engine, value) is None, value
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=created.link.id, actor=_dir(engine)).view_count == 0
        assert s.scalar(select(ShareView.id)) is None


def test_simultaneous_views_are_all_counted(engine, sites):
    created = _create(engine)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: _resolve(engine, created.token), range(12)))
    assert all(r is not None for r in results)
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=created.link.id, actor=_dir(engine)).view_count == 12
        assert len(share_links.views(s, link_id=created.link.id, actor=_dir(engine))) == 12
