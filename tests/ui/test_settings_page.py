"""The Sites and settings page (AppTest): a refused entry keeps what was typed, a saved one
clears its form, and a busy database is a message next to the form, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from advisory.db import DatabaseBusy
from advisory.services import languages, organisation
from tests.factories import make_site
from tests.language_catalogs import catalogs
from tests.ui.apptest import engine_for, page_test, texts


def _settings_page(data_dir: Path) -> AppTest:
    at = page_test("pages/settings.py", data_dir=data_dir, username="boss", role="admin")
    at.run()
    assert not at.exception
    return at


def _press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def _site_names(data_dir: Path) -> list[str]:
    engine = engine_for(data_dir)
    names = [site.name for site in organisation.list_sites(engine)]
    engine.dispose()
    return names


def test_a_refused_site_keeps_what_was_typed_and_a_saved_one_clears_the_form(app_env):
    engine = engine_for(app_env)
    make_site(engine, "Clinic")
    engine.dispose()
    at = _settings_page(app_env)
    at.text_input(key="add_site_name").input("clinic")
    _press(at, "Add site")
    assert "A site named 'Clinic' already exists." in texts(at)
    assert at.text_input(key="add_site_name").value == "clinic"
    at.text_input(key="add_site_name").input("Harbour outreach")
    at.selectbox(key="add_site_kind").set_value("outreach route")
    _press(at, "Add site")
    assert _site_names(app_env) == ["Clinic", "Harbour outreach"]
    assert at.text_input(key="add_site_name").value == ""
    assert "Harbour outreach" in at.dataframe[0].value["name"].tolist()


def test_a_refused_member_keeps_the_name_typed(app_env):
    at = _settings_page(app_env)
    at.text_input(key="add_member_name").input("Aye Aye Myint Thu")
    _press(at, "Add member")
    assert "Use a pseudonym or first name only" in texts(at)
    assert at.text_input(key="add_member_name").value == "Aye Aye Myint Thu"


@pytest.mark.parametrize(
    ("service", "fill", "button"),
    [
        ("add_site", {"add_site_name": "Riverside"}, "Add site"),
        ("update_settings", {}, "Save settings"),
    ],
)
def test_a_busy_database_is_a_message_next_to_the_form_and_keeps_the_entry(
    app_env, monkeypatch, service, fill, button
):
    def busy(*args: object, **kwargs: object) -> None:
        raise DatabaseBusy()

    at = _settings_page(app_env)
    for key, value in fill.items():
        at.text_input(key=key).input(value)
    monkeypatch.setattr(organisation, service, busy)
    _press(at, button)
    assert "The database is busy just now, so nothing was saved." in texts(at)
    for key, value in fill.items():
        assert at.text_input(key=key).value == value
    assert _site_names(app_env) == []


def test_an_admin_sets_the_organisations_default_language(app_env, monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path / "locale", {"sw": {"Language": "Lugha"}}):
        at = _settings_page(app_env)
        menu = at.selectbox(key="org_settings_default_language")
        assert (menu.value, menu.options) == ("en", ["English", "Kiswahili"])
        menu.select("sw")
        _press(at, "Save language")
        assert "Default language saved." in texts(at)
        engine = engine_for(app_env)
        assert languages.default_language(engine) == "sw"
        engine.dispose()
