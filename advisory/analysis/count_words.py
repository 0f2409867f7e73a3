"""The counting sentences of an impact summary: too early, counts, expected, change, basis, and
the raw totals (rules in /work/shared/design/analysis.md, "Words").

Beside `wording.py` (which kept the verdicts, the summary that strings these together, the
table caveats and the share-link reasons) like `weekday_words.py` and `relation_words.py`.
Templates are marked with `N_` and translated when a sentence is made; raw counts that
:mod:`advisory.privacy` calls small are written "fewer than N".
"""

from __future__ import annotations

import math

from advisory import privacy
from advisory.analysis.results import BeforeAfter, ITSResult
from advisory.analysis.warning_words import other_name, two_sentences
from advisory.analysis.words import (
    format_amount,
    format_count,
    format_date,
    format_percent,
    format_range,
    join_names,
    per_period,
    periods,
)
from advisory.i18n import N_, _

BASIS = N_(
    "The earlier pattern is a steady trend worked out from all {periods} of records, before and "
    "after the start, leaving out the change at the start."
)
BASIS_ALSO = N_("It also allows for {items}.")
BASIS_ITEMS = {
    "seasons": N_("the time of year"),
    "weekdays": N_("busier and quieter days of the week"),
    "open_days": N_("how many days the site was open"),
    "comparison": N_("the change at {comparison} over the same time"),
    "other": N_("{name}, which started on {start}"),
    "other_ended": N_("{name}, in place from {start} to {end}"),
}


def basis_items(r: ITSResult, comp_label: str) -> list[str]:
    """What the earlier pattern allows for besides the trend, as whole noun phrases."""
    items = []
    if r.seasonality:
        items.append(_(BASIS_ITEMS["seasons"]))
    if r.frequency == "D" and any(n.startswith(("dow", "site:dow")) for n in r.params.index):
        items.append(_(BASIS_ITEMS["weekdays"]))
    if r.exposure_used:
        items.append(_(BASIS_ITEMS["open_days"]))
    if r.controlled:
        items.append(_(BASIS_ITEMS["comparison"]).format(comparison=comp_label))
    for o in r.others:
        if not o.modelled:
            continue
        values = {"name": other_name(o, r.frequency), "start": format_date(o.start, r.frequency)}
        if o.end is not None:
            items.append(
                _(BASIS_ITEMS["other_ended"]).format(**values, end=format_date(o.end, r.frequency))
            )
        else:
            items.append(_(BASIS_ITEMS["other"]).format(**values))
    return items


def basis_sentence(r: ITSResult, comp_label: str | None = None) -> str:
    """What the model really used for "the earlier pattern" (issue 9, item 8)."""
    comp_label = comp_label or _("the comparison site")
    text = _(BASIS).format(periods=periods(r.n_before + r.n_after, r.frequency))
    items = basis_items(r, comp_label)
    if items:
        return two_sentences(text, _(BASIS_ALSO).format(items=join_names(items)))
    return text


def suppressed(count: float, threshold: int | None) -> bool:
    return threshold is not None and privacy.is_small(round(count), threshold)


TOO_EARLY_HEAD = N_("It is too early to estimate the effect of {name}.")
TOO_EARLY_BEFORE = N_(
    "There are only {periods} of records before it started, and at least 8 are needed. For now "
    "we only show the chart. Adding earlier records would help."
)
TOO_EARLY_AFTER = N_(
    "It has been in place for {periods}, and at least 8 are needed. For now we only show the "
    "chart; about {more} are needed for a first estimate."
)


def too_early_text(r: ITSResult) -> str:
    head = _(TOO_EARLY_HEAD).format(name=r.intervention_name)
    if r.n_before_effective < 8:
        rest = _(TOO_EARLY_BEFORE).format(periods=periods(r.n_before_effective, r.frequency))
    else:
        rest = _(TOO_EARLY_AFTER).format(
            periods=periods(r.n_after_effective, r.frequency),
            more=periods(r.more_periods_needed or 0, r.frequency, more_=True),
        )
    return two_sentences(head, rest)


