"""Warnings and the sentences several analyses share (rules in analysis.md, "Words").

Whole templates with named placeholders, as in :mod:`advisory.analysis.wording`; the two
modules are one vocabulary split by size (this one: what to be careful about).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from advisory import privacy
from advisory.analysis.autocorrelation import Autocorrelation
from advisory.analysis.results import OtherChange, RecordingCheck, SensitivityResult
from advisory.analysis.verdicts import MIN_PERIODS_APART
from advisory.analysis.words import (
    PER_PERIOD,
    format_date,
    format_percent,
    join_names,
    periods,
)

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

#: Two sentences in a row (a translation may need another separator, e.g. none in Burmese).
TWO_SENTENCES = "{first} {second}"

_VARIANCE_WORDS = {
    "auto": {
        "D": "an allowance for runs of busy and quiet days",
        "W": "an allowance for runs of busy and quiet weeks",
        "M": "an allowance for runs of busy and quiet months",
    },
    "quasi": dict.fromkeys("DWM", "the standard allowance for extra variation"),
    "hac": {
        "D": "another allowance for runs of busy and quiet days",
        "W": "another allowance for runs of busy and quiet weeks",
        "M": "another allowance for runs of busy and quiet months",
    },
    "negbin": dict.fromkeys(
        "DWM", "a negative binomial model (another allowance for extra variation)"
    ),
}


NOT_SEPARABLE_REASON = {
    "earlier": "It can't be separated from {other}, which started {periods} earlier.",
    "later": "It can't be separated from {other}, which started {periods} later.",
    "same": "It can't be separated from {other}, which started at the same time.",
    "ended_earlier": "It can't be separated from the end of {other}, {periods} earlier.",
    "ended_later": "It can't be separated from the end of {other}, {periods} later.",
    "ended_same": "It can't be separated from the end of {other}, at the same time.",
}


def not_separable_sentence(o: OtherChange, freq: str) -> str:
    other = other_name(o, freq)
    gap, prefix = o.periods_apart, ""
    if abs(gap) >= MIN_PERIODS_APART and o.end_periods_apart is not None:
        gap, prefix = o.end_periods_apart, "ended_"
    if gap == 0:
        return NOT_SEPARABLE_REASON[f"{prefix}same"].format(other=other)
    key = f"{prefix}earlier" if gap < 0 else f"{prefix}later"
    return NOT_SEPARABLE_REASON[key].format(other=other, periods=periods(abs(gap), freq))


OTHER_WITHOUT_NAME = "the change of {date}"


def other_name(o: OtherChange, freq: str = "D") -> str:
    """The other adaptation's name, or "the change of 3 March 2025" when it has none."""
    if o.name:
        return o.name
    return OTHER_WITHOUT_NAME.format(date=format_date(o.start, freq))


# --- sentences used in several places ---------------------------------------------------------

CAVEAT = (
    "This compares attendance with the pattern before {date}. It cannot rule out other things "
    "that changed around the same time."
)
CAVEAT_NAMING_OTHERS = (
    "This compares attendance with the pattern before {date}. It cannot rule out other things "
    "that changed around the same time, such as {others}."
)
DETECTABLE = (
    "With this much data, changes smaller than about {up} up or {down} down could easily be missed."
)
DETECTABLE_LARGE = (
    "With this much data, even large changes (up to about ×{ratio}, or a fall to about {down} "
    "of the expected level) could easily be missed."
)
MORE_PERIODS = "About {periods} of data should help, if the pattern holds."
MORE_PERIODS_UNKNOWN = "More data after the change alone may not be enough to settle this."
MORE_PERIODS_YEARS = "It may take more than two years of further data to tell."
EARLY_SIGNAL = (
    "This is an early signal: there are only {periods} since the change, so the numbers may move "
    "as more come in."
)


def caveat_sentence(
    start: pd.Timestamp, freq: str = "D", other_changes: Sequence[str] | None = None
) -> str:
    """The sentence always shown with an estimate, naming other logged adaptations if any."""
    others = join_names(list(other_changes or ()))
    date = format_date(start, freq)
    if others:
        return CAVEAT_NAMING_OTHERS.format(date=date, others=others)
    return CAVEAT.format(date=date)


