"""What a funder sees through a share link, built from an allowlist and protected.

Issue 6: the funder view and the shareable report show ONLY

* recommendation titles, categories, statuses, dates and progress figures;
* attendance trends by gender group;
* impact summaries of adaptations (name, kind, site, dates, verdict, relative change).

Never minutes, comments, descriptions, rationales, member names, user names or audit data.
The allowlist is enforced where the data is read: the queries here select the allowed columns
and nothing else (the internal report uses the other services instead). The one exception is
the impact estimate, made by :mod:`advisory.services.impact` as on the Impact page: only its
verdict and relative change are copied, never its text.

A link keeps to its scope: its sites (fixed when it was made), its sections, and its dates.
Recommendations raised in the dates; attendance records whose period starts in them; for a
link whose dates have ended, recommendations as they stood on the last day (status from
their history, no later dates).

Every number goes through :mod:`advisory.privacy` with k from the organisation settings:

* counts of 1..k-1 are written "<k"; zero is shown;
* attendance is shown as single counts per site, period and gender group, with no totals
  at all: no "all visits" column, no total over periods, no table across sites, and no
  attendance count anywhere else (impact summaries give only the relative change). With
  nothing to subtract from, hiding the counts of 1..k-1 is enough and each count's fate
  depends on itself alone, so the funder view and the shareable report, which show the same
  periods, always agree. why no row total: with one, secondary suppression must hide one
  more cell whenever the small groups (trans women, not recorded) are hidden, and the next
  smallest is usually the women's count, which then vanished from most weeks of a typical
  site: the very number the funder came to see;
* the period length for a site is picked once from its counts (week, else month, else
  quarter: :func:`advisory.privacy.choose_shared_granularity`) and used by every output;
* percentages are shown only when every count they come from is shown.

This module does not import streamlit; pages draw what it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import Session

from advisory import clock, privacy
from advisory.analysis.wording import (
    VERDICT_DOWN,
    VERDICT_NONE,
    VERDICT_UP,
    caveat_sentence,
    format_percent,
    format_range,
)
from advisory.lifecycle import STATUS_LABELS, STATUSES
from advisory.models import (
    GENDER_GROUPS,
    Adaptation,
    AttendanceRecord,
    Category,
    Recommendation,
    RecommendationEvent,
    RecommendationSite,
    Site,
)
from advisory.periods import (
    PANDAS_FREQ,
    RECORDS_FITTING,
    bucket_sql,
    period_start,
    quarter_label,
)
from advisory.services import impact, organisation
from advisory.services.attendance import GENDER_LABELS
from advisory.services.share_links import SECTION_LABELS, ShareScope

ALL_VISITS = "All visits"
WOMEN_SHARE = "Women, % of visits"
WOMEN_GROUPS: tuple[str, ...] = ("woman", "trans_woman")
IMPACT_LABEL = "visits by women and trans women"

STATUS_ORDER: tuple[str, ...] = STATUSES
COMPLETED = ("done", "verified")
NOT_OVERDUE = frozenset({"done", "verified", "declined"})
HIDDEN_PERCENT = "hidden"

Granularity = str  # "week", "month" or "quarter"


# --- plain-value results ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready to show: ``display`` holds text ("<5", "0", "1,234"), ``numbers`` the
    shown counts as floats with NaN where hidden (for charts). ``note`` says what "<k" means."""

    display: pd.DataFrame
    numbers: pd.DataFrame
    note: str
    any_hidden: bool


@dataclass(frozen=True)
class RecommendationItem:
    """One recommendation, allowlisted fields only."""

    title: str
    category: str
    status: str
    status_label: str
    raised_on: dt.date
    responded_on: dt.date | None
    due_on: dt.date | None
    done_on: dt.date | None
    verified_on: dt.date | None


@dataclass(frozen=True)
class RecommendationProgress:
    items: tuple[RecommendationItem, ...]
    by_status: ProtectedTable  # one column "Recommendations", rows the statuses + "Total"
    done_or_verified_pct: str  # "40%" or "hidden"
    overdue: str  # a protected count
    per_quarter: ProtectedTable  # rows "2025 Q1"..., columns Raised, Done


