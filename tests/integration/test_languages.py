"""Stored language choices (issue 10): a person's own, and the organisation's default."""

from __future__ import annotations

import pytest

from advisory.actors import CLI
from advisory.errors import PermissionDenied, ValidationError
from advisory.services import languages, users
from tests.factories import make_user


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