def detectable_sentence(min_detectable_ratio: float) -> str:
    """What size of change the data could pick up (80% power)."""
    if not math.isfinite(min_detectable_ratio):
        return ""
    down = 1.0 / min_detectable_ratio
    if min_detectable_ratio >= 2:
        return DETECTABLE_LARGE.format(ratio=f"{min_detectable_ratio:.1f}", down=f"{down:.0%}")
    return DETECTABLE.format(up=format_percent(min_detectable_ratio), down=format_percent(down))


def more_periods_sentence(more: int | None, freq: str) -> str:
    """How much more data would help, from a rough scaling of the standard error."""
    if more is None:
        return MORE_PERIODS_UNKNOWN
    if more <= 0:
        return ""
    if more > 2 * {"D": 365, "W": 52, "M": 12}[freq]:
        return MORE_PERIODS_YEARS
    return MORE_PERIODS.format(periods=periods(more, freq, more_=True))


def early_signal_warning(n_after: int, freq: str) -> str:
    """Shown when there are 8-11 periods on a side."""
    return EARLY_SIGNAL.format(periods=periods(n_after, freq))


NO_SEASONALITY_WARNINGS = {
    "D": "There is less than a year of records before the change, so seasonal patterns (such "
    "as quieter summer days) can't be separated from the change.",
    "W": "There is less than a year of records before the change, so seasonal patterns (such "
    "as quieter summer weeks) can't be separated from the change.",
    "M": "There is less than a year of records before the change, so seasonal patterns (such "
    "as quieter summer months) can't be separated from the change.",
}


def no_seasonality_warning(freq: str) -> str:
    """Seasonal terms need a full year (52 weeks) before the change."""
    return NO_SEASONALITY_WARNINGS[freq]


SMALL_COUNTS = (
    "Numbers are small (fewer than {k} {label} {per} on average), so the likely ranges are wide."
)
GAPS = (
    "There was {periods} with no {label} recorded where some were expected. If the service was "
    "closed, record the closures so they are not read as nobody coming.",
    "There were {periods} with no {label} recorded where some were expected. If the service was "
    "closed, record the closures so they are not read as nobody coming.",
)
REGRESSION_TO_MEAN = (
    "In the {periods} just before the change, {label} were unusually low. Some of any rise "
    "afterwards may just be a return to normal."
)
PARALLEL_TRENDS = (
    "This takes {comparison} as the comparison. Check on the chart that both followed a similar "
    "pattern before the change; if not, the comparison may mislead."
)
OTHER_CHANGES = (
    "Other changes were made at this site around the same time ({names}). Their effects can't "
    "be separated from this one."
)
OTHERS_MODELLED = (
    "The model gives {names} a step of its own, so its effect is kept apart from this one's.",
    "The model gives {names} steps of their own, so their effects are kept apart from this one's.",
)
SENSITIVITY = (
    "With {how}, the likely range was {low} to {high} ({verdict}), so treat this result with "
    "caution."
)


def small_counts_warning(freq: str, label: str, threshold: int = privacy.DEFAULT_K) -> str:
    """Few events per period make every interval wide (no exact number: small counts)."""
    return SMALL_COUNTS.format(k=threshold, label=label, per=PER_PERIOD[freq])


def gaps_warning(n_zero: int, freq: str, label: str) -> str:
    """Zero periods where the model expected several: closures recorded as no attendance?"""
    one, many = GAPS
    return (one if n_zero == 1 else many).format(periods=periods(n_zero, freq), label=label)


def regression_to_mean_warning(label: str, k: int, freq: str) -> str:
    """The change followed an unusually low spell, so some rise may be a return to normal."""
    return REGRESSION_TO_MEAN.format(periods=periods(k, freq), label=label)


def parallel_trends_warning(comparison_label: str) -> str:
    """A controlled comparison assumes both series would have moved alike."""
    return PARALLEL_TRENDS.format(comparison=comparison_label)


def other_changes_warning(other_changes: Sequence[str]) -> str:
    """Other adaptations named without dates can't be separated from this one."""
    return OTHER_CHANGES.format(names=join_names(other_changes))


