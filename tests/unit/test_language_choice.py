"""Which language a run is in: the person's pick, her account's, her browser's, the default."""

from __future__ import annotations

from advisory import i18n
from tests.language_catalogs import catalogs


def test_only_english_and_languages_with_a_compiled_catalog_can_be_chosen(monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path, {"fr": {"Language": "Langue"}}):
        assert i18n.available() == {"en": "English", "fr": "Français"}


def test_the_pick_of_this_session_wins_then_the_account_then_the_browser_then_the_default(
    monkeypatch, tmp_path
):
    with catalogs(monkeypatch, tmp_path, {"fr": {}, "sw": {}, "pt": {}}):
        everything = {"stored": "sw", "accepted": "pt-BR,pt;q=0.9", "default": "fr"}
        assert i18n.resolve(chosen="fr", **everything) == "fr"
        assert i18n.resolve(chosen=None, **everything) == "sw"
        assert i18n.resolve(chosen=None, stored=None, accepted="pt-BR", default="fr") == "pt"
        assert i18n.resolve(accepted="de-CH, it", default="fr") == "fr"
        assert i18n.resolve() == "en"


def test_the_organisations_default_is_looked_up_only_when_nothing_closer_decides(
    monkeypatch, tmp_path
):
    looked_up: list[str] = []

    def default() -> str:
        looked_up.append("default")
        return "fr"

    with catalogs(monkeypatch, tmp_path, {"fr": {}, "sw": {}}):
        assert i18n.resolve(stored="sw", accepted="fr", default=default) == "sw"
        assert i18n.resolve(accepted="en-GB,en;q=0.9", default=default) == "en"
        assert looked_up == []
        assert i18n.resolve(accepted="de-CH", default=default) == "fr"
        assert i18n.resolve(default=default) == "fr"
        assert looked_up == ["default", "default"]
        assert i18n.resolve(chosen="sw", default=default) == "sw"
        assert looked_up == ["default", "default"]


def test_a_default_function_that_gives_nothing_usable_leaves_english(monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path, {"fr": {}}):
        # unknown code, a supported language without a compiled catalog, and no default at all
        for value in ("de", "sw", None):
            assert i18n.resolve(accepted="it", default=lambda value=value: value) == "en"


def test_a_language_without_a_compiled_catalog_is_passed_over_not_an_error(monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path, {"fr": {}}):
        assert i18n.resolve(chosen="my", stored="ru", accepted="sw, fr;q=0.5") == "fr"
        assert i18n.resolve(chosen="xx-YY", default="es") == "en"


def test_a_chosen_language_translates_the_messages_of_the_run(monkeypatch, tmp_path):
    with catalogs(monkeypatch, tmp_path, {"fr": {"Language": "Langue"}}):
        with i18n.use(i18n.resolve(chosen="fr")):
            assert i18n._("Language") == "Langue"
        assert i18n._("Language") == "Language"
