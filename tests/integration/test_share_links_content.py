"""What a share link shows, on SQLite and PostgreSQL: the allowlist, small-number protection,
the link's scope, and impact summaries without counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from advisory.db import session_scope
from advisory.models import (
    Adaptation,
    AdvisoryGroup,
    AttendanceRecord,
    Category,
    Meeting,
    OrganisationSettings,
    Period,
    Recommendation,
    RecommendationEvent,
    Service,
    Site,
)
from advisory.reports import funder_charts, funder_view
from advisory.services import share_content, share_links, shared_attendance
from tests.factories import ORGANISATION, SECRETS, SITE_A, SITE_B, SITE_C, TEST_ADMIN, TODAY

NOW = dt.datetime(2025, 7, 15, 9, 0)


def flatten(value: object) -> str:
    """All text a content object carries: fields, table cells, index and column labels."""
    if dataclasses.is_dataclass(value):
        return "\n".join(flatten(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, pd.DataFrame):
        return "\n".join(
            [*map(str, value.columns), *map(str, value.index), *map(str, value.to_numpy().ravel())]
        )
    if isinstance(value, list | tuple):
        return "\n".join(flatten(v) for v in value)
    return str(value)


def _scope(engine: Engine, **kwargs: Any) -> share_links.ShareScope:
    created = share_links.create(engine, label="Funder", actor=TEST_ADMIN, now=NOW, **kwargs)
    scope = share_links.resolve(engine, created.token, now=NOW)
    assert scope is not None
    return scope


def _build(engine: Engine, scope: share_links.ShareScope) -> share_content.SharedContent:
    return share_content.build(engine, scope, today=TODAY)


def test_the_funder_view_carries_only_allowlisted_fields(engine, share_world):
    content = _build(engine, _scope(engine))
    text = flatten(content)
    leaked = [secret for secret in SECRETS if secret.lower() in text.lower()]
    assert leaked == []
    assert content.organisation == ORGANISATION
    titles = [item.title for item in content.recommendations.items]
    assert titles == [
        "Women staff at the front desk",
        "Women-only Tuesdays at the drop-in",
        "Unmarked outreach vehicle",
        "Clinic evening hours",
        "Childcare corner",
    ]
    first = content.recommendations.items[0]
    assert dataclasses.asdict(first) == {
        "title": "Women staff at the front desk",
        "category": "Women-only space or time",
        "status": "verified",
        "status_label": "Verified by the group",
        "raised_on": dt.date(2023, 5, 10),
        "responded_on": dt.date(2023, 6, 1),
        "due_on": None,
        "done_on": dt.date(2023, 9, 1),
        "verified_on": dt.date(2023, 11, 8),
    }
    assert content.covers == (
        f"Sites: {SITE_A}, {SITE_B}, {SITE_C}",
        "Dates: all dates",
        "Sections: Recommendation progress, Attendance trends, Impact of adaptations",
    )
    assert content.expires_on == dt.date(2025, 10, 13)


def test_the_funder_view_builds_charts_only_for_the_sites_it_draws(
    engine, share_world, monkeypatch
):
    monkeypatch.setattr(funder_view, "CHARTED_SITES", 2)
    view = funder_view.build(engine, _scope(engine), today=TODAY)
    assert view.content.attendance is not None and len(view.content.attendance) == 3
    # The first two sites' figures, exactly as the chart builder draws them.
    assert len(view.charts) == 2
    for trend, figure in zip(view.content.attendance[:2], view.charts, strict=True):
        drawn = funder_charts.women_visits_figure(trend)
        assert figure is not None and drawn is not None
        assert figure.to_json() == drawn.to_json()


def _shown_values(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.to_numpy().ravel()]


def test_counts_of_people_are_protected_and_counts_of_requests_are_exact(engine, share_world):
    """Issue 13: small-number protection is for people (visits), not for recommendations."""
    content = _build(engine, _scope(engine))
    recs = content.recommendations
    visits = [v for t in content.attendance for v in _shown_values(t.table.display)]
    assert visits
    for cell in visits:
        assert cell == "<5" or cell == "0" or int(cell.replace(",", "")) >= 5, cell
    # Every recommendation count here is 1..4, which the old rule hid: now exact.
    assert recs.by_status.display["Recommendations"].to_dict() == {
        "Raised": "1",
        "Under review": "1",
        "Accepted": "0",
        "Partly accepted": "0",
        "Declined": "0",
        "Deferred": "0",
        "In progress": "1",
        "Done": "1",
        "Verified by the group": "1",
        "Reopened": "0",
        "Total": "5",
    }
    assert recs.done_or_verified_pct == "40%"  # 2 of 5
    assert recs.overdue == "1"  # the outreach vehicle was due on 1 May 2025
    assert not recs.by_status.any_hidden and not recs.per_quarter.any_hidden
    assert (content.headline.raised, content.headline.done, content.headline.verified) == (5, 2, 1)


def test_attendance_cells_match_the_true_counts_except_the_small_ones(engine, share_world):
    content = _build(engine, _scope(engine))
    riverside = next(t for t in content.attendance if t.site == SITE_A)
    assert riverside.granularity == "month"  # issue 13: never weeks in a shared output
    with session_scope(engine) as s:
        true = shared_attendance.attendance_counts(
            s, site_id=share_world.site_a, freq="month", end=TODAY
        )
    shown = riverside.table.display
    assert list(shown.columns) == [
        "Women",
        "Trans women",
        "Men",
        "Trans men",
        "Non-binary",
        "Not recorded",
    ]
    assert len(shown) == len(true) == 37
    assert shown.index[0] == "Jul 2022"
    small = 0
    for (_, true_row), (_, shown_row) in zip(true.iterrows(), shown.iterrows(), strict=True):
        for value, text in zip(true_row.tolist(), shown_row.tolist(), strict=True):
            if 1 <= value <= 4:
                small += 1
                assert text == "<5"
            else:
                assert text == f"{value:,}"
    assert small > 10  # trans women and not-recorded counts are small in many months
    numbers = riverside.table.numbers
    assert numbers.isna().sum().sum() == small  # hidden counts are gaps in the chart


def test_a_site_whose_weekly_counts_would_mostly_be_hidden_is_shown_per_month(engine, share_world):
    content = _build(engine, _scope(engine))
    harbour = next(t for t in content.attendance if t.site == SITE_B)
    assert harbour.granularity == "month"
    assert harbour.table.display.index[0] == "Jul 2022"
    assert harbour.table.display.index[-1] == "Jul 2025"
    hilltop = next(t for t in content.attendance if t.site == SITE_C)
    assert hilltop.table.display.empty


def test_the_link_scope_limits_sites_dates_and_sections(engine, share_world):
    scope = _scope(
        engine,
        site_ids=[share_world.site_b],
        sections=["attendance", "recommendations"],
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 3, 31),
    )
    content = _build(engine, scope)
    titles = [item.title for item in content.recommendations.items]
    # The outreach site's recommendation and the service-wide one; nothing from other sites.
    assert titles == ["Unmarked outreach vehicle", "Childcare corner"]
    assert content.impact is None
    assert [t.site for t in content.attendance] == [SITE_B]
    harbour = content.attendance[0]
    assert list(harbour.table.display.index) == ["Jan 2025", "Feb 2025", "Mar 2025"]
    text = flatten(content)
    for other in (SITE_A, SITE_C, "Women-only Tuesdays", "Clinic evening hours"):
        assert other not in text
    assert content.covers == (
        f"Sites: {SITE_B}",
        "Dates: from 1 January 2025 to 31 March 2025",
        "Sections: Recommendation progress, Attendance trends",
    )


def test_the_impact_summary_gives_the_verdict_and_relative_change_but_no_counts(
    engine, share_world
):
    content = _build(engine, _scope(engine, sections=["impact"]))
    assert content.recommendations is None and content.attendance is None
    (summary,) = content.impact
    assert summary.adaptation == "Women-only Tuesdays"
    assert summary.site == SITE_A
    assert summary.verdict == "went up"
    assert re.fullmatch(r"\+\d+% \(likely range \+\d+% to \+\d+%\)", summary.change)
    without_dates_and_percentages = re.sub(r"1 July 2024|[−+]?\d+%", "", summary.text)
    assert not re.search(r"\d", without_dates_and_percentages), summary.text
    assert summary.text.startswith(
        "Visits by women and trans women went up after “Women-only Tuesdays” started. "
        f"Compared with the pattern before, the change was {summary.change}."
    )


def _small_site_with_adaptation(engine: Engine) -> int:
    """A site where women came twice a week for 60 weeks, then 3 times in 12 weeks."""
    with session_scope(engine) as s:
        site = Site(name="Quiet corner")
        service = s.scalars(select(Service).where(Service.name == "outreach contact")).one()
        s.add(site)
        s.flush()
        start = dt.date(2024, 1, 1)
        rows = []
        for week in range(72):
            visits = 2 if week < 60 else (1 if week in (61, 65, 70) else 0)
            day = start + dt.timedelta(weeks=week)
            rows.append(
                {
                    "site_id": site.id,
                    "service_id": service.id,
                    "period": Period.week,
                    "period_start": day,
                    "gender": "woman",
                    "visits": visits,
                }
            )
        s.execute(AttendanceRecord.__table__.insert(), rows)
        s.add(
            Adaptation(
                name="Evening opening",
                type="opening hours",
                site_id=site.id,
                start_on=start + dt.timedelta(weeks=60),
                updated_by="t",
            )
        )
        return site.id


def test_a_change_computed_from_a_hidden_count_is_hidden(engine):
    site_id = _small_site_with_adaptation(engine)
    scope = _scope(engine, site_ids=[site_id], sections=["impact"])
    with session_scope(engine) as s:
        content = share_content.build(s, scope, today=dt.date(2025, 5, 20))
    (summary,) = content.impact
    assert summary.change is None
    assert "%" not in summary.text
    assert not re.search(r"\d", re.sub(r"\d+ \w+ 2025", "", summary.text)), summary.text


def _add_recs(engine: Engine, statuses: dict[str, int]) -> None:
    with session_scope(engine) as s:
        category = s.scalars(select(Category).where(Category.name == "Opening hours")).one()
        group = AdvisoryGroup(name="Group")
        s.add(group)
        s.flush()
        meeting = Meeting(group_id=group.id, held_on=dt.date(2025, 2, 1))
        s.add(meeting)
        s.flush()
        for status, n in statuses.items():
            for i in range(n):
                s.add(
                    Recommendation(
                        meeting_id=meeting.id,
                        title=f"{status} {i}",
                        category_id=category.id,
                        status=status,
                        raised_on=meeting.held_on,
                    )
                )
        s.merge(OrganisationSettings(id=1, name="Org", small_number_k=5))


def test_the_done_percentage_is_shown_when_its_counts_are_shown(engine):
    _add_recs(engine, {"done": 10, "verified": 5, "raised": 5})
    content = _build(engine, _scope(engine, sections=["recommendations"]))
    assert content.recommendations.done_or_verified_pct == "75%"
    assert content.recommendations.by_status.display.loc["Total", "Recommendations"] == "20"


def test_the_done_percentage_is_shown_even_when_its_counts_are_small(engine):
    # Before issue 13 "verified" (2) was hidden, and with it the percentage.
    _add_recs(engine, {"done": 10, "verified": 2, "raised": 8})
    content = _build(engine, _scope(engine, sections=["recommendations"]))
    table = content.recommendations.by_status.display["Recommendations"]
    assert table["Verified by the group"] == "2"
    assert content.recommendations.done_or_verified_pct == "60%"


def test_a_link_whose_dates_have_ended_shows_recommendations_as_they_stood_then(
    engine, share_world
):
    with session_scope(engine) as s:
        for day, status in (
            (dt.datetime(2025, 2, 12, 10), "raised"),
            (dt.datetime(2025, 2, 13, 9), "under_review"),
            (dt.datetime(2025, 2, 20, 16), "accepted"),
            (dt.datetime(2025, 2, 28, 23, 59), "in_progress"),
            (dt.datetime(2025, 3, 15, 11), "done"),
        ):
            s.add(
                RecommendationEvent(
                    recommendation_id=share_world.rec_a,
                    at=day,
                    by="marisol",
                    kind="status",
                    to_status=status,
                    comment="COMMENT-SECRET",
                )
            )
    scope = _scope(engine, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 2, 28))
    content = _build(engine, scope)
    items = {item.title: item for item in content.recommendations.items}
    tuesdays = items["Women-only Tuesdays at the drop-in"]
    assert (tuesdays.status, tuesdays.done_on) == ("in_progress", None)
    assert (tuesdays.responded_on, tuesdays.due_on) == (dt.date(2025, 2, 20), dt.date(2025, 4, 1))
    # No status history: worked out from the dates known on that day.
    vehicle = items["Unmarked outreach vehicle"]
    assert (vehicle.status, vehicle.responded_on) == ("accepted", dt.date(2025, 2, 25))
    counts = content.recommendations.by_status.display["Recommendations"]
    assert counts["Done"] == "0" and counts["In progress"] == "1"
    assert "COMMENT-SECRET" not in flatten(content)