def other_adaptations_warning(changes: Sequence[OtherChange], freq: str) -> str:
    """Which other adaptations have their own step in the model, and which can't be told apart."""
    modelled = [other_name(o, freq) for o in changes if o.modelled and o.separable]
    parts = []
    if modelled:
        one, many = OTHERS_MODELLED
        parts.append((one if len(modelled) == 1 else many).format(names=join_names(modelled)))
    parts += [not_separable_sentence(o, freq) for o in changes if not o.separable]
    return " ".join(parts)


def sensitivity_warning(sens: SensitivityResult, freq: str = "W") -> str:
    """The answer depends on how extra variation is allowed for."""
    return SENSITIVITY.format(
        how=_VARIANCE_WORDS[sens.variance][freq],
        low=format_percent(sens.level_change_ci[0]),
        high=format_percent(sens.level_change_ci[1]),
        verdict=sens.verdict.value,
    )


AUTOCORRELATION_WARNINGS = {
    "D": "Busy and quiet days come in runs here (one day tends to be like the one before), so "
    "the likely ranges are widened to allow for that.",
    "W": "Busy and quiet weeks come in runs here (one week tends to be like the one before), so "
    "the likely ranges are widened to allow for that.",
    "M": "Busy and quiet months come in runs here (one month tends to be like the one before), "
    "so the likely ranges are widened to allow for that.",
}
COMPARISON_HELPS = (
    "Comparing with another site that has the same ups and downs would give a clearer answer."
)


def autocorrelation_warning(ac: Autocorrelation, freq: str, controlled: bool) -> str:
    """Said when residual runs widen the ranges noticeably (issue 9, item 3)."""
    text = AUTOCORRELATION_WARNINGS[freq]
    return text if controlled else TWO_SENTENCES.format(first=text, second=COMPARISON_HELPS)


CLOSURE_WARNINGS = {
    "D": (
        "The site was closed on {periods}, so it is left out of the estimate.",
        "The site was closed on {periods}, so they are left out of the estimate.",
    ),
    "W": (
        "{periods} had no open days or no records at all, so it is left out of the estimate.",
        "{periods} had no open days or no records at all, so they are left out of the estimate.",
    ),
    "M": (
        "{periods} had no open days or no records at all, so it is left out of the estimate.",
        "{periods} had no open days or no records at all, so they are left out of the estimate.",
    ),
}
OPEN_DAYS_KEPT = "The other periods are still adjusted for the days the site was open."


def closures_warning(n_closed: int, freq: str, exposure_used: bool = False) -> str:
    """Closed periods left the estimate; the rest keep their open-days adjustment (issue 9, 6)."""
    one, many = CLOSURE_WARNINGS[freq]
    text = (one if n_closed == 1 else many).format(periods=periods(n_closed, freq))
    return TWO_SENTENCES.format(first=text, second=OPEN_DAYS_KEPT) if exposure_used else text


PHASE_IN = (
    "The first {periods} after the start are left out of the estimate, to give the change time "
    "to take effect."
)
NOT_RECORDED = "Gender was not recorded for {after} of visits after the change ({before} before)."
RECORDING_EFFECT = (
    "When more visits get a gender recorded, visits recorded as women's rise even if no more "
    "women came."
)


OPEN_DAYS_ASSUMED = (
    "Open days are not recorded for {n} of the periods with visits, so the usual number "
    "({usual}) is assumed for them.",
    "Open days are not recorded for {n} of the periods with visits, so the usual number "
    "({usual}) is assumed for them.",
)


def open_days_assumed_warning(n: int, usual: float) -> str:
    """Periods with visits but no open-days record get the site's usual number."""
    one, many = OPEN_DAYS_ASSUMED
    template = one if n == 1 else many
    return template.format(n=n, usual=f"{usual:g}")


def phase_in_warning(n: int, freq: str) -> str:
    """The optional phase-in window (issue 9, item 8)."""
    return PHASE_IN.format(periods=periods(n, freq))


def not_recorded_sentence(before_share: float, after_share: float) -> str:
    """Data-quality line on gender recording, shares as fractions (0.08 = 8%)."""
    return NOT_RECORDED.format(after=f"{after_share:.0%}", before=f"{before_share:.0%}")


def recording_warning(rec: RecordingCheck) -> str:
    """The not-recorded share moved at the start."""
    line = not_recorded_sentence(rec.share_before, rec.share_after)
    return TWO_SENTENCES.format(first=line, second=RECORDING_EFFECT)
