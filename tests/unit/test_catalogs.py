"""The message catalogs are complete (issue 10): every message in the code has a translation in
every language, with the same placeholders, and every catalog says its glossary first.

The messages are extracted from the code here with Babel, exactly as `make extract-messages`
does, so a string wrapped in `_()` yesterday and never translated fails today's test.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from advisory import i18n
from tests.conftest import ROOT

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
SOURCES = ("app.py", "advisory", "components", "pages")
TRANSLATED = sorted(set(i18n.LANGUAGES) - {i18n.DEFAULT})
# `{name}` or `{name:...}`/`{name!r}`: the named placeholders str.format fills in.
PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)(?:[!:][^}]*)?\}")
GLOSSARY_TERMS = (
    "site",
    "advisory group",
    "recommendation",
    "adaptation",
    "share link",
    "likely range",
)


MessageKey = tuple[str | None, str]  # (context, msgid)


@cache
def code_messages() -> dict[MessageKey, tuple[str, ...]]:
    """Every message marked in the code: key -> (singular, plural?) as written in English."""
    found: dict[MessageKey, tuple[str, ...]] = {}

    def add(batches) -> None:  # type: ignore[no-untyped-def]
        for message, context in batches:
            texts = message if isinstance(message, tuple) else (message,)
            if texts[0]:
                found[(context, texts[0])] = texts

    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            add(
                (message, context)
                for _line, message, _comments, context in extract_from_file(
                    "python", path, keywords=KEYWORDS
                )
            )
        else:
            add(
                (message, context)
                for _name, _line, message, _comments, context in extract_from_dir(
                    path, method_map=[("**.py", "python")], keywords=KEYWORDS
                )
            )
    return found


def po_file(language: str) -> Path:
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


@cache
def catalog(language: str) -> Catalog:
    with po_file(language).open("rb") as handle:
        return read_po(handle, locale=language)


def names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_code_marks_messages_for_translation() -> None:
    assert len(code_messages()) > 500


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_in_the_code_has_a_translation(language: str) -> None:
    assert po_file(language).is_file(), (
        f"no catalog for {language}: make init-catalog LANG_CODE={language}"
    )
    cat = catalog(language)
    untranslated = []
    for (context, msgid), _texts in sorted(code_messages().items(), key=lambda kv: kv[0][1]):
        entry = cat.get(msgid, context=context)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(msgid)
    assert untranslated == [], (
        f"{len(untranslated)} messages lack a {language} translation "
        f"(make update-catalogs, then translate): {untranslated[:20]}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_english_message(language: str) -> None:
    cat = catalog(language)
    differ = []
    for (context, msgid), texts in code_messages().items():
        entry = cat.get(msgid, context=context)
        if entry is None:
            continue
        if len(texts) == 1:
            if (
                isinstance(entry.string, str)
                and entry.string
                and names(entry.string) != names(msgid)
            ):
                differ.append((msgid, entry.string))
            continue
        # A plural form may leave out the number ("one visit") but never invents a name, and
        # the form used for most numbers keeps every placeholder of the English plural.
        allowed = names(texts[0]) | names(texts[1])
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if any(not names(form) <= allowed for form in forms) or not names(texts[1]) <= names(
            forms[-1]
        ):
            differ.append((msgid, forms))
    assert differ == [], f"{language}: placeholders differ from the English message: {differ[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_has_plural_forms_of_its_language(language: str) -> None:
    cat = catalog(language)
    expected = Catalog(locale=language).num_plurals
    wrong = [
        entry.id
        for entry in cat
        if isinstance(entry.id, tuple) and len(tuple(entry.string)) != expected
    ]
    assert wrong == [], f"{language} needs {expected} plural forms in: {wrong[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_opens_with_a_glossary_of_the_products_terms(language: str) -> None:
    header = (catalog(language).header_comment or "").lower()
    assert "glossary" in header
    missing = [term for term in GLOSSARY_TERMS if term not in header]
    assert missing == [], f"{language} glossary lacks {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_catalog_uses_stigmatising_words_for_people_who_use_drugs(language: str) -> None:
    # The English source must never need them; a translation that brings one in is wrong.
    stigmatising = {
        "fr": (r"toxicomane", r"drogué"),
        "es": (r"drogadict", r"\badict[oa]", r"toxic[óo]man"),
        "pt": (r"drogad[oa]", r"viciad[oa]", r"toxicodependente"),
        "ru": (r"наркоман",),
        "sw": (r"\bmateja\b", r"\bteja\b"),
        "my": (r"ဆေးစွဲသူ",),
    }[language]
    cat = catalog(language)
    found = []
    for entry in cat:
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for text in strings:
            lowered = (text or "").lower()
            found += [(entry.id, word) for word in stigmatising if re.search(word, lowered)]
    assert found == []
