"""The table of all adaptations on the impact page: one row each, women's change at its site.

The same analysis as the detail page's women's visits (same checks, same words), made by
:func:`advisory.services.impact_fits.women_outcome`; split from :mod:`advisory.services.impact`
(issue 11). `choices` and `data_version` serve the page: what it offers to pick, and a cheap
value that changes whenever anything the analyses read changes (the page's cache key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.analysis import DataState
from advisory.analysis.wording import caveat_flags, format_percent, format_range, public_reasons
from advisory.db import reads
from advisory.i18n import N_
from advisory.models import Adaptation, AttendanceRecord, ImportBatch, OpenTime, Service, Site
from advisory.services import attendance, organisation, service_list
from advisory.services.adaptations import get_adaptation
from advisory.services.impact_fits import women_outcome
from advisory.services.impact_series import (
    analysis_window,
    not_recorded_share_sentence,
    other_names,
    other_windows,
    site_series,
)


@dataclass(frozen=True)
class OverviewRow:
    adaptation_id: int
    name: str
    site: str
    start_on: dt.date
    state: str  # a key ("no data" is compared); translate where shown
    change: str  # e.g. "+48% (likely range +25% to +90%)"
    verdict: str
    other_changes: tuple[str, ...] = ()  # other adaptations at the site within the window
    #: Why the verdict is "we can't tell yet" and what to keep in mind, as short phrases.
    caveats: tuple[str, ...] = ()
    #: Data quality: gender not recorded before and after, closed or missing periods.
    quality: tuple[str, ...] = ()
    #: The reasons as whole sentences without any count (safe for a share link).
    public_reasons: tuple[str, ...] = ()


@reads
def overview(
    session: Session, *, k: int = 5, today: dt.date | None = None, phase_in: int = 0
) -> list[OverviewRow]:
    """One row per adaptation: women's change at its site, its likely range and its caveats.

    The same analysis as the detail page's women's visits (same checks, same words).
    """
    rows = []
    ids = session.scalars(select(Adaptation.id).order_by(Adaptation.start_on)).all()
    for adaptation_id in ids:
        info = get_adaptation(session, adaptation_id)
        # Weekly where the site reports days or weeks; monthly where it reports months only.
        weekly = attendance.covered_span(session, site_id=info.site_id, freq="week")
        freq = "week" if weekly is not None else "month"
        start, end = analysis_window(session, info.site_id, info, freq, today or clock.today())
        warnings: list[str] = []
        site = site_series(session, info.site_id, freq, start, end, None, warnings)
        windows = other_windows(session, info, start, end)
        others = tuple(other_names(windows))
        outcome = women_outcome(site, info, windows, phase_in=phase_in, k=k)
        r = outcome.result
        head = (info.id, info.name, info.site_name, info.start_on)
        if r is None:
            rows.append(OverviewRow(*head, N_("no data"), outcome.reason or "", "", others))
            continue
        flags = caveat_flags(r)
        quality = tuple(
            q for q in (not_recorded_share_sentence(site.by_gender, info.start_on),) if q
        )
        quality += tuple(warnings)
        extra = {"caveats": tuple(flags), "quality": quality, "public_reasons": public_reasons(r)}
        if r.state == DataState.TOO_EARLY:
            rows.append(OverviewRow(*head, r.state.value, "", r.verdict.value, others, **extra))  # type: ignore[arg-type]
        else:
            change = f"{format_percent(r.after_ratio)} ({format_range(r.after_ratio_ci)})"
            if not r.likely_ranges:
                change = ""
            rows.append(OverviewRow(*head, r.state.value, change, r.verdict.value, others, **extra))  # type: ignore[arg-type]
    return rows


@dataclass(frozen=True)
class ImpactChoices:
    """What the impact page offers: the small-number threshold, sites and services to pick."""

    k: int
    sites: tuple[tuple[int, str], ...]
    services: tuple[tuple[int, str], ...]


@reads
def choices(session: Session) -> ImpactChoices:
    return ImpactChoices(
        k=organisation.small_number_k(session),
        sites=tuple((x.id, x.name) for x in organisation.list_sites(session)),
        services=tuple((x.id, x.name) for x in service_list.list_services(session)),
    )


@reads
def data_version(session: Session) -> tuple[object, ...]:
    """A value that changes when anything the impact analyses read changes, read in a few ms.

    why (issue 13, item 5): the analyses take seconds at a million rows, so the page caches them
    keyed on this. Attendance rows are only added or removed (imports and the tally grid write
    new rows under a new import batch, an undo deletes a batch's rows and marks it undone), so
    the newest attendance id, the newest batch and the undone batches change with every write;
    counting or summing a million rows would cost as much as the analysis saves. The small
    tables (open days, adaptations, sites, services) are summed whole. Today's date is part of
    it because the analysis window ends today.
    """
    a, b, o = AttendanceRecord, ImportBatch, OpenTime
    newest = session.scalar(select(func.max(a.id)))
    batches = session.execute(
        select(func.max(b.id), func.count(b.undone_at), func.max(b.undone_at))
    ).one()
    open_time = session.execute(
        select(
            func.count(o.id),
            func.max(o.id),
            func.sum(func.coalesce(o.open_days, 0) * o.id),
            func.sum(func.coalesce(o.open_hours, 0) * o.id),
        )
    ).one()
    adapted = session.execute(
        select(func.count(Adaptation.id), func.max(Adaptation.id), func.sum(Adaptation.version))
    ).one()
    names = tuple(session.execute(select(Site.id, Site.name).order_by(Site.id)).all())
    services = session.scalar(select(func.count(Service.id)))
    return (
        clock.today(),
        newest,
        *batches,
        *open_time,
        *adapted,
        names,
        services,
    )
