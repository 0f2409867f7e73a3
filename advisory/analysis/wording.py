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

from advisory import privacy
from advisory.analysis.results import (
    BeforeAfter,
    ITSResult,
)
from advisory.analysis.verdicts import DataState, Downgrade, Verdict
from advisory.analysis.warning_words import (
    CONVERGENCE_WARNING,
    MEN_COMPARISON_WARNING,
    NO_WEEKDAY_TERMS_WARNING,
    TWO_SENTENCES,
    autocorrelation_warning,
    caveat_sentence,
    closures_warning,
    detectable_sentence,
    early_signal_warning,
    gaps_warning,
    more_periods_sentence,
    no_seasonality_warning,
    not_recorded_sentence,
    not_separable_sentence,
    open_days_assumed_warning,
    other_adaptations_warning,
    other_changes_warning,
    other_name,
    parallel_trends_warning,
    phase_in_warning,
    recording_warning,
    regression_to_mean_warning,
    sensitivity_warning,
    small_counts_warning,
)
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
from advisory.i18n import _

__all__ = [
    "CONVERGENCE_WARNING",
    "MEN_COMPARISON_WARNING",
    "NO_WEEKDAY_TERMS_WARNING",
    "autocorrelation_warning",
    "caveat_sentence",
    "closures_warning",
    "detectable_sentence",
    "early_signal_warning",
    "gaps_warning",
    "more_periods_sentence",
    "no_seasonality_warning",
    "not_recorded_sentence",
    "open_days_assumed_warning",
    "other_adaptations_warning",
    "other_changes_warning",
    "parallel_trends_warning",
    "phase_in_warning",
    "recording_warning",
    "regression_to_mean_warning",
    "sensitivity_warning",
    "small_counts_warning",
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

#: The label of the expected line and figure (issue 9: not "expected without it").
EXPECTED_LABEL = "Expected from the earlier pattern"


class _Unset:
    """Marker for "use the value stored on the result"."""


_UNSET = _Unset()


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
#: Which reason the headline names when several apply.
HEADLINE_ORDER = (
    Downgrade.TOO_EARLY,
    Downgrade.RECORDING,
    Downgrade.NOT_SEPARABLE,
    Downgrade.SEASONS,
)
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
        out += [not_separable_sentence(o, r.frequency) for o in r.others if not o.separable]
    if Downgrade.RECORDING in r.downgrades and r.recording is not None:
        out.append(
            RECORDING_REASON.format(
                after=f"{r.recording.share_after:.0%}", before=f"{r.recording.share_before:.0%}"
            )
        )
    if not r.downgrades and r.interval_verdict == Verdict.CANT_TELL:
        out.append(WIDE_RANGE_REASON)
    return out


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
    for downgrade in HEADLINE_ORDER:
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
# why (issue 13, item 4): raw totals carry no likely range: a range made them read as a result
# ("-17% (likely range -24% to -8%)") beside a headline that could not tell. They say plainly
# that they ignore trend and season and are not the effect.
RAW_TOTALS = (
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after ({change})."
)
RAW_TOTALS_NO_RATIO = (
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after."
)
RAW_TOTALS_NOT_THE_EFFECT = (
    "These totals ignore the trend and the time of year, so they cannot be read as the effect "
    "of the change."
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
    """The descriptive comparison, always carrying its label, never a likely range."""
    values = {
        "before": format_count(ba.before_total, small_count_threshold),
        "after": format_count(ba.after_total, small_count_threshold),
        "periods": periods(ba.window, ba.frequency),
    }
    if math.isfinite(ba.ratio):
        totals = _(RAW_TOTALS).format(**values, change=format_percent(ba.ratio))
    else:
        totals = _(RAW_TOTALS_NO_RATIO).format(**values)
    return TWO_SENTENCES.format(first=totals, second=_(RAW_TOTALS_NOT_THE_EFFECT))


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
        out += [not_separable_sentence(o, r.frequency) for o in r.others if not o.separable]
    if r.verdict == Verdict.CANT_TELL and not r.downgrades:
        out.append(WIDE_RANGE_REASON)
    if overstates(r):
        out.append(OVERSTATE_SENTENCE)
    return tuple(out)