@dataclass(frozen=True)
class AttendanceTrend:
    site: str
    granularity: Granularity
    table: ProtectedTable  # rows periods; columns gender groups (internal: + total and %)


@dataclass(frozen=True)
class ImpactSummary:
    adaptation: str
    kind: str
    site: str
    started_on: dt.date
    ended_on: dt.date | None
    verdict: str | None  # went up, went down, little or no change, we can't tell yet; None
    change: str | None  # "+31% (likely range +6% to +62%)", None when hidden or unknown
    text: str


@dataclass(frozen=True)
class SharedContent:
    """Everything the funder view shows, already protected."""

    organisation: str
    k: int
    covers: tuple[str, ...]
    expires_on: dt.date
    sections: tuple[str, ...]
    recommendations: RecommendationProgress | None
    attendance: tuple[AttendanceTrend, ...] | None
    impact: tuple[ImpactSummary, ...] | None
    note: str


# --- small helpers ----------------------------------------------------------------------------


def day_text(day: dt.date | None) -> str:
    """'3 March 2025' (no leading zero), '' for None."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


def k_for(session: Session) -> int:
    """The organisation's small-number threshold, validated (3..20)."""
    return privacy.validate_k(organisation.small_number_k(session))


def period_label(start: pd.Timestamp | dt.date, granularity: Granularity) -> str:
    day = pd.Timestamp(start)
    if granularity == "week":
        return f"Week of {day.day} {day:%b %Y}"
    if granularity == "month":
        return f"{day:%b %Y}"
    return quarter_label(day.date())


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def describe_scope(scope: ShareScope) -> tuple[str, ...]:
    """Plain sentences saying what a link covers (for the funder view's header)."""
    sites = ", ".join(scope.site_names) if scope.site_names else "no site"
    if scope.date_from and scope.date_to:
        dates = f"from {day_text(scope.date_from)} to {day_text(scope.date_to)}"
    elif scope.date_from:
        dates = f"from {day_text(scope.date_from)} onwards"
    elif scope.date_to:
        dates = f"up to {day_text(scope.date_to)}"
    else:
        dates = "all dates"
    return (
        f"Sites: {sites}",
        f"Dates: {dates}",
        f"Sections: {', '.join(SECTION_LABELS[s] for s in scope.sections)}",
    )


# --- recommendation progress ------------------------------------------------------------------


def _recommendation_filter(site_ids: Sequence[int] | None):  # type: ignore[no-untyped-def]
    """Recommendations for any of the sites, or for no particular site (service-wide)."""
    if site_ids is None:
        return true()
    linked = select(RecommendationSite.recommendation_id).where(
        RecommendationSite.site_id.in_(list(site_ids))
    )
    any_site = exists().where(RecommendationSite.recommendation_id == Recommendation.id)
    return or_(Recommendation.id.in_(linked), ~any_site)


