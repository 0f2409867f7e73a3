"""Plain-language sentences for the analyses (rules in /work/shared/design/analysis.md, "Words").

Lead with counts, then the relative change; call the 95% interval the "likely range" and always
show it; verdicts come from :mod:`advisory.analysis.verdicts` and are mapped to sentences here;
never use the word "significant"; always say what the comparison can't rule out; raw counts that
:mod:`advisory.privacy` calls small are written "fewer than N".

Every sentence is a whole template with named placeholders (``"... {count} ..."``), so that a
later issue can pass each one through gettext; where a number changes the words, both forms are
whole strings chosen by the number (no plural suffixes glued on).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from advisory import privacy
from advisory.analysis.autocorrelation import Autocorrelation
from advisory.analysis.results import (
    BeforeAfter,
    ITSResult,
    OtherChange,
    RecordingCheck,
    SensitivityResult,
)
from advisory.analysis.verdicts import MIN_PERIODS_APART, DataState, Downgrade, Verdict
from advisory.analysis.weekday_words import weekday_summary
from advisory.analysis.words import (
    MINUS,
    PER_PERIOD,
    format_amount,
    format_count,
    format_date,
    format_percent,
    format_range,
    join_names,
    periods,
    weekday_names,
)

__all__ = [
    "MINUS",
    "format_amount",
    "format_count",
    "format_date",
    "format_percent",
    "format_range",
    "join_names",
    "periods",
    "weekday_names",
    "weekday_summary",
]

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
#: The label of the expected line and figure (issue 9: not "expected without it").
EXPECTED_LABEL = "Expected from the earlier pattern"


class _Unset:
    """Marker for "use the value stored on the result"."""


_UNSET = _Unset()

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

# --- verdicts as sentences ------------------------------------------------------------------

VERDICT_SENTENCES: dict[Verdict, str] = {
    Verdict.UP: "After {name} started, {label} went up.",
    Verdict.DOWN: "After {name} started, {label} went down.",
    Verdict.NONE: "After {name} started, there was little or no change in {label}.",
    Verdict.CANT_TELL: "We can't tell yet whether {label} changed after {name} started.",
}
#: The headline when a check, not the likely range, made the verdict "we can't tell yet".
DOWNGRADED_SENTENCES: dict[Downgrade, str] = {
    Downgrade.RECORDING: (
        "We can't tell yet whether {label} changed after {name} started: gender was recorded "
        "differently after the change."
    ),
    Downgrade.NOT_SEPARABLE: (
        "We can't tell yet whether {label} changed after {name} started: it can't be separated "
        "from {other}."
    ),
    Downgrade.SEASONS: (
        "We can't tell yet whether {label} changed after {name} started: the time of year "
        "can't be allowed for."
    ),
    Downgrade.TOO_EARLY: "It is too early to tell whether {label} changed after {name} started.",
}
WIDE_RANGE_REASON = "The likely range includes both a rise and a fall."
SEASONS_REASON = {
    "D": (
        "There are only {periods} of records before the change, fewer than a year, so the time "
        "of year can't be allowed for; over more than half a year, seasonal ups and downs can "
        "look like a change. Records for {more} more days before the change would let us allow "
        "for it, or choose a comparison site with the same seasons."
    ),
    "W": (
        "There are only {periods} of records before the change, fewer than a year, so the time "
        "of year can't be allowed for; over more than half a year, seasonal ups and downs can "
        "look like a change. Records for {more} more weeks before the change would let us allow "
        "for it, or choose a comparison site with the same seasons."
    ),
    "M": (
        "There are only {periods} of records before the change, fewer than a year, so the time "
        "of year can't be allowed for; over more than half a year, seasonal ups and downs can "
        "look like a change. Records for {more} more months before the change would let us "
        "allow for it, or choose a comparison site with the same seasons."
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
RECORDING_REASON = (
    "Gender was recorded differently after the change: it was not recorded for {after} of "
    "visits after the change, against {before} before."
)
RECORDING_BOTH_NUMBERS = (
    "Counting the visits as recorded, {label} changed by {main} ({main_range}); sharing out the "
    "visits with no gender recorded as before the change, they changed by {adjusted} "
    "({adjusted_range})."
)
TOO_EARLY_BEFORE_REASON = (
    "There are only {periods} of records before it started, and at least 8 are needed."
)
TOO_EARLY_AFTER_REASON = "It has been in place for {periods}, and at least 8 are needed."
OVERSTATE_SENTENCE = "Results this size from this little data usually overstate the true change."
SLOPE_CHANGE = "The trend after the change differed by {change} {per} ({range})."
#: Two sentences in a row (a translation may need another separator, e.g. none in Burmese).
TWO_SENTENCES = "{first} {second}"


def verdict_reasons(r: ITSResult) -> list[str]:
    """Why the verdict is "we can't tell yet", in plain words (empty for other verdicts)."""
    if r.verdict != Verdict.CANT_TELL:
        return []
    out: list[str] = []
    if Downgrade.TOO_EARLY in r.downgrades:
        if r.n_before_effective < 8:
            out.append(
                TOO_EARLY_BEFORE_REASON.format(periods=periods(r.n_before_effective, r.frequency))
            )
        else:
            out.append(
                TOO_EARLY_AFTER_REASON.format(periods=periods(r.n_after_effective, r.frequency))
            )
    if Downgrade.SEASONS in r.downgrades:
        out.append(
            SEASONS_REASON[r.frequency].format(
                periods=periods(r.n_before, r.frequency), more=r.more_baseline_needed
            )
        )
    if Downgrade.NOT_SEPARABLE in r.downgrades:
        out += [_not_separable(o, r.frequency) for o in r.others if not o.separable]
    if Downgrade.RECORDING in r.downgrades and r.recording is not None:
        out.append(
            RECORDING_REASON.format(
                after=f"{r.recording.share_after:.0%}", before=f"{r.recording.share_before:.0%}"
            )
        )
    if not r.downgrades and r.interval_verdict == Verdict.CANT_TELL:
        out.append(WIDE_RANGE_REASON)
    return out


def _not_separable(o: OtherChange, freq: str) -> str:
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
    parts += [_not_separable(o, freq) for o in changes if not o.separable]
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


# --- the summary --------------------------------------------------------------------------------


def its_summary(
    result: ITSResult,
    *,
    other_changes: Sequence[str] | None = None,
    small_count_threshold: int | None | _Unset = _UNSET,
    comparison_label: str | None = None,
    with_verdict: bool = True,
) -> str:
    """The plain-language paragraph for an interrupted time series result.

    Keyword arguments override what is stored on the result (e.g. to name other adaptations
    logged later, or to show exact small counts with ``small_count_threshold=None``);
    ``with_verdict=False`` leaves out the verdict and its reasons (a page that shows them as a
    headline above the paragraph).
    """
    others = result.other_changes if other_changes is None else tuple(other_changes)
    threshold = (
        result.small_count_threshold
        if isinstance(small_count_threshold, _Unset)
        else small_count_threshold
    )
    comp_label = comparison_label or result.comparison_label or "the comparison site"
    caveat = caveat_sentence(result.intervention, result.frequency, others)
    if result.state == DataState.TOO_EARLY:
        return TWO_SENTENCES.format(first=_too_early_text(result), second=caveat)

    parts: list[str] = []
    if result.state == DataState.EARLY_SIGNAL:
        parts.append(early_signal_warning(result.n_after_effective, result.frequency))
    parts.append(_counts_sentence(result, threshold))
    reasons = [reason for reason in result.verdict_reasons if reason != WIDE_RANGE_REASON]
    verdict = [headline(result), *reasons] if with_verdict else []
    if not result.likely_ranges:
        # Seasons can't be allowed for: any expected count would carry the seasonal swing.
        parts += [*verdict, caveat]
        return " ".join(p for p in parts if p)
    if not _suppressed(result.observed_after, threshold):
        # With a small observed count, the expected count and the ratio would reveal it.
        parts.append(_expected_sentence(result, comp_label))
    parts.append(_change_sentence(result, threshold, comp_label))
    parts += verdict
    if result.recording is not None and result.recording.shifted:
        parts.append(both_numbers_sentence(result))
    if result.verdict == Verdict.CANT_TELL and not result.downgrades:
        if with_verdict:
            parts.append(WIDE_RANGE_REASON)
        parts.append(more_periods_sentence(result.more_periods_needed, result.frequency))
    parts.append(basis_sentence(result, comp_label))
    if result.slope_change is not None and result.slope_change_ci is not None:
        parts.append(
            SLOPE_CHANGE.format(
                change=format_percent(result.slope_change),
                per=PER_PERIOD[result.frequency],
                range=format_range(result.slope_change_ci),
            )
        )
    parts.append(detectable_sentence(result.min_detectable_ratio))
    if overstates(result):
        parts.append(OVERSTATE_SENTENCE)
    parts.append(caveat)
    return " ".join(p for p in parts if p)


def headline(r: ITSResult) -> str:
    """The verdict as one sentence (a downgrade names its reason)."""
    for downgrade in (Downgrade.RECORDING, Downgrade.NOT_SEPARABLE, Downgrade.SEASONS):
        if downgrade in r.downgrades:
            blocking = [o for o in r.others if not o.separable]
            other = join_names([other_name(o, r.frequency) for o in blocking])
            return DOWNGRADED_SENTENCES[downgrade].format(
                label=r.label, name=r.intervention_name, other=other
            )
    return VERDICT_SENTENCES[r.verdict].format(label=r.label, name=r.intervention_name)


def overstates(r: ITSResult) -> bool:
    """A claimed change smaller than what the data could reliably detect (winner's curse)."""
    if not r.verdict.claims_change or not math.isfinite(r.min_detectable_ratio):
        return False
    return abs(math.log(r.after_ratio)) < math.log(r.min_detectable_ratio)


def both_numbers_sentence(r: ITSResult) -> str:
    """The estimate as recorded and with the not-recorded visits shared out (issue 9, item 1)."""
    rec = r.recording
    assert rec is not None
    return RECORDING_BOTH_NUMBERS.format(
        label=r.label,
        main=format_percent(r.after_ratio),
        main_range=format_range(r.after_ratio_ci),
        adjusted=format_percent(rec.adjusted_ratio),
        adjusted_range=format_range(rec.adjusted_ratio_ci),
    )


BASIS = (
    "The earlier pattern is a steady trend worked out from all {periods} of records, before and "
    "after the start, leaving out the change at the start."
)
BASIS_ALSO = "It also allows for {items}."
BASIS_ITEMS = {
    "seasons": "the time of year",
    "weekdays": "busier and quieter days of the week",
    "open_days": "how many days the site was open",
    "comparison": "the change at {comparison} over the same time",
    "other": "{name}, which started on {start}",
    "other_ended": "{name}, in place from {start} to {end}",
}


def basis_items(r: ITSResult, comp_label: str) -> list[str]:
    """What the earlier pattern allows for besides the trend, as whole noun phrases."""
    items = []
    if r.seasonality:
        items.append(BASIS_ITEMS["seasons"])
    if r.frequency == "D" and any(n.startswith(("dow", "site:dow")) for n in r.params.index):
        items.append(BASIS_ITEMS["weekdays"])
    if r.exposure_used:
        items.append(BASIS_ITEMS["open_days"])
    if r.controlled:
        items.append(BASIS_ITEMS["comparison"].format(comparison=comp_label))
    for o in r.others:
        if not o.modelled:
            continue
        values = {"name": other_name(o, r.frequency), "start": format_date(o.start, r.frequency)}
        if o.end is not None:
            items.append(
                BASIS_ITEMS["other_ended"].format(**values, end=format_date(o.end, r.frequency))
            )
        else:
            items.append(BASIS_ITEMS["other"].format(**values))
    return items


def basis_sentence(r: ITSResult, comp_label: str = "the comparison site") -> str:
    """What the model really used for "the earlier pattern" (issue 9, item 8)."""
    text = BASIS.format(periods=periods(r.n_before + r.n_after, r.frequency))
    items = basis_items(r, comp_label)
    if items:
        return TWO_SENTENCES.format(first=text, second=BASIS_ALSO.format(items=join_names(items)))
    return text


def _suppressed(count: float, threshold: int | None) -> bool:
    return threshold is not None and privacy.is_small(round(count), threshold)


TOO_EARLY_HEAD = "It is too early to estimate the effect of {name}."
TOO_EARLY_BEFORE = (
    "There are only {periods} of records before it started, and at least 8 are needed. For now "
    "we only show the chart. Adding earlier records would help."
)
TOO_EARLY_AFTER = (
    "It has been in place for {periods}, and at least 8 are needed. For now we only show the "
    "chart; about {more} are needed for a first estimate."
)


def _too_early_text(r: ITSResult) -> str:
    head = TOO_EARLY_HEAD.format(name=r.intervention_name)
    if r.n_before_effective < 8:
        rest = TOO_EARLY_BEFORE.format(periods=periods(r.n_before_effective, r.frequency))
    else:
        rest = TOO_EARLY_AFTER.format(
            periods=periods(r.n_after_effective, r.frequency),
            more=periods(r.more_periods_needed or 0, r.frequency, more_=True),
        )
    return TWO_SENTENCES.format(first=head, second=rest)


COUNTS = "In the {periods} since {name} started, there were {count} {label}."
COUNTS_AVERAGE = (
    "In the {periods} since {name} started, there were {count} {label}, about {average} {per}."
)
EXPECTED = (
    "From the earlier pattern, we would have expected about {expected} (likely range {low} to "
    "{high})."
)
EXPECTED_CONTROLLED = (
    "Over the same period, {label} at {comparison} changed by {comp_change} ({comp_range}). "
    "Taking that into account, from the earlier pattern we would have expected about "
    "{expected} here (likely range {low} to {high})."
)
ABSOLUTE = {
    "more": "about {amount} more {label} {per}",
    "fewer": "about {amount} fewer {label} {per}",
    "same": "about the same number of {label} {per}",
}
CHANGE = {
    # (counts shown, controlled) -> sentence
    (True, False): (
        "That is {absolute}, or {relative} ({range}), compared with what the earlier pattern "
        "predicted."
    ),
    (True, True): (
        "That is {absolute}, or {relative} ({range}), compared with what the earlier pattern "
        "predicted, allowing for the change at {comparison}."
    ),
    (
        False,
        False,
    ): "That is {relative} ({range}), compared with what the earlier pattern predicted.",
    (False, True): (
        "That is {relative} ({range}), compared with what the earlier pattern predicted, "
        "allowing for the change at {comparison}."
    ),
}
RAW_TOTALS = (
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after ({change}, {range})."
)
RAW_TOTALS_NO_RATIO = (
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after."
)


def _counts_sentence(r: ITSResult, threshold: int | None) -> str:
    values = {
        "periods": periods(r.n_after, r.frequency),
        "name": r.intervention_name,
        "count": format_count(r.observed_after, threshold),
        "label": r.label,
    }
    if _suppressed(r.observed_after, threshold):
        return COUNTS.format(**values)
    average = format_amount(r.observed_after / r.n_after)
    return COUNTS_AVERAGE.format(**values, average=average, per=PER_PERIOD[r.frequency])


def _expected_sentence(r: ITSResult, comp_label: str) -> str:
    lo, hi = r.expected_after_ci
    values = {
        "expected": format_amount(r.expected_after),
        "low": format_amount(lo),
        "high": format_amount(hi),
        "label": r.label,
        "comparison": comp_label,
    }
    if r.comparison_change is not None and r.comparison_change_ci is not None:
        return EXPECTED_CONTROLLED.format(
            **values,
            comp_change=format_percent(r.comparison_change),
            comp_range=format_range(r.comparison_change_ci),
        )
    return EXPECTED.format(**values)


def _change_sentence(r: ITSResult, threshold: int | None, comp_label: str) -> str:
    values = {
        "relative": format_percent(r.after_ratio),
        "range": format_range(r.after_ratio_ci),
        "comparison": comp_label,
        "absolute": "",
    }
    shown = not _suppressed(r.observed_after, threshold)
    if shown:
        per = r.difference_after / r.n_after
        amount = format_amount(abs(per))
        key = "same" if amount == "0" else ("more" if per > 0 else "fewer")
        values["absolute"] = ABSOLUTE[key].format(
            amount=amount, label=r.label, per=PER_PERIOD[r.frequency]
        )
    return CHANGE[(shown, r.controlled)].format(**values)


def before_after_summary(ba: BeforeAfter, small_count_threshold: int | None = 5) -> str:
    """One sentence for the descriptive comparison, always carrying its label."""
    values = {
        "before": format_count(ba.before_total, small_count_threshold),
        "after": format_count(ba.after_total, small_count_threshold),
        "periods": periods(ba.window, ba.frequency),
    }
    if math.isfinite(ba.ratio) and math.isfinite(ba.ratio_ci[1]):
        return RAW_TOTALS.format(
            **values, change=format_percent(ba.ratio), range=format_range(ba.ratio_ci)
        )
    return RAW_TOTALS_NO_RATIO.format(**values)


# --- short caveats for tables, and reasons safe for a share link ------------------------------

CAVEAT_FLAGS = {
    Downgrade.TOO_EARLY: "too early",
    Downgrade.RECORDING: "gender was recorded differently after the change",
    Downgrade.SEASONS: "the time of year can't be allowed for",
    "not_separable": "can't be separated from {other}",
    "wide": "the likely range includes a rise and a fall",
    "early": "early signal",
    "runs": "ranges widened for runs of busy and quiet periods",
    "modelled": "allows for {other}",
    "small": "small numbers",
    "overstate": "results this size usually overstate the change",
    "closed": "closed or unrecorded periods left out",
    "recording_agree": "gender recording changed; both ways of counting agree",
    "phase_in": "first {periods} left out",
    "comparison": "compared with {comparison}",
}


def caveat_flags(r: ITSResult) -> list[str]:
    """Short phrases for a table cell: why the verdict is what it is, and what to keep in mind."""
    flags: list[str] = []
    for downgrade in (Downgrade.TOO_EARLY, Downgrade.RECORDING, Downgrade.SEASONS):
        if downgrade in r.downgrades:
            flags.append(CAVEAT_FLAGS[downgrade])
    for o in r.others:
        key = "modelled" if o.separable else "not_separable"
        flags.append(CAVEAT_FLAGS[key].format(other=other_name(o, r.frequency)))
    if r.verdict == Verdict.CANT_TELL and not r.downgrades:
        flags.append(CAVEAT_FLAGS["wide"])
    if r.state == DataState.EARLY_SIGNAL:
        flags.append(CAVEAT_FLAGS["early"])
    if overstates(r):
        flags.append(CAVEAT_FLAGS["overstate"])
    if r.recording is not None and r.recording.shifted and r.recording.agree:
        flags.append(CAVEAT_FLAGS["recording_agree"])
    if r.autocorrelation.runs_found:
        flags.append(CAVEAT_FLAGS["runs"])
    if r.closed_periods:
        flags.append(CAVEAT_FLAGS["closed"])
    if r.phase_in:
        flags.append(CAVEAT_FLAGS["phase_in"].format(periods=periods(r.phase_in, r.frequency)))
    if r.controlled and r.comparison_label:
        flags.append(CAVEAT_FLAGS["comparison"].format(comparison=r.comparison_label))
    return flags


PUBLIC_REASONS = {
    Downgrade.RECORDING: (
        "Gender was recorded differently after the change, and the answer depends on how the "
        "visits with no gender recorded are counted."
    ),
    Downgrade.SEASONS: (
        "There is less than a year of records before it, so the time of year can't be allowed for."
    ),
}


def public_reasons(r: ITSResult) -> tuple[str, ...]:
    """The reasons behind the verdict as whole sentences with no count in them (share links)."""
    out: list[str] = []
    for downgrade in (Downgrade.RECORDING, Downgrade.SEASONS):
        if downgrade in r.downgrades:
            out.append(PUBLIC_REASONS[downgrade])
    if Downgrade.NOT_SEPARABLE in r.downgrades:
        out += [_not_separable(o, r.frequency) for o in r.others if not o.separable]
    if r.verdict == Verdict.CANT_TELL and not r.downgrades:
        out.append(WIDE_RANGE_REASON)
    if overstates(r):
        out.append(OVERSTATE_SENTENCE)
    return tuple(out)
