"""The quarterly report: one quarter of the group's work, gathered for printing.

Two versions (issue 6):

* **internal**, for the group and directors: exact numbers, meetings with who was there, the
  decisions and the minutes, recommendation owners, the full impact wording;
* **shareable**, for funders: every count protected (1..k-1 written "<k"), no minutes, no
  comments, no member or user names. It is built from the allowlisted queries of
  :mod:`advisory.services.shared_recommendations`, :mod:`advisory.services.shared_attendance`
  and :mod:`advisory.services.share_content` and, when made for a share link, only from that
  link's sites, dates and sections. Its attendance rows are the very rows the funder view
  shows for the same periods (same period length, whole periods, single counts without
  totals), so the report and the view always agree.

Gathering is :func:`build` (here); drawing the self-contained HTML is
:func:`advisory.reports.quarterly_html.render_html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock, i18n, privacy
from advisory.db import reads
from advisory.i18n import _, pgettext
from advisory.models import AttendanceRecord, Meeting, Recommendation, Site
from advisory.periods import Quarter, period_start
from advisory.services import adaptations as adaptations_service
from advisory.services import meeting_views, organisation, recommendation_views, referral_work
from advisory.services.referral_work import WorkSummary
from advisory.services.share_content import (
    AdaptationItem,
    ImpactSummary,
    adaptations_in_place,
    impact_summaries,
)
from advisory.services.share_links import SECTION_LABELS, SECTIONS, ShareScope
from advisory.services.shared_attendance import (
    AttendanceTrend,
    attendance_counts,
    exact_rows,
    protect_cells,
    shared_granularity,
)
from advisory.services.shared_headline import figures as headline_figures
from advisory.services.shared_headline import headline
from advisory.services.shared_output import as_date, day_text, k_for, site_names
from advisory.services.shared_recommendations import recommendation_items

TREND_QUARTERS = 4  # the chosen quarter and the three before it: a year of trend


@dataclass(frozen=True)
class ReportScope:
    """What a report may cover. The default is everything (the Reports page)."""

    site_ids: tuple[int, ...] | None = None  # None: every site
    sections: tuple[str, ...] = SECTIONS
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def from_share(cls, scope: ShareScope) -> ReportScope:
        return cls(
            site_ids=scope.site_ids,
            sections=scope.sections,
            date_from=scope.date_from,
            date_to=scope.date_to,
        )

    def covers(self, section: str) -> bool:
        return section in self.sections


@dataclass(frozen=True)
class MeetingLine:
    """Internal version only."""

    held_on: dt.date
    format: str
    present: str
    guests: int
    women_consulted: int
    methods: str
    decisions: str
    minutes: str


@dataclass(frozen=True)
class RecommendationLine:
    title: str
    category: str
    status: str
    raised_on: dt.date
    responded_on: dt.date | None
    done_on: dt.date | None
    verified_on: dt.date | None
    owner: str | None = None  # internal version only


@dataclass(frozen=True)
class QuarterlyReport:
    organisation: str
    quarter: Quarter
    shareable: bool
    k: int
    generated_on: dt.date
    covers: tuple[str, ...]
    sections: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    meetings: tuple[MeetingLine, ...] = ()
    recommendations: tuple[RecommendationLine, ...] = ()
    adaptations: tuple[AdaptationItem, ...] = ()
    attendance: tuple[AttendanceTrend, ...] = ()
    impact: tuple[ImpactSummary, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    work: WorkSummary | None = None  # "Working with other services" (issue 12)

    @property
    def version(self) -> str:
        return "shareable" if self.shareable else "internal"

    @property
    def filename(self) -> str:
        return f"quarterly-report-{self.quarter.year}-Q{self.quarter.number}-{self.version}.html"


# --- which quarters ---------------------------------------------------------------------------


@reads
def available_quarters(
    session: Session, *, scope: ReportScope | None = None, today: dt.date | None = None
) -> list[Quarter]:
    """Quarters with records, newest first: from the quarter of the first meeting, recommendation
    or attendance record (at the scope's sites) to that of the last one (not after today), cut
    to the scope's dates. Empty when there is nothing yet."""
    scope = scope or ReportScope()
    today = today or clock.today()
    a, r = AttendanceRecord, Recommendation
    # why per site (issue 13): min/max over the whole table scanned a million rows (1.2 s);
    # per site, each is one look-up in the (site_id, period_start) index.
    sites = select(Site.id)
    if scope.site_ids is not None:
        sites = sites.where(Site.id.in_(list(scope.site_ids)))
    first_at = select(func.min(a.period_start)).where(a.site_id == Site.id).scalar_subquery()
    last_at = select(func.max(a.period_start)).where(a.site_id == Site.id).scalar_subquery()
    per_site = (
        select(first_at.label("first"), last_at.label("last")).where(Site.id.in_(sites)).subquery()
    )
    attendance = select(func.min(per_site.c.first), func.max(per_site.c.last))
    bounds = [
        *session.execute(select(func.min(Meeting.held_on), func.max(Meeting.held_on))).one(),
        *session.execute(attendance).one(),
        *session.execute(
            select(
                func.min(r.raised_on),
                func.max(r.raised_on),
                func.max(r.responded_on),
                func.max(r.done_on),
                func.max(r.verified_on),
            )
        ).one(),
    ]
    known = [as_date(d) for d in bounds if d is not None]
    if not known:
        return []
    first, last = min(known), min(max(known), today)
    if scope.date_from is not None:
        first = max(first, scope.date_from)
    if scope.date_to is not None:
        last = min(last, scope.date_to)
    if first > last:
        return []
    quarters = []
    q = Quarter.of(last)
    while q >= Quarter.of(first):
        quarters.append(q)
        q = q.previous()
    return quarters


# --- building ---------------------------------------------------------------------------------


def _scope_end(scope: ReportScope, today: dt.date) -> dt.date:
    return min(scope.date_to, today) if scope.date_to else today


def _covers(scope: ReportScope, session: Session) -> tuple[str, ...]:
    separator = pgettext("list separator", ", ")
    if scope.site_ids is None:
        sites = _("all sites")
    else:
        names = site_names(session, scope.site_ids)
        sites = separator.join(names.get(i, _("A removed site")) for i in scope.site_ids) or _(
            "no site"
        )
    lines = [_("Sites: {sites}").format(sites=sites)]
    if scope.date_from or scope.date_to:
        lines.append(
            _("Dates: {start} to {end}").format(
                start=day_text(scope.date_from) if scope.date_from else _("the first records"),
                end=day_text(scope.date_to) if scope.date_to else _("today"),
            )
        )
    sections = separator.join(_(SECTION_LABELS[s]) for s in scope.sections)
    lines.append(_("Sections: {sections}").format(sections=sections))
    return tuple(lines)


def _active_in(q: Quarter, *days: dt.date | None) -> bool:
    return any(q.contains(d) for d in days)


@reads
def build(
    session: Session,
    *,
    quarter: Quarter,
    shareable: bool,
    scope: ReportScope | None = None,
    today: dt.date | None = None,
    with_impact: bool = True,
    trend_quarters: int = TREND_QUARTERS,
) -> QuarterlyReport:
    """Gather one quarter's report. ``shareable`` protects every count and drops minutes/names.

    ``with_impact=False`` leaves out the impact estimates (the Reports page's preview: they
    take seconds at a million rows, and the Impact page shows them); ``trend_quarters``
    how many quarters of attendance, ending with this one, the tables show.

    ``scope`` limits sites, dates and sections (a share link's scope for the funder view);
    the internal version always covers everything.
    """
    today = today or clock.today()
    scope = scope if (scope is not None and shareable) else ReportScope()
    k = k_for(session)
    end = _scope_end(scope, today)
    window_end = min(quarter.end, end)
    window_start = max(quarter.start, scope.date_from) if scope.date_from else quarter.start

    figures: list[tuple[str, str]] = []
    meeting_lines: tuple[MeetingLine, ...] = ()
    rec_lines: tuple[RecommendationLine, ...] = ()
    adaptations: tuple[AdaptationItem, ...] = ()
    attendance: tuple[AttendanceTrend, ...] = ()
    impact: tuple[ImpactSummary, ...] = ()

    def people(n: int) -> str:
        """A count of people: protected in the shareable version."""
        return privacy.format_count(n, k) if shareable else i18n.format_number(n)

    # Counts of meetings, recommendations and adaptations identify no one: exact in both
    # versions (issue 13); the recommendation figures come from shared_headline.
    count = privacy.format_exact

    if scope.covers("recommendations"):
        held = [
            m
            for m in meeting_views.list_meetings(session)
            if window_start <= m.held_on <= window_end
        ]
        figures.append((_("Meetings held"), count(len(held))))
        figures.append((_("Women consulted"), people(sum(m.women_consulted for m in held))))
        if not shareable:
            meeting_lines = tuple(
                MeetingLine(
                    held_on=m.held_on,
                    format=m.format,
                    present=", ".join(m.member_names),
                    guests=m.guests,
                    women_consulted=m.women_consulted,
                    methods=", ".join(m.consultation_methods),
                    decisions=m.decisions,
                    minutes=m.minutes,
                )
                for m in sorted(held, key=lambda m: m.held_on)
            )
        rec_lines = _recommendation_lines(
            session,
            quarter=quarter,
            shareable=shareable,
            scope=scope,
            end=window_end,
            # A link whose dates have ended shows recommendations as they stood then.
            as_of=scope.date_to if scope.date_to and scope.date_to < today else None,
        )
    if scope.covers("impact"):
        adaptations = _adaptations(
            session, shareable=shareable, scope=scope, start=window_start, end=window_end
        )
        impact = (
            ()
            if not with_impact
            else impact_summaries(
                session,
                site_ids=scope.site_ids,
                in_place_from=window_start,
                in_place_to=window_end,
                k=k,
                shareable=shareable,
            )
        )
    # The same headline as the funder view, for what happened in this quarter (issue 13).
    top = headline(
        rec_lines if scope.covers("recommendations") else None,  # type: ignore[arg-type]
        adaptations_in_place=len(adaptations) if scope.covers("impact") else None,
        within=quarter.contains,
    )
    figures = [*headline_figures(top), *figures]
    if scope.covers("attendance"):
        attendance = _attendance(
            session,
            quarter=quarter,
            shareable=shareable,
            scope=scope,
            end=end,
            k=k,
            quarters=trend_quarters,
        )
    notes = [
        _("Shareable version: no minutes, comments or names. {suppression}").format(
            suppression=privacy.suppression_note(k, secondary=False)
        )
        if shareable
        else _(
            "Internal version: it contains minutes and names. Keep it within the group and "
            "the directors; use the shareable version for anyone else."
        )
    ]
    return QuarterlyReport(
        organisation=organisation.settings(session).name,
        quarter=quarter,
        shareable=shareable,
        k=k,
        generated_on=today,
        covers=_covers(scope, session),
        sections=scope.sections,
        figures=tuple(figures),
        meetings=meeting_lines,
        recommendations=rec_lines,
        adaptations=adaptations,
        attendance=attendance,
        impact=impact,
        notes=tuple(notes),
        # issue 12: with the group's work; shareable: people counts protected, no typed text.
        work=referral_work.summary(session, quarter=quarter, shared=shareable)
        if scope.covers("recommendations")
        else None,
    )


def _adaptations(
    session: Session, *, shareable: bool, scope: ReportScope, start: dt.date, end: dt.date
) -> tuple[AdaptationItem, ...]:
    """In place at some time in [start, end]. Internal: with the weekly schedule too.

    why not in the shareable version: "women-only, Tuesdays 9 to 1" tells an outsider when
    and where to find women who use drugs.
    """
    if shareable:
        return tuple(adaptations_in_place(session, site_ids=scope.site_ids, start=start, end=end))
    views = adaptations_service.list_adaptations(session)
    return tuple(
        AdaptationItem(
            id=v.id,
            name=v.name,
            kind=v.type,
            site_id=v.site_id,
            site=v.site_name,
            started_on=v.start_on,
            ended_on=v.end_on,
            schedule=v.schedule,
        )
        for v in sorted(views, key=lambda v: (v.start_on, v.id))
        if v.start_on <= end and (v.end_on is None or v.end_on >= start)
    )


def _recommendation_lines(
    session: Session,
    *,
    quarter: Quarter,
    shareable: bool,
    scope: ReportScope,
    end: dt.date,
    as_of: dt.date | None,
) -> tuple[RecommendationLine, ...]:
    """Recommendations raised, answered, done or verified in the quarter."""
    if shareable:
        items = recommendation_items(
            session,
            site_ids=scope.site_ids,
            date_from=scope.date_from,
            date_to=end,
            as_of=as_of,
        )
        return tuple(
            RecommendationLine(
                title=i.title,
                category=i.category,
                status=i.status_label,
                raised_on=i.raised_on,
                responded_on=i.responded_on,
                done_on=i.done_on,
                verified_on=i.verified_on,
            )
            for i in items
            if _active_in(quarter, i.raised_on, i.responded_on, i.done_on, i.verified_on)
        )
    views = recommendation_views.list_recommendations(session)
    return tuple(
        RecommendationLine(
            title=v.title,
            category=v.category,
            status=v.status_label,
            raised_on=v.raised_on,
            responded_on=v.responded_on,
            done_on=v.done_on,
            verified_on=v.verified_on,
            owner=v.owner,
        )
        for v in views
        if v.raised_on <= end
        and _active_in(quarter, v.raised_on, v.responded_on, v.done_on, v.verified_on)
    )


def _attendance(
    session: Session,
    *,
    quarter: Quarter,
    shareable: bool,
    scope: ReportScope,
    end: dt.date,
    k: int,
    quarters: int = TREND_QUARTERS,
) -> tuple[AttendanceTrend, ...]:
    """Per site, the attendance of the last ``quarters`` quarters up to this one, summed in
    SQL over those quarters only (issue 13: the whole history was read and then cut)."""
    if scope.site_ids is not None:
        site_ids: Sequence[int] = scope.site_ids
    else:
        site_ids = [s.id for s in organisation.list_sites(session)]
    names = site_names(session, site_ids)
    trend_start = quarter.previous(quarters - 1).start
    if scope.date_from is not None:
        trend_start = max(trend_start, scope.date_from)
    window_end = min(quarter.end, end)
    trends = []
    for site_id in site_ids:
        if shareable:
            # The same period length and the same whole periods as the funder view.
            granularity = shared_granularity(
                session, site_id=site_id, k=k, start=scope.date_from, end=end
            )
        else:
            granularity = "month"
        first = pd.Timestamp(period_start(trend_start, granularity))
        counts = attendance_counts(
            session,
            site_id=site_id,
            freq=granularity,
            start=max(first.date(), scope.date_from) if scope.date_from else first.date(),
            end=window_end,
        )
        if counts.empty:
            continue
        rows = counts[(counts.index >= first) & (counts.index <= pd.Timestamp(quarter.end))]
        if rows.empty:
            continue
        table = protect_cells(rows, k, granularity) if shareable else exact_rows(rows, granularity)
        trends.append(
            AttendanceTrend(
                site=names.get(site_id, _("A removed site")),
                granularity=granularity,
                table=table,
            )
        )
    return tuple(trends)
