"""Plain-language sentences for the analyses (rules in /work/shared/design/analysis.md, "Words").

Lead with counts, then the relative change; call the 95% interval the "likely range" and always
show it; verdicts come from the interval; never use the word "significant"; always say what the
comparison can't rule out; raw counts under a threshold are written "fewer than N".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # only for type hints: its.py imports this module
    from advisory.analysis.its import BeforeAfter, ITSResult, SensitivityResult, WeekdayResult

VERDICT_UP = "went up"
VERDICT_DOWN = "went down"
VERDICT_NONE = "little or no change"
VERDICT_CANT_TELL = "we can't tell yet"

CONCLUSION_NEW = "new visits"
CONCLUSION_MOVED = "women moved days"
CONCLUSION_NONE = "no clear change"
CONCLUSION_CANT_TELL = "we can't tell yet"

#: "Little or no change" needs the whole likely range inside about 0.9 to 1.1.
NARROW_LOW, NARROW_HIGH = 0.9, 1.1
MINUS = "\u2212"

CONVERGENCE_WARNING = (
    "The model had trouble fitting these numbers, so treat the results with extra caution."
)
NO_WEEKDAY_TERMS_WARNING = (
    "There are too few days to allow for busier and quieter days of the week, so the model "
    "leaves them out."
)
MEN_COMPARISON_WARNING = (
    "Men's visits are not a clean comparison for a women-only day: men are turned away on that "
    "day, so their numbers change because of it."
)


class _Unset:
    """Marker for "use the value stored on the result"."""


_UNSET = _Unset()

_PERIOD_WORDS = {"D": ("day", "days"), "W": ("week", "weeks"), "M": ("month", "months")}
_WEEKDAY_PLURALS = (
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
)
_VARIANCE_WORDS = {
    "quasi": "the standard allowance for extra variation",
    "hac": "an allowance for runs of busy and quiet {periods}",
    "negbin": "a negative binomial model (another allowance for extra variation)",
}


# --------------------------------------------------------------------------------------------
# Number and word formatting
# --------------------------------------------------------------------------------------------


def period_word(freq: str, n: float = 1) -> str:
    """ "week" or "weeks" (day/month likewise) for a count of periods."""
    singular, plural = _PERIOD_WORDS[freq]
    return singular if n == 1 else plural


def format_count(value: float, small_count_threshold: int | None = None) -> str:
    """A raw count, e.g. "1,234"; "fewer than 5" when under the threshold (None: always exact)."""
    if small_count_threshold is not None and 0 < value < small_count_threshold:
        return f"fewer than {small_count_threshold}"
    return f"{round(value):,}"


def format_amount(value: float) -> str:
    """A modelled amount: whole numbers from 5 up, one decimal below (never "-0")."""
    if abs(value) >= 5:
        return f"{round(value):,}"
    text = f"{abs(value):.1f}".removesuffix(".0")
    return "0" if text == "0" else text


def format_percent(ratio: float) -> str:
    """A rate ratio as a signed percentage change: 1.48 -> "+48%", 0.885 -> "−12%"."""
    if not math.isfinite(ratio):
        return "no estimate"
    pct = (ratio - 1.0) * 100.0
    text = f"{abs(pct):,.0f}" if abs(pct) >= 1 else f"{abs(pct):.1f}"
    if text in ("0", "0.0"):
        return "0%"
    return f"{'+' if pct > 0 else MINUS}{text}%"


def format_range(ci: tuple[float, float]) -> str:
    """ "likely range +25% to +90%" for a rate-ratio interval."""
    return f"likely range {format_percent(ci[0])} to {format_percent(ci[1])}"


def format_date(ts: pd.Timestamp, freq: str = "D") -> str:
    """ "3 March 2020"; "January 2005" for monthly data."""
    ts = pd.Timestamp(ts)
    return f"{ts:%B %Y}" if freq == "M" else f"{ts.day} {ts:%B %Y}"


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def weekday_names(days: Sequence[int]) -> str:
    """[1, 3] -> "Tuesdays and Thursdays" (Monday = 0)."""
    return join_names([_WEEKDAY_PLURALS[d] for d in days])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------


def verdict_from_interval(lower: float, upper: float) -> str:
    """Verdict from a 95% rate-ratio interval (analysis.md): up, down, little change, can't tell."""
    if lower > 1.0:
        return VERDICT_UP
    if upper < 1.0:
        return VERDICT_DOWN
    if lower >= NARROW_LOW and upper <= NARROW_HIGH:
        return VERDICT_NONE
    return VERDICT_CANT_TELL


