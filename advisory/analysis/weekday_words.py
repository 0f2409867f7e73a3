"""Sentences for the weekday split: on the adapted day, on other days, and over the whole week.

The rule (analysis.md, corrected 2026-12): "new visits" rests on the net weekly change having
its whole likely range above zero; "women moved days" on the other days clearly falling while
the net change is little or none; otherwise we can't tell yet which it is. "Other days did not
clearly change" is not evidence of new visits.

Templates are marked with `N_` and translated when the summary is made.
"""

from __future__ import annotations

from advisory.analysis.results import WeekdayResult
from advisory.analysis.verdicts import DataState, Verdict, WeekdayConclusion, verdict_from_interval
from advisory.analysis.words import format_percent, format_range, periods, weekday_names
from advisory.i18n import N_, _

TOO_EARLY = N_(
    "It is too early to compare {days} with other days: there are {before} of records before "
    "the change and {after} since, and at least 8 are needed on each side."
)
EARLY_SIGNAL = N_(
    "This is an early signal: there are only {periods} since the change, so the numbers may "
    "move as more come in."
)
ON_DAY = {
    Verdict.UP: N_("On {days}, {label} went up ({on}, {on_range})."),
    Verdict.DOWN: N_("On {days}, {label} went down ({on}, {on_range})."),
    Verdict.NONE: N_("On {days}, {label} did not clearly change ({on}, {on_range})."),
    Verdict.CANT_TELL: N_(
        "We can't tell yet whether {label} on {days} changed ({on}, {on_range})."
    ),
}
MOST_ON_DAY = N_("Most of the rise was on {days} ({on}, {on_range}).")
OTHER_DAYS = {
    Verdict.UP: N_("On other days, {label} went up too ({other}, {other_range})."),
    Verdict.DOWN: N_("On other days, {label} went down ({other}, {other_range})."),
    Verdict.NONE: N_("On other days, {label} did not clearly change ({other}, {other_range})."),
    Verdict.CANT_TELL: N_("On other days the change was {other} ({other_range})."),
}
CONCLUSIONS = {
    WeekdayConclusion.NEW_VISITS: N_(
        "Over the whole week, {label} changed by {net} ({net_range}), so these look like new "
        "visits, not only women moving days."
    ),
    WeekdayConclusion.MOVED_DAYS: N_(
        "Over the whole week there was little or no change in {label} ({net}, {net_range}), so "
        "this looks like women moving days rather than new visits."
    ),
    WeekdayConclusion.CANT_TELL: N_(
        "Over the whole week, {label} changed by {net} ({net_range}), so we can't tell yet "
        "whether these are new visits or women moving days."
    ),
    WeekdayConclusion.NO_CLEAR_CHANGE: N_(
        "Over the whole week, {label} changed by {net} ({net_range})."
    ),
}


def weekday_summary(result: WeekdayResult) -> str:
    """Sentences for the on-the-day versus other-days split (analysis.md template)."""
    days = weekday_names(result.weekdays)
    if result.state == DataState.TOO_EARLY:
        return _(TOO_EARLY).format(
            days=days,
            before=periods(result.n_before_weeks, "W"),
            after=periods(result.n_after_weeks, "W"),
        )
    values = {
        "days": days,
        "label": result.label,
        "on": format_percent(result.on_day_change),
        "on_range": format_range(result.on_day_ci),
        "other": format_percent(result.other_days_change),
        "other_range": format_range(result.other_days_ci),
        "net": format_percent(result.net_change),
        "net_range": format_range(result.net_ci),
    }
    parts = []
    if result.state == DataState.EARLY_SIGNAL:
        parts.append(_(EARLY_SIGNAL).format(periods=periods(result.n_after_weeks, "W")))
    on = verdict_from_interval(*result.on_day_ci)
    positive_total = result.extra_on_day + max(result.extra_other_days, 0.0)
    mostly_on_day = on == Verdict.UP and result.extra_on_day >= 0.5 * positive_total
    if result.conclusion == WeekdayConclusion.NEW_VISITS and mostly_on_day:
        parts.append(_(MOST_ON_DAY).format(**values))
    else:
        parts.append(_(ON_DAY[on]).format(**values))
    parts.append(_(OTHER_DAYS[verdict_from_interval(*result.other_days_ci)]).format(**values))
    parts.append(_(CONCLUSIONS[result.conclusion]).format(**values))
    return " ".join(parts)
