"""Numbers, dates and counted periods as words, shared by every sentence module.

A counted period is one whole phrase chosen by the number through `ngettext` ("1 week",
"3 weeks"), never a word with a suffix glued on, so each form can be translated as it stands.
Phrases are translated when they are made (the language of the current run, `advisory.i18n`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from advisory import i18n, privacy
from advisory.analysis.verdicts import Verdict, WeekdayConclusion
from advisory.i18n import N_, _, ngettext, pgettext

MINUS = "\u2212"

#: "about 12 a week" (marked here, translated where shown: `_(PER_PERIOD[freq])`).
PER_PERIOD = {"D": N_("a day"), "W": N_("a week"), "M": N_("a month")}

_WEEKDAY_PLURALS = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)


def per_period(freq: str) -> str:
    """ "a day", "a week", "a month" in the run's language."""
    return _(PER_PERIOD[freq])


def periods(n: int, freq: str, *, more_: bool = False) -> str:
    """ "1 week", "3 weeks" (day and month likewise); "3 more weeks" with ``more_``."""
    if more_:
        if freq == "D":
            text = ngettext("{n} more day", "{n} more days", n)
        elif freq == "W":
            text = ngettext("{n} more week", "{n} more weeks", n)
        else:
            text = ngettext("{n} more month", "{n} more months", n)
    elif freq == "D":
        text = ngettext("{n} day", "{n} days", n)
    elif freq == "W":
        text = ngettext("{n} week", "{n} weeks", n)
    else:
        text = ngettext("{n} month", "{n} months", n)
    return text.format(n=i18n.format_number(n))


def format_count(value: float, small_count_threshold: int | None = None) -> str:
    """A raw count, e.g. "1,234"; "fewer than 5" when privacy calls it small (None: exact)."""
    count = round(value)
    if small_count_threshold is not None and privacy.is_small(count, small_count_threshold):
        return _("fewer than {k}").format(k=i18n.format_number(small_count_threshold))
    return i18n.format_number(count)


def format_amount(value: float) -> str:
    """A modelled amount: whole numbers from 5 up, one decimal below (never "-0")."""
    if abs(value) >= 5:
        return i18n.format_number(round(value))
    text = f"{abs(value):.1f}".removesuffix(".0")
    if text == "0":
        return "0"
    return i18n.format_number(float(text), decimals=1 if "." in text else 0)


def format_percent(ratio: float) -> str:
    """A rate ratio as a signed percentage change: 1.48 -> "+48%", 0.885 -> "−12%".

    why not `i18n.format_percent`: English pins the true minus sign "−" and "+0.4%" below one
    percent; the digits keep the language's separators and the sign and "%" stay as in English.
    """
    if not math.isfinite(ratio):
        return _("no estimate")
    pct = (ratio - 1.0) * 100.0
    if abs(pct) >= 1:
        text = i18n.format_number(round(abs(pct)))
    else:
        text = i18n.format_number(round(abs(pct), 1), decimals=1)
    if round(abs(pct), 1) == 0 and abs(pct) < 1:
        return "0%"
    return f"{'+' if pct > 0 else MINUS}{text}%"


def format_share(fraction: float) -> str:
    """A share as a whole percentage in the run's language: 0.08 -> "8%".

    why rounded here: Babel rounds the decimal text of the float half-even ("16.5" -> 16),
    Python the binary value of ``fraction * 100`` (0.165 -> 17%); rounding as
    ``f"{fraction:.0%}"`` does (CPython multiplies by 100, then formats "f") keeps English as
    it was.
    """
    whole = int(f"{fraction * 100:.0f}")
    return i18n.format_percent(whole / 100)


def format_range(ci: tuple[float, float]) -> str:
    """ "likely range +25% to +90%" for a rate-ratio interval."""
    return _("likely range {low} to {high}").format(
        low=format_percent(ci[0]), high=format_percent(ci[1])
    )


def format_date(ts: pd.Timestamp, freq: str = "D") -> str:
    """ "3 March 2020"; "January 2005" for monthly data (in the run's language)."""
    day = pd.Timestamp(ts).date()
    return i18n.format_month(day) if freq == "M" else i18n.format_date(day, "d MMMM y")


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    separator = pgettext("list separator", ", ")
    return _("{first} and {last}").format(first=separator.join(names[:-1]), last=names[-1])


def weekday_names(days: Sequence[int]) -> str:
    """[1, 3] -> "Tuesdays and Thursdays" (Monday = 0)."""
    return join_names([_(_WEEKDAY_PLURALS[d]) for d in days])


#: The verdicts as a reader sees them (the enum values stay the English keys code compares).
VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.UP: N_("went up"),
    Verdict.DOWN: N_("went down"),
    Verdict.NONE: N_("little or no change"),
    Verdict.CANT_TELL: N_("we can't tell yet"),
}
CONCLUSION_WORDS: dict[WeekdayConclusion, str] = {
    WeekdayConclusion.NEW_VISITS: N_("new visits"),
    WeekdayConclusion.MOVED_DAYS: N_("women moved days"),
    WeekdayConclusion.NO_CLEAR_CHANGE: N_("no clear change"),
    WeekdayConclusion.CANT_TELL: N_("we can't tell yet"),
}


def verdict_words(verdict: Verdict | str) -> str:
    """ "went up", "we can't tell yet" ... in the run's language, for a table or a sentence."""
    return _(VERDICT_WORDS[Verdict(verdict)])


def conclusion_words(conclusion: WeekdayConclusion | str) -> str:
    """ "new visits", "women moved days" ... in the run's language."""
    return _(CONCLUSION_WORDS[WeekdayConclusion(conclusion)])
