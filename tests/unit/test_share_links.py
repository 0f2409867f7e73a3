"""Share links: the pure parts (addresses, status order, the token kept out of reprs, delays)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from advisory.models import ShareLink
from advisory.services import share_links
from advisory.share_tokens import new_token
from components.share_gate import INVALID_MESSAGE, invalid_delay

NOW = dt.datetime(2025, 7, 15, 12, 0)


def _link(**kwargs: Any) -> ShareLink:
    values = {"expires_at": NOW + dt.timedelta(days=1), "paused": False, "revoked_at": None}
    return ShareLink(**{**values, **kwargs})


def test_the_address_is_the_app_url_with_only_the_token(monkeypatch):
    monkeypatch.setenv("APP_URL", "https://advisory.example.org/")
    assert share_links.share_url("abc") == "https://advisory.example.org/?share=abc"
    monkeypatch.delenv("APP_URL")
    assert share_links.share_url("abc") == "http://localhost:8501/?share=abc"


def test_revoked_beats_expired_beats_paused_beats_active():
    past = NOW - dt.timedelta(seconds=1)
    assert share_links.status_of(_link(), NOW) == "active"
    assert share_links.status_of(_link(paused=True), NOW) == "paused"
    assert share_links.status_of(_link(paused=True, expires_at=past), NOW) == "expired"
    assert share_links.status_of(_link(expires_at=NOW), NOW) == "expired"
    revoked = _link(paused=True, expires_at=past, revoked_at=past)
    assert share_links.status_of(revoked, NOW) == "revoked"


def test_a_created_link_never_shows_its_token_when_printed_or_logged():
    token = new_token()
    view = share_links.ShareLinkView(
        id=7,
        label="Funder",
        created_by="Dir",
        created_at=NOW,
        expires_at=NOW,
        status="active",
        site_ids=(),
        site_names=(),
        sections=("impact",),
        date_from=None,
        date_to=None,
        last_viewed_at=None,
        view_count=0,
        revoked_at=None,
    )
    created = share_links.CreatedLink(link=view, token=token)
    assert repr(created) == "CreatedLink(link_id=7, token=<hidden>)"
    assert token not in str(created)
    assert token not in f"{created!r} {created}"


def test_the_sections_are_the_three_the_issue_names_with_plain_labels():
    assert share_links.SECTIONS == ("recommendations", "attendance", "impact")
    assert share_links.SECTION_LABELS == {
        "recommendations": "Recommendation progress",
        "attendance": "Attendance trends",
        "impact": "Impact of adaptations",
    }


@pytest.mark.parametrize(
    ("failures", "seconds"), [(1, 0.4), (2, 0.9), (3, 1.4), (10, 4.9), (11, 5.0), (1000, 5.0)]
)
def test_repeated_invalid_attempts_wait_longer_up_to_five_seconds(failures, seconds):
    assert invalid_delay(failures) == pytest.approx(seconds)


def test_the_invalid_link_message_is_the_issues_wording():
    assert INVALID_MESSAGE == "This link is not valid. Ask the service for a new one."