def weekday_conclusion(on_ci: tuple[float, float], other_ci: tuple[float, float]) -> str:
    """ "women moved days" when the day rose and the other days fell; "new visits" when the day
    rose and the other days did not clearly fall; otherwise "no clear change" (little change or a
    fall on the day) or "we can't tell yet" (a wide range on the day)."""
    on = verdict_from_interval(*on_ci)
    if on == VERDICT_UP:
        return CONCLUSION_MOVED if other_ci[1] < 1.0 else CONCLUSION_NEW
    if on == VERDICT_CANT_TELL:
        return CONCLUSION_CANT_TELL
    return CONCLUSION_NONE


# --------------------------------------------------------------------------------------------
# Sentences used in several places
# --------------------------------------------------------------------------------------------


def caveat_sentence(
    start: pd.Timestamp, freq: str = "D", other_changes: Sequence[str] | None = None
) -> str:
    """The sentence always shown with an estimate, naming other logged adaptations if any."""
    text = (
        f"This compares attendance with the pattern before {format_date(start, freq)}. "
        "It cannot rule out other things that changed around the same time"
    )
    others = join_names(list(other_changes or ()))
    return f"{text}, such as {others}." if others else f"{text}."


def detectable_sentence(min_detectable_ratio: float) -> str:
    """What size of change the data could pick up (80% power)."""
    if not math.isfinite(min_detectable_ratio):
        return ""
    down = 1.0 / min_detectable_ratio
    if min_detectable_ratio >= 2:
        return (
            "With this much data, even large changes (up to about "
            f"×{min_detectable_ratio:.1f}, or a fall to about {down:.0%} of the expected level) "
            "could easily be missed."
        )
    return (
        "With this much data, changes smaller than about "
        f"{format_percent(min_detectable_ratio)} up or {format_percent(down)} down "
        "could easily be missed."
    )


def more_periods_sentence(more: int | None, freq: str) -> str:
    """How much more data would help, from a rough scaling of the standard error."""
    if more is None:
        return "More data after the change alone may not be enough to settle this."
    if more <= 0:
        return ""
    per_year = {"D": 365, "W": 52, "M": 12}[freq]
    if more > 2 * per_year:
        return "It may take more than two years of further data to tell."
    return f"About {more} more {period_word(freq, more)} of data should help, if the pattern holds."


def early_signal_warning(n_after: int, freq: str) -> str:
    """Shown when there are 8-11 periods on a side."""
    return (
        f"This is an early signal: there are only {n_after} {period_word(freq, n_after)} since "
        "the change, so the numbers may move as more come in."
    )


def no_seasonality_warning(freq: str) -> str:
    """Seasonal terms need a full year before the change."""
    return (
        "There is less than a year of records before the change, so seasonal patterns (such as "
        f"quieter summer {period_word(freq, 2)}) can't be separated from the change."
    )


def small_counts_warning(freq: str, label: str, threshold: int = 5) -> str:
    """Few events per period make every interval wide (no exact number: small counts)."""
    return (
        f"Numbers are small (fewer than {threshold} {label} a {period_word(freq)} on average), "
        "so the likely ranges are wide."
    )


def gaps_warning(n_zero: int, freq: str, label: str) -> str:
    """Zero periods where the model expected several: closures recorded as no attendance?"""
    return (
        f"There {'was' if n_zero == 1 else 'were'} {n_zero} {period_word(freq, n_zero)} with no "
        f"{label} recorded where some were expected. If the service was closed, record the "
        "closures so they are not read as nobody coming."
    )


def regression_to_mean_warning(label: str, k: int, freq: str) -> str:
    """The change followed an unusually low spell, so some rise may be a return to normal."""
    return (
        f"{_capital(label)} were unusually low in the {k} {period_word(freq, k)} just before the "
        "change. Some of any rise afterwards may just be a return to normal."
    )


def parallel_trends_warning(comparison_label: str) -> str:
    """A controlled comparison assumes both series would have moved alike."""
    return (
        f"This takes {comparison_label} as the comparison. Check on the chart that both followed "
        "a similar pattern before the change; if not, the comparison may mislead."
    )


def other_changes_warning(other_changes: Sequence[str]) -> str:
    """Other adaptations in the window can't be separated from this one."""
    return (
        f"Other changes were made at this site around the same time ({join_names(other_changes)}). "
        "Their effects can't be separated from this one."
    )


