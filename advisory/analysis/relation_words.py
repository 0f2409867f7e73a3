"""One impact sentence: how each other section of the impact page relates to the headline.

why (issue 13, item 4): for the women-only Tuesday a lay reader met three answers on one page:
the headline said "we can't tell yet", the weekday section concluded "women moved days", and
the raw totals gave a third figure with a "likely range" that read as a result. Now the
headline verdict comes from the primary model only (`wording.headline`), and the weekday split,
the comparison site and the raw totals each open with a sentence saying whether they agree with
it, add to it, or read differently (and that the headline stays the answer).

Sentences are whole messages with named placeholders, translated through `advisory.i18n._`
where they are used (the tables are marked with `N_`). Verdicts are values
(:mod:`advisory.analysis.verdicts`); which relation applies is decided on values, never on
sentences. Beside `wording.py`, like `weekday_words.py` and `count_words.py`.
"""

from __future__ import annotations

from advisory.analysis.results import ITSResult, WeekdayResult
from advisory.analysis.verdicts import DataState, Downgrade, Verdict, WeekdayConclusion
from advisory.analysis.words import weekday_names
from advisory.i18n import N_, _

#: The headline verdict as a clause, for "... the headline: {verdict}."
VERDICT_CLAUSES: dict[Verdict, str] = {
    Verdict.UP: N_("{label} went up"),
    Verdict.DOWN: N_("{label} went down"),
    Verdict.NONE: N_("there was little or no change in {label}"),
    Verdict.CANT_TELL: N_("we can't tell yet whether {label} changed"),
}

TOO_EARLY_CLAUSE = N_("it is too early to tell whether {label} changed")

AGREES, ADDS, DIFFERS = "agrees", "adds", "differs"

# --- the weekday split --------------------------------------------------------------------

WEEKDAY_LEADS = {
    AGREES: N_("The day-by-day split agrees with the headline: {verdict}."),
    ADDS: N_(
        "The day-by-day split does not change the headline ({verdict}); it shows which days "
        "the visits came on."
    ),
    DIFFERS: N_(
        "The day-by-day split reads differently from the headline ({verdict}). The headline, "
        "which counts every day, stays the answer; the difference is a reason to read it with "
        "care."
    ),
}
WEEKDAY_FINDINGS = {
    WeekdayConclusion.NEW_VISITS: N_(
        "Day by day, the rise on {days} looks like new visits, not only women moving days."
    ),
    WeekdayConclusion.MOVED_DAYS: N_(
        "Day by day, more women came on {days} and fewer on other days, so women seem to have "
        "moved days rather than new women coming."
    ),
    WeekdayConclusion.CANT_TELL: N_(
        "Day by day, we can't tell yet whether {days} brought new visits or women moving from "
        "other days."
    ),
    WeekdayConclusion.NO_CLEAR_CHANGE: N_("Day by day, visits on {days} did not clearly change."),
}
WEEKDAY_TOO_EARLY = N_(
    "The day-by-day split does not change the headline ({verdict}): it is too early to compare "
    "{days} with other days."
)
#: How the weekday conclusion relates to each headline verdict.
WEEKDAY_RELATION: dict[Verdict, dict[WeekdayConclusion, str]] = {
    Verdict.UP: {
        WeekdayConclusion.NEW_VISITS: AGREES,
        WeekdayConclusion.MOVED_DAYS: DIFFERS,
        WeekdayConclusion.CANT_TELL: ADDS,
        WeekdayConclusion.NO_CLEAR_CHANGE: ADDS,
    },
    Verdict.NONE: {
        WeekdayConclusion.NEW_VISITS: DIFFERS,
        WeekdayConclusion.MOVED_DAYS: AGREES,
        WeekdayConclusion.CANT_TELL: ADDS,
        WeekdayConclusion.NO_CLEAR_CHANGE: AGREES,
    },
    Verdict.DOWN: {
        WeekdayConclusion.NEW_VISITS: DIFFERS,
        WeekdayConclusion.MOVED_DAYS: DIFFERS,
        WeekdayConclusion.CANT_TELL: ADDS,
        WeekdayConclusion.NO_CLEAR_CHANGE: ADDS,
    },
    # "We can't tell yet" over the whole week leaves room for every day-by-day finding: the
    # split adds where the visits came, it does not overturn the headline.
    Verdict.CANT_TELL: {c: ADDS for c in WeekdayConclusion},
}