COUNTS = N_("In the {periods} since {name} started, there were {count} {label}.")
COUNTS_AVERAGE = N_(
    "In the {periods} since {name} started, there were {count} {label}, about {average} {per}."
)
EXPECTED = N_(
    "From the earlier pattern, we would have expected about {expected} (likely range {low} to "
    "{high})."
)
EXPECTED_CONTROLLED = N_(
    "Over the same period, {label} at {comparison} changed by {comp_change} ({comp_range}). "
    "Taking that into account, from the earlier pattern we would have expected about "
    "{expected} here (likely range {low} to {high})."
)
ABSOLUTE = {
    "more": N_("about {amount} more {label} {per}"),
    "fewer": N_("about {amount} fewer {label} {per}"),
    "same": N_("about the same number of {label} {per}"),
}
CHANGE = {
    # (counts shown, controlled) -> sentence
    (True, False): N_(
        "That is {absolute}, or {relative} ({range}), compared with what the earlier pattern "
        "predicted."
    ),
    (True, True): N_(
        "That is {absolute}, or {relative} ({range}), compared with what the earlier pattern "
        "predicted, allowing for the change at {comparison}."
    ),
    (False, False): N_(
        "That is {relative} ({range}), compared with what the earlier pattern predicted."
    ),
    (False, True): N_(
        "That is {relative} ({range}), compared with what the earlier pattern predicted, "
        "allowing for the change at {comparison}."
    ),
}
# why (issue 13, item 4): raw totals carry no likely range: a range made them read as a result
# ("-17% (likely range -24% to -8%)") beside a headline that could not tell. They say plainly
# that they ignore trend and season and are not the effect.
RAW_TOTALS = N_(
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after ({change})."
)
RAW_TOTALS_NO_RATIO = N_(
    "Raw totals, not adjusted for trend or season: {before} in the {periods} before and {after} "
    "in the {periods} after."
)
RAW_TOTALS_NOT_THE_EFFECT = N_(
    "These totals ignore the trend and the time of year, so they cannot be read as the effect "
    "of the change."
)


def counts_sentence(r: ITSResult, threshold: int | None) -> str:
    values = {
        "periods": periods(r.n_after, r.frequency),
        "name": r.intervention_name,
        "count": format_count(r.observed_after, threshold),
        "label": r.label,
    }
    if suppressed(r.observed_after, threshold):
        return _(COUNTS).format(**values)
    average = format_amount(r.observed_after / r.n_after)
    return _(COUNTS_AVERAGE).format(**values, average=average, per=per_period(r.frequency))


def expected_sentence(r: ITSResult, comp_label: str) -> str:
    lo, hi = r.expected_after_ci
    values = {
        "expected": format_amount(r.expected_after),
        "low": format_amount(lo),
        "high": format_amount(hi),
        "label": r.label,
        "comparison": comp_label,
    }
    if r.comparison_change is not None and r.comparison_change_ci is not None:
        return _(EXPECTED_CONTROLLED).format(
            **values,
            comp_change=format_percent(r.comparison_change),
            comp_range=format_range(r.comparison_change_ci),
        )
    return _(EXPECTED).format(**values)


def change_sentence(r: ITSResult, threshold: int | None, comp_label: str) -> str:
    values = {
        "relative": format_percent(r.after_ratio),
        "range": format_range(r.after_ratio_ci),
        "comparison": comp_label,
        "absolute": "",
    }
    shown = not suppressed(r.observed_after, threshold)
    if shown:
        per = r.difference_after / r.n_after
        amount = format_amount(abs(per))
        # why on the number, not the words: "0" is the same in every language's digits here.
        key = "same" if amount == "0" else ("more" if per > 0 else "fewer")
        values["absolute"] = _(ABSOLUTE[key]).format(
            amount=amount, label=r.label, per=per_period(r.frequency)
        )
    return _(CHANGE[(shown, r.controlled)]).format(**values)


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
    return two_sentences(totals, _(RAW_TOTALS_NOT_THE_EFFECT))