def recommendation_items(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    as_of: dt.date | None = None,
) -> list[RecommendationItem]:
    """Recommendations raised in the range at the sites (or service-wide), oldest first.

    Selects only the allowlisted columns. Service-wide recommendations (no site) concern every
    site, so every link with this section shows them. With ``as_of`` (a link whose dates end
    before today) each recommendation is shown as it stood at the end of that day: its status
    then (from its status history) and no date after it, so nothing beyond the link's dates
    shows.
    """
    r = Recommendation
    q = (
        select(
            r.id,
            r.title,
            Category.name,
            r.status,
            r.raised_on,
            r.responded_on,
            r.response,
            r.due_on,
            r.done_on,
            r.verified_on,
        )
        .join(Category, Category.id == r.category_id)
        .where(_recommendation_filter(site_ids))
        .order_by(r.raised_on, r.id)
    )
    if date_from is not None:
        q = q.where(r.raised_on >= date_from)
    if date_to is not None:
        q = q.where(r.raised_on <= date_to)
    rows = session.execute(q).all()
    history = _statuses_as_of(session, [row.id for row in rows], as_of) if as_of else {}
    items = []
    for row in rows:
        dates = {
            "responded_on": _as_date(row.responded_on) if row.responded_on else None,
            "due_on": _as_date(row.due_on) if row.due_on else None,
            "done_on": _as_date(row.done_on) if row.done_on else None,
            "verified_on": _as_date(row.verified_on) if row.verified_on else None,
        }
        status = row.status
        if as_of is not None:
            # Events after the day are unknown then; a due date is a plan (usually later than
            # the day) known once the response was given.
            dates = {
                key: (d if d is None or key == "due_on" or d <= as_of else None)
                for key, d in dates.items()
            }
            if dates["responded_on"] is None:
                dates["due_on"] = None
            status = history.get(row.id) or _status_from_dates(dates, row.response)
        items.append(
            RecommendationItem(
                title=row.title,
                category=row.name,
                status=status,
                status_label=STATUS_LABELS.get(status, status),
                raised_on=_as_date(row.raised_on),
                **dates,
            )
        )
    return items


def _statuses_as_of(session: Session, ids: Sequence[int], day: dt.date) -> dict[int, str]:
    """The last status each recommendation reached by the end of ``day`` (status events)."""
    if not ids:
        return {}
    e = RecommendationEvent
    q = (
        select(e.recommendation_id, e.to_status)
        .where(
            e.recommendation_id.in_(list(ids)),
            e.kind == "status",
            e.to_status.is_not(None),
            e.at < dt.datetime.combine(day + dt.timedelta(days=1), dt.time()),
        )
        .order_by(e.at, e.id)
    )
    return {rec_id: status for rec_id, status in session.execute(q)}


def _status_from_dates(dates: dict[str, dt.date | None], response: str | None) -> str:
    """Fallback for records without a status history (e.g. imported)."""
    if dates["verified_on"]:
        return "verified"
    if dates["done_on"]:
        return "done"
    if dates["responded_on"]:
        return response or "accepted"
    return "raised"


def _status_counts(items: Sequence[RecommendationItem]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_ORDER}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return counts


def _single_column_table(counts: dict[str, int], column: str, k: int) -> ProtectedTable:
    frame = pd.DataFrame(
        {column: [counts[s] for s in counts]}, index=[STATUS_LABELS.get(s, s) for s in counts]
    )
    table = privacy.suppress_small_counts(frame, k)
    display = table.display()[[column]]
    numbers = table.as_numbers()[[column]]
    return ProtectedTable(
        display=display,
        numbers=numbers,
        note=table.note(),
        any_hidden=bool(table.hidden.any().any()),
    )


def recommendation_progress(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    k: int,
    today: dt.date,
    as_of: dt.date | None = None,
) -> RecommendationProgress:
    """Allowlisted recommendations and protected progress figures for a scope.

    ``as_of``: show them as they stood at the end of that day (see recommendation_items);
    "overdue" is then judged on that day too.
    """
    today = as_of or today
    items = recommendation_items(
        session, site_ids=site_ids, date_from=date_from, date_to=date_to, as_of=as_of
    )
    counts = _status_counts(items)
    by_status = _single_column_table(counts, "Recommendations", k)
    total = sum(counts.values())
    finished = sum(counts[s] for s in COMPLETED)
    labels_done = [STATUS_LABELS[s] for s in COMPLETED]
    parts_shown = not by_status.numbers.loc[labels_done].isna().any().any()
    pct = privacy.safe_percentage(finished, total, k) if parts_shown else None
    overdue = sum(
        1
        for item in items
        if item.due_on is not None and item.due_on < today and item.status not in NOT_OVERDUE
    )
    return RecommendationProgress(
        items=tuple(items),
        by_status=by_status,
        done_or_verified_pct=HIDDEN_PERCENT if pct is None else f"{pct:.0f}%",
        overdue=privacy.format_count(overdue, k),
        per_quarter=_per_quarter(items, k, today),
    )