def sensitivity_warning(sens: SensitivityResult, freq: str = "W") -> str:
    """The answer depends on how extra variation is allowed for."""
    how = _VARIANCE_WORDS[sens.variance].format(periods=period_word(freq, 2))
    return (
        f"With {how}, the likely range was {format_percent(sens.level_change_ci[0])} to "
        f"{format_percent(sens.level_change_ci[1])} ({sens.verdict}), so treat this result with "
        "caution."
    )


def not_recorded_sentence(before_share: float, after_share: float) -> str:
    """Data-quality line on gender recording, shares as fractions (0.08 = 8%)."""
    return (
        f"Gender was not recorded for {after_share:.0%} of visits after the change "
        f"({before_share:.0%} before)."
    )


# --------------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------------


def its_summary(
    result: ITSResult,
    *,
    other_changes: Sequence[str] | None = None,
    small_count_threshold: int | None | _Unset = _UNSET,
    comparison_label: str | None = None,
) -> str:
    """The plain-language paragraph for an interrupted time series result.

    Keyword arguments override what is stored on the result (e.g. to name other adaptations
    logged later, or to show exact small counts with ``small_count_threshold=None``).
    """
    others = result.other_changes if other_changes is None else tuple(other_changes)
    threshold = (
        result.small_count_threshold
        if isinstance(small_count_threshold, _Unset)
        else small_count_threshold
    )
    comp_label = comparison_label or result.comparison_label or "the comparison site"
    freq = result.frequency
    caveat = caveat_sentence(result.intervention, freq, others)
    if result.state == "too_early":
        return f"{_too_early_text(result)} {caveat}"

    parts: list[str] = []
    if result.state == "early_signal":
        parts.append(early_signal_warning(result.n_after, freq))
    parts.append(_counts_sentence(result, threshold))
    if not _suppressed(result.observed_after, threshold):
        # With a small observed count, the expected count and the ratio would reveal it.
        parts.append(_expected_sentence(result, comp_label))
    parts.append(_change_sentence(result, threshold))
    parts.append(_verdict_sentence(result))
    if result.slope_change is not None and result.slope_change_ci is not None:
        parts.append(
            f"The trend after the change differed by {format_percent(result.slope_change)} per "
            f"{period_word(freq)} ({format_range(result.slope_change_ci)})."
        )
    parts.append(detectable_sentence(result.min_detectable_ratio))
    parts.append(caveat)
    return " ".join(p for p in parts if p)


def _suppressed(count: float, threshold: int | None) -> bool:
    return threshold is not None and 0 < count < threshold


def _too_early_text(r: ITSResult) -> str:
    unit = period_word(r.frequency, 2)
    head = f"It is too early to estimate the effect of {r.intervention_name}:"
    if r.n_before < 8:
        return (
            f"{head} there are only {r.n_before} {unit} of records before it started, and at "
            "least 8 are needed. For now we only show the chart. Adding earlier records would "
            "help."
        )
    more = r.more_periods_needed or 0
    return (
        f"{head} it has been in place for {r.n_after} {period_word(r.frequency, r.n_after)}, and "
        f"at least 8 are needed. For now we only show the chart; about {more} more "
        f"{period_word(r.frequency, more)} are needed for a first estimate."
    )


def _counts_sentence(r: ITSResult, threshold: int | None) -> str:
    unit = period_word(r.frequency)
    observed = format_count(r.observed_after, threshold)
    text = (
        f"In the {r.n_after} {period_word(r.frequency, r.n_after)} since {r.intervention_name} "
        f"started, there were {observed} {r.label}"
    )
    if observed.startswith("fewer"):
        return f"{text}."
    return f"{text}, about {format_amount(r.observed_after / r.n_after)} a {unit}."


def _expected_sentence(r: ITSResult, comp_label: str) -> str:
    lo, hi = r.expected_after_ci
    expected = (
        f"about {format_amount(r.expected_after)} "
        f"(likely range {format_amount(lo)} to {format_amount(hi)})"
    )
    basis = f"{r.n_before} {period_word(r.frequency, r.n_before)}"
    if r.comparison_change is not None and r.comparison_change_ci is not None:
        return (
            f"Over the same period, {r.label} at {comp_label} changed by "
            f"{format_percent(r.comparison_change)} ({format_range(r.comparison_change_ci)}). "
            f"Taking that into account and the pattern in the {basis} before, we would have "
            f"expected {expected} here."
        )
    return f"Based on the pattern in the {basis} before, we would have expected {expected}."


