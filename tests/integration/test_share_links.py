"""Share links on a real SQLite file and a real PostgreSQL database: lifecycle, scope, expiry
bounds, views recorded without IP addresses, audit rows without the token."""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, inspect, select, text

from advisory.db import session_scope
from advisory.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from advisory.models import AuditEvent, Base, ShareLink, ShareView, Site
from advisory.services import organisation, share_links

NOW = dt.datetime(2025, 7, 15, 12, 0, 0)


@pytest.fixture
def sites(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        ids = {
            name: organisation.add_site(s, name=name, kind="drop-in centre", by="test").id
            for name in ("Riverside", "Harbour", "Hilltop")
        }
    return ids


def _create(engine: Engine, **kwargs) -> share_links.CreatedLink:  # type: ignore[no-untyped-def]
    args = {"label": "Global Fund", "by": "dir", "role": "director", "now": NOW, **kwargs}
    with session_scope(engine) as s:
        return share_links.create(s, **args)


def _resolve(engine: Engine, token: object, now: dt.datetime = NOW, **kwargs):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return share_links.resolve(s, token, now=now, **kwargs)


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
        share_links.pause(s, link_id=link_id, by="dir", role="director", now=NOW)
    assert _resolve(engine, created.token) is None
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, role="director", now=NOW).status == "paused"
        with pytest.raises(InvalidTransition, match="already paused"):
            share_links.pause(s, link_id=link_id, by="dir", role="director", now=NOW)
    with session_scope(engine) as s:
        share_links.resume(s, link_id=link_id, by="dir", role="admin", now=NOW)
    assert _resolve(engine, created.token) is not None
    with session_scope(engine) as s:
        share_links.revoke(s, link_id=link_id, by="dir", role="director", now=NOW)
    assert _resolve(engine, created.token) is None
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, role="director", now=NOW).status == "revoked"
        with pytest.raises(InvalidTransition, match="revoked for good"):
            share_links.resume(s, link_id=link_id, by="dir", role="director", now=NOW)
        with pytest.raises(InvalidTransition, match="already revoked"):
            share_links.revoke(s, link_id=link_id, by="dir", role="director", now=NOW)
        with pytest.raises(InvalidTransition, match="nothing to pause"):
            share_links.pause(s, link_id=link_id, by="dir", role="director", now=NOW)
        with pytest.raises(NotFound, match="no share link number 999"):
            share_links.revoke(s, link_id=999, by="dir", role="director", now=NOW)


def test_a_link_expires_after_its_days_and_cannot_be_resumed(engine, sites):
    created = _create(engine, days=1)
    assert created.link.expires_at == NOW + dt.timedelta(days=1)
    just_before = NOW + dt.timedelta(days=1) - dt.timedelta(seconds=1)
    assert _resolve(engine, created.token, now=just_before) is not None
    assert _resolve(engine, created.token, now=NOW + dt.timedelta(days=1)) is None
    later = NOW + dt.timedelta(days=2)
    with session_scope(engine) as s:
        listed = share_links.list_links(s, role="director", now=later)
        assert [x.status for x in listed] == ["expired"]
        with pytest.raises(InvalidTransition, match="expired"):
            share_links.resume(s, link_id=created.link.id, by="dir", role="director", now=later)


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
        organisation.add_site(s, name="New site", kind="clinic", by="test")
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
        assert share_links.site_ids_by_name(s, ["riverside", "HARBOUR"]) == (
            sites["Riverside"],
            sites["Harbour"],
        )
        with pytest.raises(ValidationError, match="Unknown site.*Nowhere.*Sites are: Harbour"):
            share_links.site_ids_by_name(s, ["Nowhere"])


def test_members_can_neither_create_see_nor_change_links(engine, sites):
    created = _create(engine)
    link_id = created.link.id
    calls = {
        "create": lambda s, role: share_links.create(s, label="x", by="m", role=role),
        "list": lambda s, role: share_links.list_links(s, role=role),
        "get": lambda s, role: share_links.get(s, link_id=link_id, role=role),
        "views": lambda s, role: share_links.views(s, link_id=link_id, role=role),
        "pause": lambda s, role: share_links.pause(s, link_id=link_id, by="m", role=role),
        "resume": lambda s, role: share_links.resume(s, link_id=link_id, by="m", role=role),
        "revoke": lambda s, role: share_links.revoke(s, link_id=link_id, by="m", role=role),
    }
    allowed = []
    for name, call in calls.items():
        for role in ("member", None):
            try:
                with session_scope(engine) as s:
                    call(s, role)
            except PermissionDenied:
                continue
            allowed.append((name, role))
    assert allowed == []
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=link_id, role="admin", now=NOW).status == "active"
        assert len(share_links.list_links(s, role="director")) == 1


def test_every_view_is_recorded_with_the_time_only(engine, sites):
    created = _create(engine)
    times = [NOW + dt.timedelta(minutes=m) for m in (1, 2, 3)]
    for at in times:
        assert _resolve(engine, created.token, now=at) is not None
    assert _resolve(engine, created.token, now=times[-1], record_view=False) is not None
    altered = created.token[:-1] + ("A" if created.token[-1] != "A" else "B")
    assert _resolve(engine, altered, now=times[-1]) is None
    with session_scope(engine) as s:
        link = share_links.get(s, link_id=created.link.id, role="director", now=NOW)
        assert link.view_count == 3
        assert link.last_viewed_at == times[-1]
        assert share_links.views(s, link_id=created.link.id, role="director") == times[::-1]
    columns = {c["name"] for c in inspect(engine).get_columns(ShareView.__tablename__)}
    assert columns == {"id", "link_id", "at"}  # no IP address, no browser, nothing else


def test_audit_rows_for_create_pause_resume_view_revoke_and_never_the_token(engine, sites):
    created = _create(engine)
    link_id = created.link.id
    _resolve(engine, created.token)
    with session_scope(engine) as s:
        share_links.pause(s, link_id=link_id, by="dir", role="director", now=NOW)
        share_links.resume(s, link_id=link_id, by="dir", role="director", now=NOW)
        share_links.revoke(s, link_id=link_id, by="dir", role="director", now=NOW)
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
        f"recommendations,attendance,impact; sites {','.join(map(str, sorted(sites.values())))}"
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
        assert share_links.get(s, link_id=created.link.id, role="director").view_count == 0
        assert s.scalar(select(ShareView.id)) is None


def test_simultaneous_views_are_all_counted(engine, sites):
    created = _create(engine)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: _resolve(engine, created.token), range(12)))
    assert all(r is not None for r in results)
    with session_scope(engine) as s:
        assert share_links.get(s, link_id=created.link.id, role="director").view_count == 12
        assert len(share_links.views(s, link_id=created.link.id, role="director")) == 12