def _per_quarter(items: Sequence[RecommendationItem], k: int, today: dt.date) -> ProtectedTable:
    raised: dict[str, int] = {}
    done: dict[str, int] = {}
    for item in items:
        raised[quarter_label(item.raised_on)] = raised.get(quarter_label(item.raised_on), 0) + 1
        if item.done_on is not None:
            done[quarter_label(item.done_on)] = done.get(quarter_label(item.done_on), 0) + 1
    keys = sorted(set(raised) | set(done))
    frame = pd.DataFrame(
        {"Raised": [raised.get(q, 0) for q in keys], "Done": [done.get(q, 0) for q in keys]},
        index=pd.Index(keys, dtype="object"),
        dtype="int64",
    )
    if frame.empty:
        empty = pd.DataFrame(columns=["Raised", "Done"], dtype="str")
        return ProtectedTable(empty, empty.astype("float64"), privacy.suppression_note(k), False)
    table = privacy.suppress_small_counts(frame, k, totals=False)
    return ProtectedTable(
        display=table.display(),
        numbers=table.as_numbers(),
        note=table.note(),
        any_hidden=bool(table.hidden.any().any()),
    )


# --- attendance -------------------------------------------------------------------------------


def attendance_counts(
    session: Session,
    *,
    site_id: int,
    freq: Granularity,
    start: dt.date | None = None,
    end: dt.date | None = None,
    genders: Sequence[str] = GENDER_GROUPS,
) -> pd.DataFrame:
    """Visits per period (week, month or quarter) and gender group at one site, summed in SQL.

    Only records whose own period starts inside [start, end] count (a scope's first day is
    not widened to the start of its week or month). Every period from the first to the last
    period with records is present (gaps between filled with 0); columns are ``genders`` in
    order; an empty frame if there are no records.

    Remembered for the rest of ``session`` (``session.info``): a funder view and its reports
    ask for the same counts several times in one read-only unit of work.
    """
    if freq not in ("week", "month", "quarter"):
        raise ValueError("freq must be week, month or quarter.")
    memo = session.info.setdefault("share_content.attendance_counts", {})
    key = (site_id, freq, start, end, tuple(genders))
    if key not in memo:
        memo[key] = _attendance_counts(
            session, site_id=site_id, freq=freq, start=start, end=end, genders=genders
        )
    return memo[key].copy()


def _attendance_counts(
    session: Session,
    *,
    site_id: int,
    freq: Granularity,
    start: dt.date | None,
    end: dt.date | None,
    genders: Sequence[str],
) -> pd.DataFrame:
    sql_freq = "month" if freq == "quarter" else freq
    a = AttendanceRecord
    bucket = bucket_sql(session.get_bind().dialect.name, a.period_start, sql_freq).label("bucket")
    q = (
        select(bucket, a.gender, func.sum(a.visits))
        .where(
            a.site_id == site_id,
            a.period.in_(RECORDS_FITTING[sql_freq]),
            a.gender.in_(list(genders)),
        )
        .group_by(bucket, a.gender)
    )
    if start is not None:
        q = q.where(a.period_start >= start)
    if end is not None:
        q = q.where(a.period_start <= end)
    columns = list(genders)
    totals: dict[pd.Timestamp, dict[str, int]] = {}
    for b, g, v in session.execute(q):
        day = pd.Timestamp(_as_date(b))
        totals.setdefault(day, {})[str(g)] = int(v or 0)
    if not totals:
        return pd.DataFrame(
            columns=columns, index=pd.DatetimeIndex([], name="period_start"), dtype="int64"
        )
    wide = pd.DataFrame.from_dict(totals, orient="index").reindex(columns=columns)
    wide = wide.fillna(0).astype("int64").sort_index()
    if freq == "quarter":
        wide = privacy.aggregate_to(wide, "quarter")
    # From the first to the last period with records: no invented zeros at either end.
    first = period_start(wide.index.min().date(), freq)
    last = period_start(wide.index.max().date(), freq)
    index = pd.date_range(first, last, freq=PANDAS_FREQ[freq], name="period_start")
    wide = wide.reindex(index, fill_value=0).astype("int64")
    wide.columns.name = None
    return wide