def verdict_clause(headline: ITSResult) -> str:
    """The headline's verdict as a clause ("women's visits went up"), as the headline says it."""
    if headline.state == DataState.TOO_EARLY or Downgrade.TOO_EARLY in headline.downgrades:
        return _(TOO_EARLY_CLAUSE).format(label=headline.label)
    return _(VERDICT_CLAUSES[headline.verdict]).format(label=headline.label)


def weekday_relation(headline: ITSResult, split: WeekdayResult) -> str:
    """The weekday section's first sentences: how the day-by-day split relates to the headline."""
    verdict = verdict_clause(headline)
    days = weekday_names(split.weekdays)
    if split.state == DataState.TOO_EARLY:
        return _(WEEKDAY_TOO_EARLY).format(verdict=verdict, days=days)
    relation = WEEKDAY_RELATION[headline.verdict][split.conclusion]
    lead = _(WEEKDAY_LEADS[relation]).format(verdict=verdict)
    finding = _(WEEKDAY_FINDINGS[split.conclusion]).format(days=days)
    return _("{lead} {finding}").format(lead=lead, finding=finding)


# --- the comparison site ------------------------------------------------------------------

COMPARISON_SAME = N_(
    "Compared with {site}, the answer is the same as the headline: {verdict}. Busy and quiet "
    "weeks that both sites share cancel out in this comparison, so it is a check on the "
    "headline."
)
COMPARISON_CLEARER = N_(
    "Compared with {site}, the answer looks clearer than the headline: {comparison}. That holds "
    "only if the two sites moved in step before the change (see the chart below); the headline "
    "({verdict}) stays the answer."
)
COMPARISON_LESS_CLEAR = N_(
    "Compared with {site}, we can't tell yet, while the headline says {verdict}. Something that "
    "changed at both sites may explain part of the headline; read it with care."
)
COMPARISON_DIFFERS = N_(
    "Compared with {site}, the answer differs from the headline: this comparison says "
    "{comparison}, the headline says {verdict}. The headline stays the answer; the difference "
    "means something else changed at one of the two sites, so read both with care."
)


def comparison_relation(headline: ITSResult, compared: ITSResult, site: str) -> str:
    """The comparison section's first sentence: how the comparison-site model relates."""
    verdict = verdict_clause(headline)
    comparison = _(VERDICT_CLAUSES[compared.verdict]).format(label=headline.label)
    if compared.verdict == headline.verdict:
        return _(COMPARISON_SAME).format(site=site, verdict=verdict)
    if headline.verdict == Verdict.CANT_TELL:
        return _(COMPARISON_CLEARER).format(site=site, comparison=comparison, verdict=verdict)
    if compared.verdict == Verdict.CANT_TELL:
        return _(COMPARISON_LESS_CLEAR).format(site=site, verdict=verdict)
    return _(COMPARISON_DIFFERS).format(site=site, comparison=comparison, verdict=verdict)


# --- the raw totals -----------------------------------------------------------------------

RAW_TOTALS_RELATION = N_(
    "The headline ({verdict}) is the estimate: it allows for the trend, the time of year and "
    "the other things listed above. Where the raw totals seem to say something else, go by the "
    "headline."
)
RAW_TOTALS_WITHOUT_HEADLINE = N_(
    "It is too early for an estimate, and the raw totals cannot stand in for one."
)


def raw_totals_relation(headline: ITSResult | None) -> str:
    """The raw totals section's closing sentence: they are not the effect, the headline is."""
    if headline is None or headline.state == DataState.TOO_EARLY:
        return _(RAW_TOTALS_WITHOUT_HEADLINE)
    return _(RAW_TOTALS_RELATION).format(verdict=verdict_clause(headline))


# --- plain labels -------------------------------------------------------------------------

#: The chart's lines (issue 13: no "fitted before / fitted after").
PATTERN_BEFORE = N_("pattern before")
PATTERN_AFTER = N_("pattern after")
#: What a likely range is, in lay words (issue 13: no "'Likely range' is the 95% interval").
LIKELY_RANGE_EXPLAINED = N_(
    "Did more women come after a change? Each estimate compares attendance with the pattern "
    "before the change (trend, seasons, opening days, other changes at the site). A likely "
    "range is where the real change most probably lies: weeks go up and down by themselves, "
    "so we give a span rather than one number. A wide range means we are less sure; when it "
    "holds both a rise and a fall, we can't tell yet."
)
