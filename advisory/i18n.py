"""Languages: gettext catalogs (Babel), the language of the current run, and local formats.

Every string a person reads goes through `_` (or `ngettext` when it depends on a number, or
`pgettext` when the same English word needs two translations); a string that must be
defined before a language is known (a module-level label table) is marked with `N_` and
translated where it is shown. Sentences are whole messages with named placeholders,
formatted after translation: ``_("{count} visits a week").format(count=...)``, so translators
can reorder words.

why a context variable, not `gettext.install()` or `locale.setlocale()`: one Streamlit process
serves every user, each run in its own script thread. A process-wide "current language" made
everyone see the first visitor's language in a published Streamlit gettext helper. The
language lives in a `ContextVar` that app.py sets at the start of every run (each run's thread
has its own value; a new thread starts in the default language), so the domain's error
messages and sentences come out in the reader's language without passing a translator through
every call, and two sessions in two languages never see each other's.

Catalogs: `advisory/locale/<lang>/LC_MESSAGES/messages.po` (the source, committed) compiled to
`messages.mo` by `make compile-catalogs` (run by `make run` and `make test`; compiled files
are not committed). `advisory/locale/messages.pot` is the extracted template (`make
extract-messages`). README "Languages" says how to add a language and update catalogs.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"
# The languages with a complete catalog, each named in its own language (for the picker).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "sw": "Kiswahili",
    "my": "မြန်မာဘာသာ",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "pt": "Português",
}

_active: ContextVar[str] = ContextVar("advisory_language", default=DEFAULT)


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The compiled catalog of `language` (English: the messages themselves), loaded once.

    why lru_cache: a catalog holds no user data and is the same for every session.
    """
    if language == DEFAULT:
        return gettext_module.NullTranslations()
    loaded = Translations.load(str(LOCALE_DIR), [language], domain=DOMAIN)
    if not isinstance(loaded, Translations):  # no compiled catalog: `make compile-catalogs`
        raise FileNotFoundError(
            f"No compiled catalog for {language!r} in {LOCALE_DIR}; run `make compile-catalogs`."
        )
    return loaded


def supported(language: str | None) -> str | None:
    """`language` if it has a catalog ('pt-BR' and 'pt_BR' count as 'pt'), else None."""
    if not language:
        return None
    code = language.replace("-", "_").split("_")[0].strip().lower()
    return code if code in LANGUAGES else None


def best_match(accept_language: str | None, among: Iterable[str] | None = None) -> str | None:
    """The first language with a catalog (or in `among`) in an Accept-Language header, by its
    q weights."""
    allowed = set(LANGUAGES if among is None else among)
    if not accept_language:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag.strip()))
    for _q, _pos, tag in sorted(weighted):
        if (found := supported(tag)) and found in allowed:
            return found
    return None


