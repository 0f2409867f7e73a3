"""advisory.i18n: the run's language, Accept-Language matching and local formats."""

from __future__ import annotations

import datetime as dt
import threading

from advisory import i18n


def test_accept_language_picks_the_first_language_with_a_catalog_by_weight():
    assert i18n.best_match("de-CH, fr;q=0.9, en;q=0.8") == "fr"
    assert i18n.best_match("de, pt-BR;q=0.5, es;q=0.4") == "pt"
    assert i18n.best_match("en;q=0.1, sw;q=0.9") == "sw"
    assert i18n.best_match("de, it") is None
    assert i18n.best_match(None) is None
    assert i18n.best_match("fr;q=abc, ru") == "ru"


def test_an_unknown_language_falls_back_to_english():
    with i18n.use("xx"):
        assert i18n.active() == "en"
    with i18n.use("pt_BR"):
        assert i18n.active() == "pt"


def test_dates_numbers_and_percentages_follow_the_language():
    day = dt.date(2025, 3, 3)
    with i18n.use("fr"):
        assert i18n.format_date(day) == "3 mars 2025"
        assert i18n.format_quarter(2025, 2) == "T2 2025"
        assert i18n.format_number(1051200) == "1\u202f051\u202f200"
        assert i18n.format_percent(0.48, signed=True) == "+48\u00a0%"
    with i18n.use("en"):
        assert i18n.format_month(day) == "March 2025"
        assert i18n.format_number(1051200) == "1,051,200"
        assert i18n.format_percent(-0.172, signed=True, decimals=1) == "-17.2%"
        assert i18n.format_percent(0.001, signed=True) == "0%"


def test_two_runs_in_two_threads_keep_their_own_language():
    seen: dict[str, list[str]] = {"fr": [], "sw": []}
    barrier = threading.Barrier(2)

    def run(language: str) -> None:
        i18n.activate(language)
        barrier.wait()  # both threads have set their language before either reads
        for _ in range(50):
            seen[language].append(i18n.format_month(dt.date(2025, 3, 1)))

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("fr", "sw")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(seen["fr"]) == {"mars 2025"}
    assert set(seen["sw"]) == {"Machi 2025"}
    assert i18n.active() == "en"  # this thread was never changed


def test_english_day_month_year_patterns_give_way_to_each_languages_own_order_and_words():
    day, moment = dt.date(2023, 1, 3), dt.datetime(2023, 1, 3, 14, 5)
    assert i18n.format_date(day, "d MMMM y") == "3 January 2023"  # the product's English style
    with i18n.use("es"):
        assert i18n.format_date(day, "d MMMM y") == "3 de enero de 2023"
        assert i18n.format_datetime(moment, "dd MMM y HH:mm") == "3 ene 2023, 14:05"
    with i18n.use("ru"):
        assert i18n.format_date(day, "dd MMMM y") == "3 января 2023\u202fг."  # CLDR: narrow space
    with i18n.use("my"):  # Burmese writes the year first
        assert i18n.format_date(day, "dd MMM y").startswith("2023")
