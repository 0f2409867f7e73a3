"""What a funder sees through a share link, built from an allowlist and protected.

Issue 6: the funder view and the shareable report show ONLY

* recommendation titles, categories, statuses, dates and progress figures;
* attendance trends by gender group;
* impact summaries of adaptations (name, kind, site, dates, verdict, relative change).

Never minutes, comments, descriptions, rationales, member names, user names or audit data.
The allowlist is enforced where the data is read: the queries here and in
:mod:`advisory.services.shared_recommendations` and :mod:`advisory.services.shared_attendance`
select the allowed columns and nothing else (the internal report uses the other services
instead). This module gathers the funder view from them and makes the impact summaries, the
one exception: the impact estimate, made by :mod:`advisory.services.impact` as on the Impact
page, of which only the verdict and relative change are copied, never its text.

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
from typing import TypedDict

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from advisory import clock, privacy
from advisory.analysis.verdicts import DataState, Verdict
from advisory.analysis.wording import (
    caveat_sentence,
    format_percent,
    format_range,
)
from advisory.db import reads
from advisory.i18n import N_, _
from advisory.models import Adaptation, Site
from advisory.services import impact, organisation
from advisory.services.share_links import SECTION_LABELS, ShareScope
from advisory.services.shared_attendance import (
    AttendanceTrend,
    attendance_counts,
    attendance_trends,
)
from advisory.services.shared_headline import Headline, headline
from advisory.services.shared_output import as_date, day_text, k_for
from advisory.services.shared_recommendations import (
    RecommendationProgress,
    recommendation_progress,
)

WOMEN_GROUPS: tuple[str, ...] = ("woman", "trans_woman")
IMPACT_LABEL = N_("visits by women and trans women")


@dataclass(frozen=True)
class ImpactSummary:
    adaptation: str
    kind: str
    site: str
    started_on: dt.date
    ended_on: dt.date | None
    verdict: str | None  # went up, went down, little or no change, we can't tell yet; None
    change: str | None  # "+31% (likely range +6% to +62%)", None when hidden or unknown
    text: str  # the verdict with its reasons and caveats (the report, "why" under the sentence)
    sentence: str = ""  # one short sentence: the verdict and, when shown, its likely range

    @property
    def short(self) -> str:
        """The one sentence a funder reads first (issue 13)."""
        return self.sentence or self.text


@dataclass(frozen=True)
class SharedContent:
    """Everything the funder view shows, already protected."""

    organisation: str
    k: int
    covers: tuple[str, ...]
    expires_on: dt.date
    sections: tuple[str, ...]
    headline: Headline | None
    recommendations: RecommendationProgress | None
    attendance: tuple[AttendanceTrend, ...] | None
    impact: tuple[ImpactSummary, ...] | None
    note: str


def describe_scope(scope: ShareScope) -> tuple[str, ...]:
    """Plain sentences saying what a link covers (for the funder view's header)."""
    sites = ", ".join(scope.site_names) if scope.site_names else _("no site")
    if scope.date_from and scope.date_to:
        dates = _("from {start} to {end}").format(
            start=day_text(scope.date_from), end=day_text(scope.date_to)
        )
    elif scope.date_from:
        dates = _("from {start} onwards").format(start=day_text(scope.date_from))
    elif scope.date_to:
        dates = _("up to {end}").format(end=day_text(scope.date_to))
    else:
        dates = _("all dates")
    return (
        _("Sites: {sites}").format(sites=sites),
        _("Dates: {dates}").format(dates=dates),
        _("Sections: {sections}").format(
            sections=", ".join(_(SECTION_LABELS[s]) for s in scope.sections)
        ),
    )


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


@reads
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
            started_on=as_date(started),
            ended_on=as_date(ended) if ended else None,
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


#: The funder view's verdict sentences (same verdicts as the impact page, no counts).
SHARED_VERDICTS: dict[Verdict, str] = {
    Verdict.UP: N_("Visits by women and trans women went up after {name} started."),
    Verdict.DOWN: N_("Visits by women and trans women went down after {name} started."),
    Verdict.NONE: N_(
        "There was little or no change in visits by women and trans women after {name}."
    ),
    Verdict.CANT_TELL: N_(
        "We can't tell yet whether visits by women and trans women changed after {name}."
    ),
}
SHARED_CHANGE = N_("Compared with the pattern before, the change was {change}.")
#: The short sentence: the verdict, then the change and its likely range when they are shown.
SHORT_WITH_CHANGE = N_("{verdict}: {change}.")


def _short(verdict_sentence: str, change: str | None) -> str:
    if not change:
        return verdict_sentence
    return _(SHORT_WITH_CHANGE).format(verdict=verdict_sentence.rstrip("."), change=change)


def _verdict_sentence(verdict: str, name: str) -> str:
    return _(SHARED_VERDICTS[Verdict(verdict)]).format(name=name)


def _quoted(name: str) -> str:
    """An adaptation's name in the language's quotation marks: “Women-only Tuesdays”."""
    return _("“{name}”").format(name=name)


def _not_enough(name: str) -> str:
    return _(
        "There are not yet enough attendance records before and after {name} started to say "
        "whether visits by women and trans women changed."
    ).format(name=name)


def _shareable_summary(
    session: Session,
    item: AdaptationItem,
    row: impact.OverviewRow | None,
    *,
    k: int,
    as_of: dt.date,
) -> ImpactSummary:
    base = _impact_base(item)
    name = _quoted(item.name)
    if row is None or row.state == "no data" or not row.verdict:
        return ImpactSummary(**base, verdict=None, change=None, text=_not_enough(name))
    if row.state == DataState.TOO_EARLY:
        text = _(
            "It is too early to tell whether visits by women and trans women changed after "
            "{name} started."
        ).format(name=name)
        return ImpactSummary(**base, verdict=None, change=None, text=text)
    before, after = _women_totals(
        session, site_id=item.site_id, started_on=item.started_on, end=as_of
    )
    # A percentage computed from a hidden count is hidden too (issue 6).
    hidden = privacy.is_small(before, k) or privacy.is_small(after, k) or not row.change
    parts = [_verdict_sentence(row.verdict, name)]
    # The same reasons and caveats as the impact page, in sentences without counts (issue 9).
    parts += list(row.public_reasons)
    change = None if hidden else row.change
    if change is not None:
        parts.append(_(SHARED_CHANGE).format(change=change))
    parts.append(caveat_sentence(pd.Timestamp(item.started_on), "W", row.other_changes))
    return ImpactSummary(
        **base,
        verdict=row.verdict,
        change=change,
        text=" ".join(parts),
        sentence=_short(parts[0], change),
    )


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
        reason = analysed.primary.reason or _not_enough(_quoted(item.name))
        return ImpactSummary(**base, verdict=None, change=None, text=reason)
    # The same number as the impact page and its overview: the after-period change, shown
    # only where the page shows it with a likely range.
    change = (
        f"{format_percent(result.after_ratio)} ({format_range(result.after_ratio_ci)})"
        if result.likely_ranges
        else None
    )
    return ImpactSummary(
        **base,
        verdict=None if result.state == DataState.TOO_EARLY else result.verdict,
        change=change,
        text=result.summary,
    )


class _ImpactBase(TypedDict):
    """The fields of an ImpactSummary that name the adaptation."""

    adaptation: str
    kind: str
    site: str
    started_on: dt.date
    ended_on: dt.date | None


def _impact_base(item: AdaptationItem) -> _ImpactBase:
    return {
        "adaptation": item.name,
        "kind": item.kind,
        "site": item.site,
        "started_on": item.started_on,
        "ended_on": item.ended_on,
    }


@reads
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


@reads
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
            today=today,
            as_of=scope.date_to if scope.date_to and scope.date_to < today else None,
        )
    in_place = None
    if scope.covers("impact"):
        # In place on the link's last day (today for a link without an end).
        in_place = len(adaptations_in_place(session, site_ids=scope.site_ids, start=end, end=end))
    top = None
    if recs is not None or in_place is not None:
        top = headline(recs.items if recs else None, adaptations_in_place=in_place)  # type: ignore[arg-type]
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
        headline=top,
        recommendations=recs,
        attendance=attendance,
        impact=impact_items,
        # Attendance has no totals, so no secondary suppression; recommendations are exact.
        note=privacy.suppression_note(k, secondary=False),
    )