def available() -> dict[str, str]:
    """The languages a person can choose now: English and every language with a compiled
    catalog (`make compile-catalogs`), each named in its own language."""
    return {
        code: name
        for code, name in LANGUAGES.items()
        if code == DEFAULT or (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }


def resolve(
    *,
    chosen: str | None = None,
    stored: str | None = None,
    accepted: str | None = None,
    default: str | Callable[[], str | None] | None = None,
) -> str:
    """The language of a run, by the first rule that gives an available language.

    `chosen`: picked in the language menu during this session (a share link's language for a
    funder); `stored`: saved with the reader's account; `accepted`: the browser's
    Accept-Language header (or Streamlit's `st.context.locale`); `default`: the organisation's.
    why this order: a woman who picked Swahili on a shared office computer keeps Swahili even
    though the browser says English; a new visitor starts in her browser's language.
    `default` may be a function, called only when no earlier rule decides (it reads the
    database, and a browser's header decides almost every run).
    """
    usable = available()
    browser = best_match(accepted, among=usable)
    for candidate in (supported(chosen), supported(stored), browser):
        if candidate and candidate in usable:
            return candidate
    fallback = supported(default() if callable(default) else default)
    return fallback if fallback and fallback in usable else DEFAULT


def activate(language: str | None) -> Token[str]:
    """Make `language` (or English) the language of this run; returns a token to reset it."""
    return _active.set(supported(language) or DEFAULT)


def active() -> str:
    """The language of the current run (a code from LANGUAGES)."""
    return _active.get()


@contextmanager
def use(language: str | None) -> Iterator[str]:
    """Within the block, messages come out in `language` (tests, the CLI, reports)."""
    token = activate(language)
    try:
        yield active()
    finally:
        _active.reset(token)


def _(message: str) -> str:
    """`message` in the language of the current run."""
    if not message:  # gettext("") is the catalog's header, never a message
        return message
    return translations(active()).gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for `n`, by the language's own plural rules."""
    return translations(active()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context` (when one English word needs two translations)."""
    return translations(active()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention extractors look for
    """Mark a message for extraction without translating it yet (translate where shown)."""
    return message


def _locale() -> Locale:
    try:
        return Locale.parse(active())
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


# The English screens keep the product's day-month-year style ("3 March 2025", "03 Mar 2025");
# in another language those patterns give way to the language's own order and words (CLDR):
# "3 de marzo de 2025", "3 марта 2025 г.", "2025 မတ် 3", never "3 marzo 2025".
_ENGLISH_DAY_STYLES = {
    "d MMMM y": "long",
    "dd MMMM y": "long",
    "d MMM y": "medium",
    "dd MMM y": "medium",
}


def format_date(day: dt.date, format: str = "medium") -> str:  # noqa: A002 - Babel's name
    """A date in the run's language: '3 Mar 2025', '3 mars 2025' (format: short/medium/long
    or a CLDR pattern; the English day-month-year patterns become the language's own)."""
    if active() != DEFAULT:
        format = _ENGLISH_DAY_STYLES.get(format, format)
    return babel_dates.format_date(day, format=format, locale=_locale())


def format_datetime(moment: dt.datetime, format: str = "medium") -> str:  # noqa: A002
    """A moment in the run's language; the English "dd MMM y HH:mm" becomes the language's own
    day, month and year (CLDR medium) and 24-hour time, joined the language's way."""
    if active() != DEFAULT and format == "dd MMM y HH:mm":
        locale = _locale()
        day = babel_dates.format_date(moment, format="medium", locale=locale)
        time = babel_dates.format_time(moment, format="HH:mm", locale=locale)
        return str(locale.datetime_formats["medium"]).format(time, day)
    return babel_dates.format_datetime(moment, format=format, locale=_locale())


def format_month(day: dt.date) -> str:
    """'March 2025' in the run's language (CLDR's stand-alone month and year)."""
    return babel_dates.format_skeleton("yMMMM", day, locale=_locale())


def format_quarter(year: int, number: int) -> str:
    """'Q2 2025' in the run's language ('T2 2025' in French)."""
    return babel_dates.format_date(
        dt.date(year, 3 * number - 2, 1), format="QQQ y", locale=_locale()
    )


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the language's separators: '1,051,200', '1 051 200'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=_locale())


def format_percent(ratio: float, *, signed: bool = False, decimals: int = 0) -> str:
    """A share or change as a percentage in the language's way: '48%', '48 %', '+48 %'.

    The language's own percent pattern is kept (its spacing and digits); `signed` puts the
    language's plus or minus sign in front of a change.
    """
    locale = _locale()
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    if decimals:
        at = pattern.rfind("0")
        pattern = pattern[: at + 1] + "." + "0" * decimals + pattern[at + 1 :]
    text = babel_numbers.format_percent(abs(ratio) if signed else ratio, pattern, locale=locale)
    if not signed or round(ratio * 100, decimals) == 0:
        return text
    symbols = locale.number_symbols.get("latn", {})
    sign = symbols.get("plusSign", "+") if ratio > 0 else symbols.get("minusSign", "-")
    return sign + text


def language_name(language: str) -> str:
    return LANGUAGES.get(language, language)
