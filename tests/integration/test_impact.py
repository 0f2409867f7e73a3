"""The impact analyses for one adaptation, on attendance stored in a real database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, insert, update

from advisory.analysis import simulate_counts
from advisory.db import session_scope
from advisory.models import Adaptation, AttendanceRecord, OpenTime, Service, Site
from advisory.services import impact

TODAY = dt.date(2026, 11, 25)
START = dt.date(2025, 9, 2)  # a Tuesday


def _store(engine, site_name: str, series_by_gender: dict[str, pd.Series]) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        site = Site(name=site_name, kind="drop-in centre")
        service = s.query(Service).filter_by(name="drop-in visit").one_or_none()
        if service is None:
            service = Service(name="drop-in visit")
            s.add(service)
        s.add(site)
        s.flush()
        rows = [
            {
                "site_id": site.id,
                "service_id": service.id,
                "period": "day",
                "period_start": day.date(),
                "gender": gender,
                "visits": int(v),
            }
            for gender, series in series_by_gender.items()
            for day, v in series.items()
        ]
        s.execute(insert(AttendanceRecord), rows)
        weeks = pd.date_range(series_by_gender["woman"].index[0], TODAY, freq="W-MON")
        s.execute(
            insert(OpenTime),
            [
                {"site_id": site.id, "period": "week", "period_start": w.date(), "open_days": 5}
                for w in weeks
            ],
        )
        return site.id


def _women_only_tuesday(engine, rate_ratio: float, displacement: float, seed: int) -> int:  # type: ignore[no-untyped-def]
    days = (TODAY - dt.date(2023, 9, 4)).days
    profile = [1.0, 1.0, 1.0, 1.0, 0.8, 0.3, 0.2]
    common = dict(
        start="2023-09-04",
        periods=days,
        freq="D",
        intervention=START,
        weekday_profile=profile,
        seasonal_amplitude=0.15,
        overdispersion=0.02,
    )
    women = simulate_counts(
        base_rate=6,
        rate_ratio=rate_ratio,
        adapted_weekdays=[1],
        displacement=displacement,
        seed=seed,
        **common,
    )
    trans = simulate_counts(base_rate=0.3, seed=seed + 1, **common)
    men = simulate_counts(base_rate=25, seed=seed + 2, **common)
    not_recorded = simulate_counts(base_rate=2, seed=seed + 3, **common)
    site_id = _store(
        engine,
        f"Site {seed}",
        {"woman": women, "trans_woman": trans, "man": men, "not_recorded": not_recorded},
    )
    with session_scope(engine) as s:
        a = Adaptation(
            name="Women-only Tuesday",
            type="women-only day or hours",
            site_id=site_id,
            start_on=START,
            weekdays="1",
        )
        s.add(a)
        s.flush()
        return a.id


def test_a_women_only_day_that_brings_new_women_shows_a_rise_on_that_day(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.2, displacement=0.0, seed=3)
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    assert report.primary.result is not None
    assert report.primary.result.state == "estimate"
    assert report.primary.result.verdict == "went up"
    assert report.weekday is not None
    assert report.weekday.on_day_ci[0] > 1
    assert report.weekday.conclusion == "new visits"
    assert "likely range" in report.primary.result.summary
    assert "significant" not in report.primary.result.summary.lower()
    assert [o.label for o in report.secondary] == [
        "men's visits",
        "visits with gender not recorded",
    ]
    assert report.descriptive is not None
    assert report.descriptive.label == "raw totals, not adjusted for trend or season"
    table = report.analysis_table()
    assert "women's visits: observed" in table.columns
    assert int(table["women's visits: observed"].sum()) == int(
        report.primary.result.frame["observed"].sum()
    )


def test_other_adaptations_at_the_same_site_are_named_and_marked(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.0, displacement=0.0, seed=4)
    with session_scope(engine) as s:
        first = s.get(Adaptation, adaptation_id)
        s.add(
            Adaptation(
                name="Childcare corner",
                type="childcare",
                site_id=first.site_id,
                start_on=dt.date(2025, 11, 3),
            )
        )
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    assert report.other_marks == [(dt.date(2025, 11, 3), "Childcare corner")]
    assert report.other_adaptations == ["Childcare corner (from 03 Nov 2025)"]
    assert "Childcare corner" in report.primary.result.summary
    # It has its own step in the same model, eight weeks after this one (8 apart: separable).
    (other,) = report.primary.result.others
    assert other.modelled and other.separable and other.periods_apart == 8
    assert "Childcare corner, which started on 3 November 2025" in report.primary.result.summary
    with session_scope(engine) as s:
        (row,) = [r for r in impact.overview(s, today=TODAY) if r.adaptation_id == adaptation_id]
    assert "allows for Childcare corner" in row.caveats


def test_closed_weeks_leave_the_estimate_and_weeks_without_open_days_keep_the_usual(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.0, displacement=0.0, seed=6)
    closed_week = dt.date(2024, 12, 23)
    unknown_week = dt.date(2024, 6, 3)
    with session_scope(engine) as s:
        site_id = s.get(Adaptation, adaptation_id).site_id
        s.execute(
            delete(AttendanceRecord).where(
                AttendanceRecord.site_id == site_id,
                AttendanceRecord.period_start >= closed_week,
                AttendanceRecord.period_start < closed_week + dt.timedelta(days=7),
            )
        )
        s.execute(
            update(OpenTime)
            .where(OpenTime.site_id == site_id, OpenTime.period_start == closed_week)
            .values(open_days=0)
        )
        s.execute(
            delete(OpenTime).where(
                OpenTime.site_id == site_id, OpenTime.period_start == unknown_week
            )
        )
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    result = report.primary.result
    assert result.exposure_used  # one closed week no longer drops the open days everywhere
    assert result.closed_periods == 1
    assert bool(result.frame.loc[pd.Timestamp(closed_week), "closed"])
    assert any("1 week had no open days or no records at all" in w for w in result.warnings)
    assert report.warnings == [
        "Open days are not recorded for 1 of the periods with visits, so the usual number (5) "
        "is assumed for them."
    ]


def test_the_not_recorded_visits_reach_the_recording_check(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=1.0, displacement=0.0, seed=9)
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    rec = report.primary.result.recording
    assert rec is not None and not rec.shifted  # steady recording in this series
    assert 0.05 < rec.share_before < 0.09


def test_weeks_before_the_first_and_after_the_last_import_are_not_counted_as_zero(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=1.6, displacement=0.0, seed=8)
    later = TODAY + dt.timedelta(weeks=30)  # no data for the last 30 weeks
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=later)
    frame = report.primary.result.frame
    assert frame.index.min() >= pd.Timestamp("2023-09-04")
    assert frame.index.max() <= pd.Timestamp(TODAY)
    assert report.primary.result.verdict == "went up"


def test_women_only_moving_days_are_not_taken_for_new_visits(engine):
    # Corrected rule (issue 9): other days clearly fell and the net weekly change is not up,
    # so this is women moving days, or we can't tell yet; never "new visits".
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.5, displacement=1.0, seed=11)
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    assert report.weekday is not None
    assert report.weekday.conclusion in ("women moved days", "we can't tell yet")
    assert report.weekday.other_days_ci[1] < 1
    assert "On other days, women's visits went down" in report.weekday.summary


def test_half_the_extra_visits_moved_still_reads_as_new_visits_when_the_week_is_up(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.5, displacement=0.5, seed=11)
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=TODAY)
    assert report.weekday.net_ci[0] > 1
    assert report.weekday.conclusion == "new visits"
    assert "not only women moving days" in report.weekday.summary


def test_a_comparison_site_gives_a_ratio_of_rate_ratios_and_pre_period_series(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=2.0, displacement=0.0, seed=5)
    days = (TODAY - dt.date(2023, 9, 4)).days
    comp = simulate_counts("2023-09-04", days, "D", base_rate=5, seed=99)
    comp_id = _store(engine, "Comparison", {"woman": comp})
    with session_scope(engine) as s:
        report = impact.analyse(
            s, adaptation_id=adaptation_id, comparison_site_id=comp_id, today=TODAY
        )
    assert report.controlled is not None and report.controlled.result is not None
    assert report.controlled.result.comparison_change is not None
    assert list(report.comparison_pre.columns) == ["Site 5", "Comparison"]
    assert report.comparison_pre.index.max() < pd.Timestamp(START)


def test_an_adaptation_with_too_little_data_after_it_says_too_early(engine):
    adaptation_id = _women_only_tuesday(engine, rate_ratio=1.5, displacement=0.0, seed=7)
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=START + dt.timedelta(weeks=5))
    assert report.primary.result is not None
    assert report.primary.result.state == "too_early"
    with session_scope(engine) as s:
        rows = impact.overview(s, today=START + dt.timedelta(weeks=5))
    assert [(r.name, r.state) for r in rows] == [("Women-only Tuesday", "too_early")]


def test_an_unknown_adaptation_is_refused(engine):
    from advisory.errors import NotFound

    with pytest.raises(NotFound, match="No such adaptation"), session_scope(engine) as s:
        impact.analyse(s, adaptation_id=999, today=TODAY)


def test_monthly_records_after_weekly_ones_do_not_become_zero_weeks(engine):
    weeks = pd.date_range("2023-01-02", "2025-05-19", freq="W-MON")
    women = simulate_counts("2023-01-02", len(weeks), "W", base_rate=40, seed=2)
    with session_scope(engine) as s:
        site = Site(name="Weekly then monthly", kind="clinic")
        service = Service(name="clinic visit")
        s.add_all([site, service])
        s.flush()
        rows = [
            {
                "site_id": site.id,
                "service_id": service.id,
                "period": "week",
                "period_start": w.date(),
                "gender": "woman",
                "visits": int(v),
            }
            for w, v in zip(weeks, women, strict=True)
        ] + [
            {
                "site_id": site.id,
                "service_id": service.id,
                "period": "month",
                "period_start": dt.date(2025, m, 1),
                "gender": "woman",
                "visits": 170,
            }
            for m in range(6, 11)
        ]
        s.execute(insert(AttendanceRecord), rows)
        a = Adaptation(
            name="Women staff", type="women staff", site_id=site.id, start_on=dt.date(2024, 9, 2)
        )
        s.add(a)
        s.flush()
        adaptation_id = a.id
    with session_scope(engine) as s:
        report = impact.analyse(s, adaptation_id=adaptation_id, today=dt.date(2025, 10, 30))
    frame = report.primary.result.frame
    assert frame.index.max() == pd.Timestamp("2025-05-19")  # the last weekly record's week
    assert frame.index.min() == pd.Timestamp("2023-01-02")
    assert (frame["observed"] > 0).all()  # no invented zero weeks


def test_a_site_that_reports_only_months_is_analysed_by_month_in_the_overview(engine):
    months = pd.date_range("2022-01-01", "2025-09-01", freq="MS")
    women = simulate_counts(
        "2022-01-01",
        len(months),
        "M",
        base_rate=150,
        rate_ratio=1.5,
        intervention="2024-03-01",
        seed=4,
    )
    with session_scope(engine) as s:
        site = Site(name="Monthly clinic", kind="clinic")
        service = Service(name="monthly visit")
        s.add_all([site, service])
        s.flush()
        s.execute(
            insert(AttendanceRecord),
            [
                {
                    "site_id": site.id,
                    "service_id": service.id,
                    "period": "month",
                    "period_start": m.date(),
                    "gender": "woman",
                    "visits": int(v),
                }
                for m, v in zip(months, women, strict=True)
            ],
        )
        s.add(
            Adaptation(
                name="Childcare", type="childcare", site_id=site.id, start_on=dt.date(2024, 3, 1)
            )
        )
    with session_scope(engine) as s:
        rows = impact.overview(s, today=dt.date(2025, 10, 15))
    assert [(r.name, r.state, r.verdict) for r in rows] == [("Childcare", "estimate", "went up")]