def _change_sentence(r: ITSResult, threshold: int | None) -> str:
    relative = f"{format_percent(r.after_ratio)} ({format_range(r.after_ratio_ci)})"
    basis = (
        f"compared with what the previous {r.n_before} "
        f"{period_word(r.frequency, r.n_before)}' pattern predicted"
    )
    if r.comparison_change is not None:
        basis += f" allowing for the change at {r.comparison_label or 'the comparison site'}"
    if _suppressed(r.observed_after, threshold):
        return f"That is {relative}, {basis}."
    per = r.difference_after / r.n_after
    unit = period_word(r.frequency)
    amount = format_amount(abs(per))
    if amount == "0":
        absolute = f"about the same number of {r.label} a {unit}"
    else:
        absolute = f"about {amount} {'more' if per > 0 else 'fewer'} {r.label} a {unit}"
    return f"That is {absolute}, or {relative}, {basis}."


def _verdict_sentence(r: ITSResult) -> str:
    if r.verdict == VERDICT_CANT_TELL:
        more = more_periods_sentence(r.more_periods_needed, r.frequency)
        text = (
            f"We can't tell yet whether {r.label} changed: the likely range includes both a rise "
            "and a fall."
        )
        return f"{text} {more}".strip()
    if r.verdict == VERDICT_NONE:
        return f"This is little or no change in {r.label}."
    return f"{_capital(r.label)} {r.verdict} after {r.intervention_name} started."


def weekday_summary(result: WeekdayResult) -> str:
    """Sentences for the on-the-day versus other-days split (analysis.md template)."""
    days = weekday_names(result.weekdays)
    if result.state == "too_early":
        return (
            f"It is too early to compare {days} with other days: there are "
            f"{result.n_before_weeks} weeks of records before the change and "
            f"{result.n_after_weeks} since, and at least 8 are needed on each side."
        )
    prefix = ""
    if result.state == "early_signal":
        prefix = early_signal_warning(result.n_after_weeks, "W") + " "
    if result.conclusion in (CONCLUSION_NEW, CONCLUSION_MOVED):
        return prefix + _weekday_rise_text(result, days)
    return prefix + _weekday_no_rise_text(result, days)


def _weekday_rise_text(r: WeekdayResult, days: str) -> str:
    label = _capital(r.label)
    on = f"{format_percent(r.on_day_change)}, {format_range(r.on_day_ci)}"
    other = f"{format_percent(r.other_days_change)}, {format_range(r.other_days_ci)}"
    if r.conclusion == CONCLUSION_MOVED:
        # Part of the rise may still be new visits when the on-day gain outweighs the loss.
        some = "at least some of this" if r.extra_on_day + r.extra_other_days > 0 else "this"
        return (
            f"{label} on {days} went up ({on}). {label} on other days went down ({other}), so "
            f"{some} looks like women moving days rather than new visits."
        )
    positive_total = r.extra_on_day + max(r.extra_other_days, 0.0)
    if r.extra_on_day >= 0.5 * positive_total:
        lead = f"Most of the rise was on {days} ({on})."
    else:
        lead = f"{label} on {days} went up ({on})."
    up_too = verdict_from_interval(*r.other_days_ci) == VERDICT_UP
    how = "went up too" if up_too else "did not clearly change"
    return (
        f"{lead} {label} on other days {how} ({other}), so this looks like new visits rather "
        "than women moving days."
    )


def _weekday_no_rise_text(r: WeekdayResult, days: str) -> str:
    on = f"{format_percent(r.on_day_change)}, {format_range(r.on_day_ci)}"
    if r.conclusion == CONCLUSION_CANT_TELL:
        lead = f"We can't tell yet whether {r.label} on {days} changed ({on})."
    elif verdict_from_interval(*r.on_day_ci) == VERDICT_DOWN:
        lead = f"{_capital(r.label)} on {days} went down ({on})."
    else:
        lead = f"{_capital(r.label)} on {days} did not clearly change ({on})."
    return (
        f"{lead} On other days the change was {format_percent(r.other_days_change)} "
        f"({format_range(r.other_days_ci)})."
    )


def before_after_summary(ba: BeforeAfter, small_count_threshold: int | None = 5) -> str:
    """One sentence for the descriptive comparison, always carrying its label."""
    n = ba.window
    unit = period_word(ba.frequency, n)
    before = format_count(ba.before_total, small_count_threshold)
    after = format_count(ba.after_total, small_count_threshold)
    text = (
        f"{_capital(ba.label)}: {before} in the {n} {unit} before and {after} in the {n} {unit} "
        "after"
    )
    if math.isfinite(ba.ratio) and math.isfinite(ba.ratio_ci[1]):
        text += f" ({format_percent(ba.ratio)}, {format_range(ba.ratio_ci)})"
    return f"{text}."