def shared_granularity(
    session: Session,
    *,
    site_id: int,
    k: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Granularity:
    """The period length every shared output uses for this site and range.

    Weeks when at most half of the non-zero weekly counts would be hidden, else months, else
    quarters. Sites recording whole months have no weekly view: months at the finest.
    """
    weekly = attendance_counts(session, site_id=site_id, freq="week", start=start, end=end)
    monthly = attendance_counts(session, site_id=site_id, freq="month", start=start, end=end)
    if monthly.empty:
        return "month"
    if int(weekly.to_numpy().sum()) < int(monthly.to_numpy().sum()):
        chosen = privacy.choose_shared_granularity(monthly, k)
        return "month" if chosen == "week" else chosen
    return privacy.choose_shared_granularity(weekly, k)


def protect_cells(counts: pd.DataFrame, k: int, granularity: Granularity) -> ProtectedTable:
    """Protect a periods x gender-groups table for sharing: each count on its own, no totals.

    Counts of 1..k-1 become "<k" (:func:`advisory.privacy.suppress_series`, column by column);
    zeros and counts of k or more are shown. Safe only because no sum of these counts is shown
    anywhere in a shared output (see the module docstring).
    """
    index = [period_label(p, granularity) for p in counts.index]
    display: dict[str, list[str]] = {}
    numbers: dict[str, pd.Series] = {}
    hidden_any = False
    for gender in counts.columns:
        series = privacy.suppress_series(counts[gender], k)
        display[GENDER_LABELS[gender]] = series.display().tolist()
        numbers[GENDER_LABELS[gender]] = series.as_numbers()
        hidden_any = hidden_any or bool(series.hidden.any())
    shown = pd.DataFrame(display, index=index, dtype="str")
    numbers_frame = pd.DataFrame(numbers, index=counts.index, dtype="float64")
    if counts.empty:
        shown = pd.DataFrame(columns=[GENDER_LABELS[g] for g in counts.columns], dtype="str")
        numbers_frame = shown.astype("float64")
    note = privacy.suppression_note(k, secondary=False)
    return ProtectedTable(shown, numbers_frame, note, hidden_any)


def exact_rows(counts: pd.DataFrame, granularity: Granularity) -> ProtectedTable:
    """Exact counts with an "All visits" total and the women's share (authenticated use only)."""
    labels = [GENDER_LABELS[g] for g in counts.columns]
    frame = counts.copy()
    frame.columns = labels
    frame[ALL_VISITS] = frame.sum(axis=1)
    women = frame[GENDER_LABELS["woman"]] if GENDER_LABELS["woman"] in frame else 0
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (100.0 * women / frame[ALL_VISITS].replace(0, np.nan)).astype("float64")
    numbers = frame.astype("float64")
    numbers[WOMEN_SHARE] = pct
    display = pd.DataFrame(
        {
            **{c: [f"{int(v):,}" for v in frame[c]] for c in [*labels, ALL_VISITS]},
            WOMEN_SHARE: ["" if pd.isna(p) else f"{p:.0f}%" for p in pct],
        },
        dtype="str",
    )
    display.index = [period_label(p, granularity) for p in counts.index]
    return ProtectedTable(display, numbers, "", False)


def attendance_trends(
    session: Session,
    *,
    site_ids: Sequence[int],
    date_from: dt.date | None,
    date_to: dt.date | None,
    k: int,
) -> tuple[AttendanceTrend, ...]:
    """One protected table per site (never a table across sites: see the module docstring)."""
    names = _site_names(session, site_ids)
    trends = []
    for site_id in site_ids:
        granularity = shared_granularity(
            session, site_id=site_id, k=k, start=date_from, end=date_to
        )
        counts = attendance_counts(
            session, site_id=site_id, freq=granularity, start=date_from, end=date_to
        )
        trends.append(
            AttendanceTrend(
                site=names.get(site_id, "A removed site"),
                granularity=granularity,
                table=protect_cells(counts, k, granularity),
            )
        )
    return tuple(trends)


def _site_names(session: Session, site_ids: Sequence[int]) -> dict[int, str]:
    if not site_ids:
        return {}
    rows = session.execute(select(Site.id, Site.name).where(Site.id.in_(list(site_ids))))
    return dict(rows.all())


# --- adaptations and impact -------------------------------------------------------------------


@dataclass(frozen=True)
class AdaptationItem:
    id: int
    name: str
    kind: str
    site_id: int
    site: str
    started_on: dt.date
    ended_on: dt.date | None
    schedule: str = ""  # "Tuesday, 09:00-13:00": internal report only


def adaptations_in_place(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    start: dt.date | None,
    end: dt.date | None,
) -> list[AdaptationItem]:
    """Adaptations at the sites in place at some time in [start, end] (name, kind, dates only)."""
    a = Adaptation
    q = (
        select(a.id, a.name, a.type, a.site_id, Site.name, a.start_on, a.end_on)
        .join(Site, Site.id == a.site_id)
        .order_by(a.start_on, a.id)
    )
    if site_ids is not None:
        q = q.where(a.site_id.in_(list(site_ids)))
    if end is not None:
        q = q.where(a.start_on <= end)
    if start is not None:
        q = q.where(or_(a.end_on.is_(None), and_(a.end_on.is_not(None), a.end_on >= start)))
    return [
        AdaptationItem(
            id=i,
            name=name,
            kind=kind,
            site_id=site_id,
            site=site,
            started_on=_as_date(started),
            ended_on=_as_date(ended) if ended else None,
        )
        for i, name, kind, site_id, site, started, ended in session.execute(q)
    ]


def _women_totals(
    session: Session, *, site_id: int, started_on: dt.date, end: dt.date
) -> tuple[int, int]:
    """Visits by women and trans women in the analysis window before and after the start."""
    weekly = attendance_counts(
        session,
        site_id=site_id,
        freq="week",
        start=started_on - dt.timedelta(weeks=impact.BASELINE_WEEKS),
        end=end,
        genders=WOMEN_GROUPS,
    )
    series = weekly.sum(axis=1)
    start = pd.Timestamp(started_on)
    return int(series[series.index < start].sum()), int(series[series.index >= start].sum())


def _verdict_sentence(verdict: str, name: str) -> str:
    if verdict in (VERDICT_UP, VERDICT_DOWN):
        return f"Visits by women and trans women {verdict} after {name} started."
    if verdict == VERDICT_NONE:
        return f"There was little or no change in visits by women and trans women after {name}."
    return f"We can't tell yet whether visits by women and trans women changed after {name}."


def _not_enough(name: str) -> str:
    return (
        f"There are not yet enough attendance records before and after {name} started to say "
        "whether visits by women and trans women changed."
    )


def _shareable_summary(
    session: Session, item: AdaptationItem, row: impact.OverviewRow | None, *, k: int,
    as_of: dt.date,
) -> ImpactSummary:  # fmt: skip
    base = _impact_base(item)
    name = f"“{item.name}”"
    if row is None or row.state == "no data" or not row.verdict:
        return ImpactSummary(**base, verdict=None, change=None, text=_not_enough(name))
    if row.state == "too_early":
        text = (
            f"It is too early to tell whether visits by women and trans women changed after "
            f"{name} started."
        )
        return ImpactSummary(**base, verdict=None, change=None, text=text)
    before, after = _women_totals(
        session, site_id=item.site_id, started_on=item.started_on, end=as_of
    )
    # A percentage computed from a hidden count is hidden too (issue 6).
    hidden = privacy.is_small(before, k) or privacy.is_small(after, k) or not row.change
    parts = [_verdict_sentence(row.verdict, name)]
    change = None if hidden else row.change
    if change is not None:
        parts.append(f"Compared with the pattern before, the change was {change}.")
    parts.append(caveat_sentence(pd.Timestamp(item.started_on), "W", row.other_changes))
    return ImpactSummary(**base, verdict=row.verdict, change=change, text=" ".join(parts))


def _internal_summary(
    session: Session, item: AdaptationItem, *, k: int, as_of: dt.date
) -> ImpactSummary:
    base = _impact_base(item)
    try:
        analysed = impact.analyse(session, adaptation_id=item.id, k=k, today=as_of)
    except ValueError as exc:
        return ImpactSummary(**base, verdict=None, change=None, text=str(exc))
    result = analysed.primary.result
    if result is None:
        reason = analysed.primary.reason or _not_enough(f"“{item.name}”")
        return ImpactSummary(**base, verdict=None, change=None, text=reason)
    change = (
        None
        if result.state == "too_early"
        else f"{format_percent(result.level_change)} ({format_range(result.level_change_ci)})"
    )
    return ImpactSummary(
        **base,
        verdict=None if result.state == "too_early" else result.verdict,
        change=change,
        text=result.summary,
    )


def _impact_base(item: AdaptationItem) -> dict[str, object]:
    return {
        "adaptation": item.name,
        "kind": item.kind,
        "site": item.site,
        "started_on": item.started_on,
        "ended_on": item.ended_on,
    }


def impact_summaries(
    session: Session,
    *,
    site_ids: Sequence[int] | None,
    in_place_from: dt.date | None,
    in_place_to: dt.date,
    k: int,
    shareable: bool,
) -> tuple[ImpactSummary, ...]:
    """Summaries for the adaptations at the sites in place at some time in the range.

    The estimates are the impact page's own (:mod:`advisory.services.impact`), made with the
    records up to ``in_place_to`` (whole weeks only). Its baseline reaches back up to two
    years before each start, also before a link's first date: the funder sees the resulting
    verdict and relative change, never those records.

    Shareable: the verdict and the relative change only (no counts, so nothing here can be
    combined with an attendance table), and no change when the visits before or after the
    start are 1..k-1 (a percentage from a hidden count is hidden). Internal: the impact
    page's plain-language summary.
    """
    items = adaptations_in_place(session, site_ids=site_ids, start=in_place_from, end=in_place_to)
    if not items:
        return ()
    # why +1 day: the impact service counts whole periods before its `today`.
    as_of = in_place_to + dt.timedelta(days=1)
    if not shareable:
        return tuple(_internal_summary(session, item, k=k, as_of=as_of) for item in items)
    rows = {row.adaptation_id: row for row in impact.overview(session, k=k, today=as_of)}
    return tuple(
        _shareable_summary(session, item, rows.get(item.id), k=k, as_of=as_of) for item in items
    )


# --- the funder view --------------------------------------------------------------------------


def build(session: Session, scope: ShareScope, *, today: dt.date | None = None) -> SharedContent:
    """The funder view's content for a valid link's scope, every number protected."""
    today = today or clock.today()
    k = k_for(session)
    end = min(scope.date_to, today) if scope.date_to else today
    recs = None
    if scope.covers("recommendations"):
        recs = recommendation_progress(
            session,
            site_ids=scope.site_ids,
            date_from=scope.date_from,
            date_to=end,
            k=k,
            today=today,
            as_of=scope.date_to if scope.date_to and scope.date_to < today else None,
        )
    attendance = None
    if scope.covers("attendance"):
        attendance = attendance_trends(
            session, site_ids=scope.site_ids, date_from=scope.date_from, date_to=end, k=k
        )
    impact_items = None
    if scope.covers("impact"):
        impact_items = impact_summaries(
            session,
            site_ids=scope.site_ids,
            in_place_from=scope.date_from,
            in_place_to=end,
            k=k,
            shareable=True,
        )
    return SharedContent(
        organisation=organisation.settings(session).name,
        k=k,
        covers=describe_scope(scope),
        expires_on=scope.expires_at.date(),
        sections=scope.sections,
        recommendations=recs,
        attendance=attendance,
        impact=impact_items,
        # Only the recommendation table uses secondary suppression (attendance has no totals).
        note=privacy.suppression_note(k, secondary=scope.covers("recommendations")),
    )
