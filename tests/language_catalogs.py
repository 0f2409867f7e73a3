"""A compiled test catalog in a temporary folder, for tests of language choice (issue 10).

why not the real catalogs: these tests are about which language is chosen, not about the
translations; a tiny French catalog with known messages makes the choice visible."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from advisory import i18n


def write_catalog(root: Path, language: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=language, domain=i18n.DOMAIN)
    for source, translated in messages.items():
        catalog.add(source, translated)
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{i18n.DOMAIN}.mo", "wb") as out:
        write_mo(out, catalog)


@contextmanager
def catalogs(
    monkeypatch: pytest.MonkeyPatch, root: Path, by_language: dict[str, dict[str, str]]
) -> Iterator[None]:
    """Only `by_language`'s catalogs (and English) are available inside the block."""
    for language, messages in by_language.items():
        write_catalog(root, language, messages)
    monkeypatch.setattr(i18n, "LOCALE_DIR", root)
    i18n.translations.cache_clear()
    try:
        yield
    finally:
        monkeypatch.undo()
        i18n.translations.cache_clear()
