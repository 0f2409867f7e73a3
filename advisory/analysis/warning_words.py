"""Warnings and the sentences several analyses share (rules in analysis.md, "Words").

Whole templates with named placeholders, as in :mod:`advisory.analysis.wording`; the two
modules are one vocabulary split by size (this one: what to be careful about). Module-level
templates are marked with `N_` and translated where a sentence is made; sentences that depend
on a number are `ngettext` pairs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from advisory import i18n, privacy
from advisory.analysis.autocorrelation import Autocorrelation
from advisory.analysis.results import OtherChange, RecordingCheck, SensitivityResult
from advisory.analysis.verdicts import MIN_PERIODS_APART
from advisory.analysis.words import (
    format_date,
    format_percent,
    format_share,
    join_names,
    per_period,
    periods,
    verdict_words,
)
from advisory.i18n import N_, _, ngettext

CONVERGENCE_WARNING = N_(
    "The model had trouble fitting these numbers, so treat the results with extra caution."
)
NO_WEEKDAY_TERMS_WARNING = N_(
    "There are too few days to allow for busier and quieter days of the week, so the model "
    "leaves them out."
)
MEN_COMPARISON_WARNING = N_(
    "Men's visits are not a clean comparison for a women-only day: men are turned away on that "
    "day, so their numbers change because of it."
)

#: Two sentences in a row (a translation may need another separator, e.g. none in Burmese).
TWO_SENTENCES = N_("{first} {second}")


def two_sentences(first: str, second: str) -> str:
    """Two sentences in a row, in the run's language (see `TWO_SENTENCES`)."""
    return _(TWO_SENTENCES).format(first=first, second=second)


_VARIANCE_WORDS = {
    "auto": {
        "D": N_("an allowance for runs of busy and quiet days"),
        "W": N_("an allowance for runs of busy and quiet weeks"),
        "M": N_("an allowance for runs of busy and quiet months"),
    },
    "quasi": dict.fromkeys("DWM", N_("the standard allowance for extra variation")),
    "hac": {
        "D": N_("another allowance for runs of busy and quiet days"),
        "W": N_("another allowance for runs of busy and quiet weeks"),
        "M": N_("another allowance for runs of busy and quiet months"),
    },
    "negbin": dict.fromkeys(
        "DWM", N_("a negative binomial model (another allowance for extra variation)")
    ),
}


NOT_SEPARABLE_REASON = {
    "earlier": N_("It can't be separated from {other}, which started {periods} earlier."),
    "later": N_("It can't be separated from {other}, which started {periods} later."),
    "same": N_("It can't be separated from {other}, which started at the same time."),
    "ended_earlier": N_("It can't be separated from the end of {other}, {periods} earlier."),
    "ended_later": N_("It can't be separated from the end of {other}, {periods} later."),
    "ended_same": N_("It can't be separated from the end of {other}, at the same time."),
}


def not_separable_sentence(o: OtherChange, freq: str) -> str:
    other = other_name(o, freq)
    gap, prefix = o.periods_apart, ""
    if abs(gap) >= MIN_PERIODS_APART and o.end_periods_apart is not None:
        gap, prefix = o.end_periods_apart, "ended_"
    if gap == 0:
        return _(NOT_SEPARABLE_REASON[f"{prefix}same"]).format(other=other)
    key = f"{prefix}earlier" if gap < 0 else f"{prefix}later"
    return _(NOT_SEPARABLE_REASON[key]).format(other=other, periods=periods(abs(gap), freq))


OTHER_WITHOUT_NAME = N_("the change of {date}")


def other_name(o: OtherChange, freq: str = "D") -> str:
    """The other adaptation's name, or "the change of 3 March 2025" when it has none."""
    if o.name:
        return o.name
    return _(OTHER_WITHOUT_NAME).format(date=format_date(o.start, freq))


# --- sentences used in several places ---------------------------------------------------------

