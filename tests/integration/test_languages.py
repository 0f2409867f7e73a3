"""Stored language choices (issue 10): a person's own, the organisation's default, and the
language of a share link."""

from __future__ import annotations

import pytest

from advisory import i18n
from advisory.actors import CLI
from advisory.errors import PermissionDenied, ValidationError
from advisory.services import languages, share_links, users
from tests.factories import make_user
from tests.language_catalogs import catalogs


def test_a_person_saves_her_own_language_and_can_go_back_to_following_the_browser(engine):
    make_user(engine, "nang", "member")
    nang = users.get_view(engine, "nang")
    assert languages.user_language(engine, "nang") is None
    languages.set_user_language(engine, actor=nang, language="my")
    assert languages.user_language(engine, "nang") == "my"
    languages.set_user_language(engine, actor=nang, language=None)
    assert languages.user_language(engine, "nang") is None


def test_an_unknown_language_is_refused_at_the_field_and_nothing_changes(engine):
    make_user(engine, "nang", "member")
    nang = users.get_view(engine, "nang")
    languages.set_user_language(engine, actor=nang, language="sw")
    with pytest.raises(ValidationError) as refused:
        languages.set_user_language(engine, actor=nang, language="klingon")
    assert refused.value.field == "language"
    assert "klingon" in str(refused.value)
    assert languages.user_language(engine, "nang") == "sw"


def test_only_an_admin_changes_the_default_language(engine):
    make_user(engine, "dir", "director")
    make_user(engine, "boss", "admin")
    assert languages.default_language(engine) == "en"
    with pytest.raises(PermissionDenied):
        languages.set_default_language(engine, actor=users.get_view(engine, "dir"), language="fr")
    languages.set_default_language(engine, actor=users.get_view(engine, "boss"), language="pt-BR")
    assert languages.default_language(engine) == "pt"
    languages.set_default_language(engine, actor=CLI, language="sw")
    assert languages.default_language(engine) == "sw"


# --- a share link's language (the funder reads what the director made it in) ----------------


def _director(engine):  # type: ignore[no-untyped-def]
    make_user(engine, "dir", "director")
    return users.get_view(engine, "dir")


def test_a_share_link_keeps_the_language_it_was_made_in(engine, monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path / "locale", {"fr": {}}):
        created = share_links.create(engine, label="Funder", actor=_director(engine), language="fr")
        scope = share_links.resolve(engine, created.token)
        assert scope is not None
        assert (created.link.language, scope.language) == ("fr", "fr")
        assert (
            share_links.list_links(engine, actor=users.get_view(engine, "dir"))[0].language == "fr"
        )


def test_without_a_choice_a_share_link_is_made_in_the_directors_own_language(
    engine, monkeypatch, tmp_path
):
    with catalogs(monkeypatch, tmp_path / "locale", {"sw": {}}):
        director = _director(engine)
        with i18n.use("sw"):
            created = share_links.create(engine, label="Mfadhili", actor=director)
        english = share_links.create(engine, label="Funder", actor=director)
        assert created.link.language == "sw"
        assert english.link.language == "en"


def test_a_share_link_in_a_language_the_app_cannot_show_is_refused_and_nothing_is_saved(
    engine, monkeypatch, tmp_path
):
    with catalogs(monkeypatch, tmp_path / "locale", {"fr": {}}):
        director = _director(engine)
        for unusable in ("klingon", "ru"):  # not a language at all; no compiled catalog
            with pytest.raises(ValidationError) as refused:
                share_links.create(engine, label="Funder", actor=director, language=unusable)
            assert refused.value.field == "language"
        assert share_links.list_links(engine, actor=director) == []
