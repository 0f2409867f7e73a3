"""Plain-language sentences for the analyses (rules in /work/shared/design/analysis.md, "Words").

Lead with counts, then the relative change; call the 95% interval the "likely range" and always
show it; verdicts come from :mod:`advisory.analysis.verdicts` and are mapped to sentences here;
never use the word "significant"; always say what the comparison can't rule out; raw counts that
:mod:`advisory.privacy` calls small are written "fewer than N".

Every sentence is a whole template with named placeholders (``"... {count} ..."``), marked
with `N_` and translated through `advisory.i18n._` when the sentence is made; where a number
changes the words, both forms are an `ngettext` pair. The counting sentences (counts, expected,
change, basis, raw totals) are in :mod:`advisory.analysis.count_words`, imported back here so
``wording.before_after_summary`` and the others keep working. Which sentence applies is decided
on values (`Verdict`, `Downgrade`), never by comparing sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from advisory import i18n
from advisory.analysis.count_words import (
    basis_items,
    basis_sentence,
    before_after_summary,
    change_sentence,
    counts_sentence,
    expected_sentence,
    suppressed,
    too_early_text,
)
from advisory.analysis.results import ITSResult
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
    two_sentences,
)
from advisory.analysis.weekday_words import weekday_summary
from advisory.analysis.words import (
    MINUS,
    format_amount,
    format_count,
    format_date,
    format_percent,
    format_range,
    format_share,
    join_names,
    per_period,
    periods,
    weekday_names,
)
from advisory.i18n import N_, _, ngettext

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
    "TWO_SENTENCES",
    "basis_items",
    "basis_sentence",
    "before_after_summary",
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
EXPECTED_LABEL = N_("Expected from the earlier pattern")


class _Unset:
    """Marker for "use the value stored on the result"."""


_UNSET = _Unset()


# --- verdicts as sentences ------------------------------------------------------------------

VERDICT_SENTENCES: dict[Verdict, str] = {
    Verdict.UP: N_("After {name} started, {label} went up."),
    Verdict.DOWN: N_("After {name} started, {label} went down."),
    Verdict.NONE: N_("After {name} started, there was little or no change in {label}."),
    Verdict.CANT_TELL: N_("We can't tell yet whether {label} changed after {name} started."),
}
#: The headline when a check, not the likely range, made the verdict "we can't tell yet".
DOWNGRADED_SENTENCES: dict[Downgrade, str] = {
    Downgrade.RECORDING: N_(
        "We can't tell yet whether {label} changed after {name} started: gender was recorded "
        "differently after the change."
    ),
    Downgrade.NOT_SEPARABLE: N_(
        "We can't tell yet whether {label} changed after {name} started: it can't be separated "
        "from {other}."
    ),
    Downgrade.SEASONS: N_(
        "We can't tell yet whether {label} changed after {name} started: the time of year "
        "can't be allowed for."
    ),
    Downgrade.TOO_EARLY: N_(
        "It is too early to tell whether {label} changed after {name} started."
    ),
}
#: Which reason the headline names when several apply.
HEADLINE_ORDER = (
    Downgrade.TOO_EARLY,
    Downgrade.RECORDING,
    Downgrade.NOT_SEPARABLE,
    Downgrade.SEASONS,
)
WIDE_RANGE_REASON = N_("The likely range includes both a rise and a fall.")
RECORDING_REASON = N_(
    "Gender was recorded differently after the change: it was not recorded for {after} of "
    "visits after the change, against {before} before."
)
RECORDING_BOTH_NUMBERS = N_(
    "Counting the visits as recorded, {label} changed by {main} ({main_range}); sharing out the "
    "visits with no gender recorded as before the change, they changed by {adjusted} "
    "({adjusted_range})."
)
TOO_EARLY_BEFORE_REASON = N_(
    "There are only {periods} of records before it started, and at least 8 are needed."
)
TOO_EARLY_AFTER_REASON = N_("It has been in place for {periods}, and at least 8 are needed.")
OVERSTATE_SENTENCE = N_(
    "Results this size from this little data usually overstate the true change."
)
SLOPE_CHANGE = N_("The trend after the change differed by {change} {per} ({range}).")


def _seasons_reason(r: ITSResult) -> str:
    more = r.more_baseline_needed
    if r.frequency == "D":
        template = ngettext(
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more day before the change would "
            "let us allow for it, or choose a comparison site with the same seasons.",
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more days before the change would "
            "let us allow for it, or choose a comparison site with the same seasons.",
            more,
        )
    elif r.frequency == "W":
        template = ngettext(
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more week before the change would "
            "let us allow for it, or choose a comparison site with the same seasons.",
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more weeks before the change "
            "would let us allow for it, or choose a comparison site with the same seasons.",
            more,
        )
    else:
        template = ngettext(
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more month before the change "
            "would let us allow for it, or choose a comparison site with the same seasons.",
            "There are only {periods} of records before the change, fewer than a year, so the "
            "time of year can't be allowed for; over more than half a year, seasonal ups and "
            "downs can look like a change. Records for {more} more months before the change "
            "would let us allow for it, or choose a comparison site with the same seasons.",
            more,
        )
    return template.format(periods=periods(r.n_before, r.frequency), more=i18n.format_number(more))


def verdict_reasons(r: ITSResult, *, wide_range: bool = True) -> list[str]:
    """Why the verdict is "we can't tell yet", in plain words (empty for other verdicts);
    ``wide_range=False`` leaves out "the likely range includes both a rise and a fall"."""
    if r.verdict != Verdict.CANT_TELL:
        return []
    out: list[str] = []
    if Downgrade.TOO_EARLY in r.downgrades:
        if r.n_before_effective < 8:
            out.append(
                _(TOO_EARLY_BEFORE_REASON).format(
                    periods=periods(r.n_before_effective, r.frequency)
                )
            )
        else:
            out.append(
                _(TOO_EARLY_AFTER_REASON).format(periods=periods(r.n_after_effective, r.frequency))
            )
    if Downgrade.SEASONS in r.downgrades:
        out.append(_seasons_reason(r))
    if Downgrade.NOT_SEPARABLE in r.downgrades:
        out += [not_separable_sentence(o, r.frequency) for o in r.others if not o.separable]
    if Downgrade.RECORDING in r.downgrades and r.recording is not None:
        out.append(
            _(RECORDING_REASON).format(
                after=format_share(r.recording.share_after),
                before=format_share(r.recording.share_before),
            )
        )
    if wide_range and not r.downgrades and r.interval_verdict == Verdict.CANT_TELL:
        out.append(_(WIDE_RANGE_REASON))
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
    comp_label = comparison_label or result.comparison_label or _("the comparison site")
    caveat = caveat_sentence(result.intervention, result.frequency, others)
    if result.state == DataState.TOO_EARLY:
        return two_sentences(too_early_text(result), caveat)

    parts: list[str] = []
    if result.state == DataState.EARLY_SIGNAL:
        parts.append(early_signal_warning(result.n_after_effective, result.frequency))
    parts.append(counts_sentence(result, threshold))
    # why recomputed, not filtered from `result.verdict_reasons`: no logic compares sentences
    # (they are in the reader's language), and the stored ones are in the language of the fit.
    reasons = verdict_reasons(result, wide_range=False)
    verdict = [headline(result), *reasons] if with_verdict else []
    if not result.likely_ranges:
        # Seasons can't be allowed for: any expected count would carry the seasonal swing.
        parts += [*verdict, caveat]
        return " ".join(p for p in parts if p)
    if not suppressed(result.observed_after, threshold):
        # With a small observed count, the expected count and the ratio would reveal it.
        parts.append(expected_sentence(result, comp_label))
    parts.append(change_sentence(result, threshold, comp_label))
    parts += verdict
    if result.recording is not None and result.recording.shifted:
        parts.append(both_numbers_sentence(result))
    if result.verdict == Verdict.CANT_TELL and not result.downgrades:
        if with_verdict:
            parts.append(_(WIDE_RANGE_REASON))
        parts.append(more_periods_sentence(result.more_periods_needed, result.frequency))
    parts.append(basis_sentence(result, comp_label))
    if result.slope_change is not None and result.slope_change_ci is not None:
        parts.append(
            _(SLOPE_CHANGE).format(
                change=format_percent(result.slope_change),
                per=per_period(result.frequency),
                range=format_range(result.slope_change_ci),
            )
        )
    parts.append(detectable_sentence(result.min_detectable_ratio))
    if overstates(result):
        parts.append(_(OVERSTATE_SENTENCE))
    parts.append(caveat)
    return " ".join(p for p in parts if p)


def headline(r: ITSResult) -> str:
    """The verdict as one sentence (a downgrade names its reason)."""
    for downgrade in HEADLINE_ORDER:
        if downgrade in r.downgrades:
            blocking = [o for o in r.others if not o.separable]
            other = join_names([other_name(o, r.frequency) for o in blocking])
            return _(DOWNGRADED_SENTENCES[downgrade]).format(
                label=r.label, name=r.intervention_name, other=other
            )
    return _(VERDICT_SENTENCES[r.verdict]).format(label=r.label, name=r.intervention_name)


def overstates(r: ITSResult) -> bool:
    """A claimed change smaller than what the data could reliably detect (winner's curse)."""
    if not r.verdict.claims_change or not math.isfinite(r.min_detectable_ratio):
        return False
    return abs(math.log(r.after_ratio)) < math.log(r.min_detectable_ratio)


def both_numbers_sentence(r: ITSResult) -> str:
    """The estimate as recorded and with the not-recorded visits shared out (issue 9, item 1)."""
    rec = r.recording
    assert rec is not None
    return _(RECORDING_BOTH_NUMBERS).format(
        label=r.label,
        main=format_percent(r.after_ratio),
        main_range=format_range(r.after_ratio_ci),
        adjusted=format_percent(rec.adjusted_ratio),
        adjusted_range=format_range(rec.adjusted_ratio_ci),
    )


# --- short caveats for tables, and reasons safe for a share link ------------------------------

CAVEAT_FLAGS = {
    Downgrade.TOO_EARLY: N_("too early"),
    Downgrade.RECORDING: N_("gender was recorded differently after the change"),
    Downgrade.SEASONS: N_("the time of year can't be allowed for"),
    "not_separable": N_("can't be separated from {other}"),
    "wide": N_("the likely range includes a rise and a fall"),
    "early": N_("early signal"),
    "runs": N_("ranges widened for runs of busy and quiet periods"),
    "modelled": N_("allows for {other}"),
    "small": N_("small numbers"),
    "overstate": N_("results this size usually overstate the change"),
    "closed": N_("closed or unrecorded periods left out"),
    "recording_agree": N_("gender recording changed; both ways of counting agree"),
    "phase_in": N_("first {periods} left out"),
    "comparison": N_("compared with {comparison}"),
}


def _flag(key: str | Downgrade, **values: str) -> str:
    return _(CAVEAT_FLAGS[key]).format(**values)


def caveat_flags(r: ITSResult) -> list[str]:
    """Short phrases for a table cell: why the verdict is what it is, and what to keep in mind."""
    flags: list[str] = []
    for downgrade in (Downgrade.TOO_EARLY, Downgrade.RECORDING, Downgrade.SEASONS):
        if downgrade in r.downgrades:
            flags.append(_flag(downgrade))
    for o in r.others:
        key = "modelled" if o.separable else "not_separable"
        flags.append(_flag(key, other=other_name(o, r.frequency)))
    if r.verdict == Verdict.CANT_TELL and not r.downgrades:
        flags.append(_flag("wide"))
    if r.state == DataState.EARLY_SIGNAL:
        flags.append(_flag("early"))
    if overstates(r):
        flags.append(_flag("overstate"))
    if r.recording is not None and r.recording.shifted and r.recording.agree:
        flags.append(_flag("recording_agree"))
    if r.autocorrelation.runs_found:
        flags.append(_flag("runs"))
    if r.closed_periods:
        flags.append(_flag("closed"))
    if r.phase_in:
        flags.append(_flag("phase_in", periods=periods(r.phase_in, r.frequency)))
    if r.controlled and r.comparison_label:
        flags.append(_flag("comparison", comparison=r.comparison_label))
    return flags


PUBLIC_REASONS = {
    Downgrade.RECORDING: N_(
        "Gender was recorded differently after the change, and the answer depends on how the "
        "visits with no gender recorded are counted."
    ),
    Downgrade.SEASONS: N_(
        "There is less than a year of records before it, so the time of year can't be allowed for."
    ),
}


def public_reasons(r: ITSResult) -> tuple[str, ...]:
    """The reasons behind the verdict as whole sentences with no count in them (share links)."""
    out: list[str] = []
    for downgrade in (Downgrade.RECORDING, Downgrade.SEASONS):
        if downgrade in r.downgrades:
            out.append(_(PUBLIC_REASONS[downgrade]))
    if Downgrade.NOT_SEPARABLE in r.downgrades:
        out += [not_separable_sentence(o, r.frequency) for o in r.others if not o.separable]
    if r.verdict == Verdict.CANT_TELL and not r.downgrades:
        out.append(_(WIDE_RANGE_REASON))
    if overstates(r):
        out.append(_(OVERSTATE_SENTENCE))
    return tuple(out)