CAVEAT = N_(
    "This compares attendance with the pattern before {date}. It cannot rule out other things "
    "that changed around the same time."
)
CAVEAT_NAMING_OTHERS = N_(
    "This compares attendance with the pattern before {date}. It cannot rule out other things "
    "that changed around the same time, such as {others}."
)
DETECTABLE = N_(
    "With this much data, changes smaller than about {up} up or {down} down could easily be missed."
)
DETECTABLE_LARGE = N_(
    "With this much data, even large changes (up to about ×{ratio}, or a fall to about {down} "
    "of the expected level) could easily be missed."
)
MORE_PERIODS = N_("About {periods} of data should help, if the pattern holds.")
MORE_PERIODS_UNKNOWN = N_("More data after the change alone may not be enough to settle this.")
MORE_PERIODS_YEARS = N_("It may take more than two years of further data to tell.")
EARLY_SIGNAL = N_(
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
        return _(CAVEAT_NAMING_OTHERS).format(date=date, others=others)
    return _(CAVEAT).format(date=date)


def detectable_sentence(min_detectable_ratio: float) -> str:
    """What size of change the data could pick up (80% power)."""
    if not math.isfinite(min_detectable_ratio):
        return ""
    down = 1.0 / min_detectable_ratio
    if min_detectable_ratio >= 2:
        return _(DETECTABLE_LARGE).format(
            # rounded by Python first, as before (Babel rounds the decimal text half-even)
            ratio=i18n.format_number(float(f"{min_detectable_ratio:.1f}"), decimals=1),
            down=format_share(down),
        )
    return _(DETECTABLE).format(up=format_percent(min_detectable_ratio), down=format_percent(down))


def more_periods_sentence(more: int | None, freq: str) -> str:
    """How much more data would help, from a rough scaling of the standard error."""
    if more is None:
        return _(MORE_PERIODS_UNKNOWN)
    if more <= 0:
        return ""
    if more > 2 * {"D": 365, "W": 52, "M": 12}[freq]:
        return _(MORE_PERIODS_YEARS)
    return _(MORE_PERIODS).format(periods=periods(more, freq, more_=True))


def early_signal_warning(n_after: int, freq: str) -> str:
    """Shown when there are 8-11 periods on a side."""
    return _(EARLY_SIGNAL).format(periods=periods(n_after, freq))


NO_SEASONALITY_WARNINGS = {
    "D": N_(
        "There is less than a year of records before the change, so seasonal patterns (such "
        "as quieter summer days) can't be separated from the change."
    ),
    "W": N_(
        "There is less than a year of records before the change, so seasonal patterns (such "
        "as quieter summer weeks) can't be separated from the change."
    ),
    "M": N_(
        "There is less than a year of records before the change, so seasonal patterns (such "
        "as quieter summer months) can't be separated from the change."
    ),
}


def no_seasonality_warning(freq: str) -> str:
    """Seasonal terms need a full year (52 weeks) before the change."""
    return _(NO_SEASONALITY_WARNINGS[freq])


SMALL_COUNTS = N_(
    "Numbers are small (fewer than {k} {label} {per} on average), so the likely ranges are wide."
)
REGRESSION_TO_MEAN = N_(
    "In the {periods} just before the change, {label} were unusually low. Some of any rise "
    "afterwards may just be a return to normal."
)
PARALLEL_TRENDS = N_(
    "This takes {comparison} as the comparison. Check on the chart that both followed a similar "
    "pattern before the change; if not, the comparison may mislead."
)
OTHER_CHANGES = N_(
    "Other changes were made at this site around the same time ({names}). Their effects can't "
    "be separated from this one."
)
SENSITIVITY = N_(
    "With {how}, the likely range was {low} to {high} ({verdict}), so treat this result with "
    "caution."
)


def small_counts_warning(freq: str, label: str, threshold: int = privacy.DEFAULT_K) -> str:
    """Few events per period make every interval wide (no exact number: small counts)."""
    return _(SMALL_COUNTS).format(
        k=i18n.format_number(threshold), label=label, per=per_period(freq)
    )


def gaps_warning(n_zero: int, freq: str, label: str) -> str:
    """Zero periods where the model expected several: closures recorded as no attendance?"""
    template = ngettext(
        "There was {periods} with no {label} recorded where some were expected. If the "
        "service was closed, record the closures so they are not read as nobody coming.",
        "There were {periods} with no {label} recorded where some were expected. If the "
        "service was closed, record the closures so they are not read as nobody coming.",
        n_zero,
    )
    return template.format(periods=periods(n_zero, freq), label=label)


def regression_to_mean_warning(label: str, k: int, freq: str) -> str:
    """The change followed an unusually low spell, so some rise may be a return to normal."""
    return _(REGRESSION_TO_MEAN).format(periods=periods(k, freq), label=label)


def parallel_trends_warning(comparison_label: str) -> str:
    """A controlled comparison assumes both series would have moved alike."""
    return _(PARALLEL_TRENDS).format(comparison=comparison_label)


def other_changes_warning(other_changes: Sequence[str]) -> str:
    """Other adaptations named without dates can't be separated from this one."""
    return _(OTHER_CHANGES).format(names=join_names(other_changes))


def other_adaptations_warning(changes: Sequence[OtherChange], freq: str) -> str:
    """Which other adaptations have their own step in the model, and which can't be told apart."""
    modelled = [other_name(o, freq) for o in changes if o.modelled and o.separable]
    parts = []
    if modelled:
        template = ngettext(
            "The model gives {names} a step of its own, so its effect is kept apart from this "
            "one's.",
            "The model gives {names} steps of their own, so their effects are kept apart from "
            "this one's.",
            len(modelled),
        )
        parts.append(template.format(names=join_names(modelled)))
    parts += [not_separable_sentence(o, freq) for o in changes if not o.separable]
    return " ".join(parts)


def sensitivity_warning(sens: SensitivityResult, freq: str = "W") -> str:
    """The answer depends on how extra variation is allowed for."""
    return _(SENSITIVITY).format(
        how=_(_VARIANCE_WORDS[sens.variance][freq]),
        low=format_percent(sens.level_change_ci[0]),
        high=format_percent(sens.level_change_ci[1]),
        verdict=verdict_words(sens.verdict),
    )


AUTOCORRELATION_WARNINGS = {
    "D": N_(
        "Busy and quiet days come in runs here (one day tends to be like the one before), so "
        "the likely ranges are widened to allow for that."
    ),
    "W": N_(
        "Busy and quiet weeks come in runs here (one week tends to be like the one before), so "
        "the likely ranges are widened to allow for that."
    ),
    "M": N_(
        "Busy and quiet months come in runs here (one month tends to be like the one before), "
        "so the likely ranges are widened to allow for that."
    ),
}
COMPARISON_HELPS = N_(
    "Comparing with another site that has the same ups and downs would give a clearer answer."
)


def autocorrelation_warning(ac: Autocorrelation, freq: str, controlled: bool) -> str:
    """Said when residual runs widen the ranges noticeably (issue 9, item 3)."""
    text = _(AUTOCORRELATION_WARNINGS[freq])
    return text if controlled else two_sentences(text, _(COMPARISON_HELPS))


OPEN_DAYS_KEPT = N_("The other periods are still adjusted for the days the site was open.")


def _closure_template(n_closed: int, freq: str) -> str:
    if freq == "D":
        return ngettext(
            "The site was closed on {periods}, so it is left out of the estimate.",
            "The site was closed on {periods}, so they are left out of the estimate.",
            n_closed,
        )
    return ngettext(
        "{periods} had no open days or no records at all, so it is left out of the estimate.",
        "{periods} had no open days or no records at all, so they are left out of the estimate.",
        n_closed,
    )


def closures_warning(n_closed: int, freq: str, exposure_used: bool = False) -> str:
    """Closed periods left the estimate; the rest keep their open-days adjustment (issue 9, 6)."""
    text = _closure_template(n_closed, freq).format(periods=periods(n_closed, freq))
    return two_sentences(text, _(OPEN_DAYS_KEPT)) if exposure_used else text


PHASE_IN = N_(
    "The first {periods} after the start are left out of the estimate, to give the change time "
    "to take effect."
)
NOT_RECORDED = N_(
    "Gender was not recorded for {after} of visits after the change ({before} before)."
)
RECORDING_EFFECT = N_(
    "When more visits get a gender recorded, visits recorded as women's rise even if no more "
    "women came."
)


def open_days_assumed_warning(n: int, usual: float) -> str:
    """Periods with visits but no open-days record get the site's usual number."""
    template = ngettext(
        "Open days are not recorded for {n} of the periods with visits, so the usual number "
        "({usual}) is assumed for them.",
        "Open days are not recorded for {n} of the periods with visits, so the usual number "
        "({usual}) is assumed for them.",
        n,
    )
    return template.format(n=i18n.format_number(n), usual=f"{usual:g}")


def phase_in_warning(n: int, freq: str) -> str:
    """The optional phase-in window (issue 9, item 8)."""
    return _(PHASE_IN).format(periods=periods(n, freq))


def not_recorded_sentence(before_share: float, after_share: float) -> str:
    """Data-quality line on gender recording, shares as fractions (0.08 = 8%)."""
    return _(NOT_RECORDED).format(
        after=format_share(after_share), before=format_share(before_share)
    )


def recording_warning(rec: RecordingCheck) -> str:
    """The not-recorded share moved at the start."""
    line = not_recorded_sentence(rec.share_before, rec.share_after)
    return two_sentences(line, _(RECORDING_EFFECT))
