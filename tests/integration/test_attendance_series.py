"""Attendance queries aggregated in SQL: series, exposure, completeness, services, tally."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from advisory.db import session_scope
from advisory.errors import PermissionDenied, ValidationError
from advisory.importers.report import ImportOptions
from advisory.models import GENDER_GROUPS, OpenTime, Period, Site
from advisory.services import (
    attendance,
    attendance_completeness,
    attendance_export,
    service_list,
    tally,
    users,
)
from advisory.services.attendance_import import import_attendance
from tests.factories import make_user

TODAY = dt.date(2024, 6, 30)


def load(engine, rows: list[str], header: str = "date,site,service,gender,visits,period"):  # type: ignore[no-untyped-def]
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    return import_attendance(
        engine,
        source=data,
        file_name="f.csv",
        options=ImportOptions(),
        actor=dina(engine),
        today=TODAY,
    )


def dina(db):  # type: ignore[no-untyped-def]
    return users.get_view(db, "dina")


@pytest.fixture
def db(engine):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        s.add_all([Site(name="Riverside"), Site(name="Harbour")])
        service_list.ensure_default_services(s)
    make_user(engine, "dina", "director")
    load(
        engine,
        [
            "2024-03-04,Riverside,drop-in visit,woman,3,day",  # Mon
            "2024-03-05,Riverside,drop-in visit,woman,5,day",  # Tue
            "2024-03-05,Riverside,drop-in visit,man,7,day",
            "2024-03-05,Riverside,drop-in visit,not_recorded,2,day",
            "2024-03-06,Riverside,HIV/hepatitis testing,woman,1,day",
            "2024-03-18,Riverside,drop-in visit,woman,4,day",  # week of 18 March
            "2024-03-25,Riverside,drop-in visit,woman,10,week",  # a whole week, one row
            "2024-04-01,Riverside,drop-in visit,woman,30,month",  # only in monthly series
            "2024-03-05,Harbour,outreach contact,woman,9,day",
        ],
    )
    return engine


def ids(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        sites = {x.name: x.id for x in s.query(Site)}
        services = {x.name: x.id for x in service_list.list_services(s)}
    return sites | services


def test_weekly_series_sums_day_and_week_records_by_monday_and_fills_gaps_with_zero(db):
    site = ids(db)["Riverside"]
    with session_scope(db) as s:
        women = attendance.weekly_series(s, site_id=site, genders="woman")
        everyone = attendance.weekly_series(s, site_id=site)
    assert women.index.freqstr == "W-MON"
    assert women.to_dict() == {
        pd.Timestamp("2024-03-04"): 9,
        pd.Timestamp("2024-03-11"): 0,
        pd.Timestamp("2024-03-18"): 4,
        pd.Timestamp("2024-03-25"): 10,
    }
    assert everyone.iloc[0] == 3 + 5 + 7 + 2 + 1


def test_series_filter_by_gender_list_service_and_dates(db):
    i = ids(db)
    with session_scope(db) as s:
        drop_in = attendance.weekly_series(
            s,
            site_id=i["Riverside"],
            gender=["woman", "man"],
            service_ids=[i["drop-in visit"]],
            start=dt.date(2024, 3, 6),
            end=dt.date(2024, 3, 31),
        )
        daily = attendance.daily_series(
            s,
            site_id=i["Riverside"],
            genders="woman",
            start=dt.date(2024, 3, 3),
            end=dt.date(2024, 3, 7),
        )
    assert drop_in.tolist() == [15, 0, 4, 10]  # start snaps to the Monday of its week
    assert daily.tolist() == [0, 3, 5, 1, 0]
    assert daily.index[0] == pd.Timestamp("2024-03-03")


def test_monthly_series_includes_month_records(db):
    site = ids(db)["Riverside"]
    with session_scope(db) as s:
        monthly = attendance.monthly_series(s, site_id=site, genders="woman")
    assert monthly.to_dict() == {pd.Timestamp("2024-03-01"): 23, pd.Timestamp("2024-04-01"): 30}
    assert monthly.index.freqstr == "MS"


def test_a_site_without_data_gives_an_empty_series_or_zeros_over_the_asked_range(db):
    with session_scope(db) as s:
        s.add(Site(name="Empty"))
        s.flush()
        empty_id = s.query(Site).filter_by(name="Empty").one().id
        assert attendance.weekly_series(s, site_id=empty_id).empty
        zeros = attendance.weekly_series(
            s, site_id=empty_id, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 21)
        )
    assert zeros.tolist() == [0, 0, 0]


def test_series_by_gender_has_every_group_as_a_column(db):
    with session_scope(db) as s:
        frame = attendance.series_by_gender(s, site_id=ids(db)["Riverside"], freq="week")
    assert list(frame.columns) == list(GENDER_GROUPS)
    assert frame.loc["2024-03-04"].to_dict() == {
        "woman": 9,
        "trans_woman": 0,
        "man": 7,
        "trans_man": 0,
        "non_binary": 0,
        "not_recorded": 2,
    }


def test_open_days_per_week_come_from_open_time_rows_and_unknown_weeks_are_nan(db):
    site = ids(db)["Riverside"]
    with session_scope(db) as s:
        tally.set_open_time(
            s,
            site_id=site,
            period="week",
            start=dt.date(2024, 3, 4),
            open_days=6,
            open_hours=48,
            actor=dina(s),
        )
        for day in (18, 19):
            tally.set_open_time(
                s,
                site_id=site,
                period="day",
                start=dt.date(2024, 3, day),
                open_days=1,
                open_hours=8,
                actor=dina(s),
            )
        days = attendance.open_days(s, site_id=site, freq="W")
        hours = attendance.open_days(s, site_id=site, freq="week", hours=True)
        with pytest.raises(ValidationError, match="A week starts on a Monday"):
            tally.set_open_time(
                s,
                site_id=site,
                period="week",
                start=dt.date(2024, 3, 5),
                open_days=6,
                open_hours=None,
                actor=dina(s),
            )
    assert days.to_dict(into=dict)[pd.Timestamp("2024-03-04")] == 6.0
    assert pd.isna(days[pd.Timestamp("2024-03-11")])
    assert days[pd.Timestamp("2024-03-18")] == 2.0
    assert hours[pd.Timestamp("2024-03-18")] == 16.0


def test_not_recorded_share_per_site_and_month(db):
    with session_scope(db) as s:
        share = attendance_completeness.not_recorded_share(s)
    rows = share[["site", "period_start", "visits", "not_recorded"]].to_dict("records")
    assert rows == [
        {
            "site": "Harbour",
            "period_start": pd.Timestamp("2024-03-01"),
            "visits": 9,
            "not_recorded": 0,
        },
        {
            "site": "Riverside",
            "period_start": pd.Timestamp("2024-03-01"),
            "visits": 32,
            "not_recorded": 2,
        },
        {
            "site": "Riverside",
            "period_start": pd.Timestamp("2024-04-01"),
            "visits": 30,
            "not_recorded": 0,
        },
    ]
    assert share["share"].round(4).tolist() == [0.0, 0.0625, 0.0]


def test_missing_periods_are_open_weeks_without_records(db):
    i = ids(db)
    with session_scope(db) as s:
        # Riverside: a gap week between records (11 March); Harbour: open but nothing counted
        s.add(
            OpenTime(
                site_id=i["Harbour"],
                period=Period.week,
                period_start=dt.date(2024, 3, 11),
                open_days=5,
            )
        )
        s.add(
            OpenTime(
                site_id=i["Harbour"],
                period=Period.week,
                period_start=dt.date(2024, 3, 18),
                open_days=0,
            )
        )  # closed: not missing
        missing = attendance_completeness.missing_periods(s)
    assert missing[["site", "week_start", "reason"]].to_dict("records") == [
        {
            "site": "Harbour",
            "week_start": pd.Timestamp("2024-03-11"),
            "reason": "open 5 days but no records",
        },
        {
            "site": "Riverside",
            "week_start": pd.Timestamp("2024-03-11"),
            "reason": "no records in a week between weeks with records",
        },
    ]


def test_a_site_and_period_asked_for_still_count_the_gap_between_records_outside_it(db):
    # The window (11-17 March) holds no records: the gap week is still missing, because the
    # site has records before and after it (the first and last week come from the whole site).
    site = ids(db)["Riverside"]
    with session_scope(db) as s:
        inside = attendance_completeness.missing_periods(
            s, site_id=site, start=dt.date(2024, 3, 12), end=dt.date(2024, 3, 17)
        )
        after = attendance_completeness.missing_periods(
            s, site_id=site, start=dt.date(2024, 3, 18), end=dt.date(2024, 4, 30)
        )
    assert inside[["site", "week_start"]].to_dict("records") == [
        {"site": "Riverside", "week_start": pd.Timestamp("2024-03-11")}
    ]
    assert after.empty  # weeks after the last week with records are not "missing"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 4, 30)),
        (dt.date(2024, 3, 6), dt.date(2024, 3, 20)),
        (dt.date(2024, 3, 12), dt.date(2024, 3, 17)),
    ],
)
def test_one_sites_completeness_read_once_equals_the_two_measures_asked_apart(db, start, end):
    site = ids(db)["Riverside"]
    with session_scope(db) as s:
        s.add(OpenTime(site_id=site, period=Period.week, period_start=dt.date(2024, 4, 8)))
        s.add(
            OpenTime(
                site_id=site, period=Period.week, period_start=dt.date(2024, 4, 15), open_days=4
            )
        )
    share, missing = attendance_completeness.site_completeness(
        db, site_id=site, start=start, end=end
    )
    pd.testing.assert_frame_equal(
        share,
        attendance_completeness.not_recorded_share(db, site_id=site, start=start, end=end),
    )
    pd.testing.assert_frame_equal(
        missing, attendance_completeness.missing_periods(db, site_id=site, start=start, end=end)
    )


def test_one_sites_download_holds_its_records_of_the_period_only_with_names_neutralised(db):
    site = ids(db)["Riverside"]
    with session_scope(db) as s:  # a name a spreadsheet would run as a formula
        s.get(Site, site).name = "=Riverside"
    data = attendance_export.site_csv(
        db, site_id=site, start=dt.date(2024, 3, 5), end=dt.date(2024, 3, 18)
    )
    assert data.decode("utf-8") == (
        "date,site,service,gender,visits,period,unique_clients,new_clients\n"
        "2024-03-05,'=Riverside,drop-in visit,man,7,day,,\n"
        "2024-03-05,'=Riverside,drop-in visit,not_recorded,2,day,,\n"
        "2024-03-05,'=Riverside,drop-in visit,woman,5,day,,\n"
        "2024-03-06,'=Riverside,HIV/hepatitis testing,woman,1,day,,\n"
        "2024-03-18,'=Riverside,drop-in visit,woman,4,day,,\n"
    )


def test_the_blank_template_has_the_canonical_headers_and_no_rows():
    assert attendance_export.template_csv() == (
        b"date,site,service,gender,visits,period,unique_clients,new_clients\n"
    )


def test_the_services_list_is_seeded_and_editable(db):
    member = make_user(db, "mary", "member")
    with session_scope(db) as s:
        names = [x.name for x in service_list.list_services(s)]
        assert set(names) == set(service_list.DEFAULT_SERVICES) and len(names) == 8
        added = service_list.add_service(s, name="  night  shelter ", actor=dina(s))
        assert added.name == "night shelter"
        with pytest.raises(ValidationError, match="A service named 'Night Shelter' already exists"):
            service_list.add_service(s, name="Night Shelter", actor=dina(s))
        service_list.rename_service(s, service_id=added.id, name="overnight shelter", actor=dina(s))
        service_list.set_service_active(s, service_id=added.id, active=False, actor=dina(s))
        active = [x.name for x in service_list.list_services(s, active_only=True)]
        assert "overnight shelter" not in active
        with pytest.raises(PermissionDenied):
            service_list.add_service(s, name="x", actor=member)


def test_the_weekly_tally_grid_reads_back_what_was_saved(db):
    i = ids(db)
    week = dt.date(2024, 3, 4)
    with session_scope(db) as s:
        grid = tally.weekly_tally(
            s, site_id=i["Riverside"], service_id=i["drop-in visit"], week_start=week
        )
    assert grid.loc["Tuesday", "man"] == 7 and pd.isna(grid.loc["Sunday", "woman"])
    grid.loc["Sunday", "woman"] = 0
    grid.loc["Monday", "woman"] = 4
    rows = tally.tally_rows(week, grid)
    assert {"date": "2024-03-10", "gender": "woman", "visits": 0} in rows
    assert {"date": "2024-03-04", "gender": "woman", "visits": 4} in rows
    assert len(rows) == 5
    with session_scope(db) as s:
        report = tally.save_tally(
            s,
            site_id=i["Riverside"],
            service_id=i["drop-in visit"],
            week_start=week,
            grid=grid,
            actor=dina(s),
        )
        assert (report.written, report.replaced) == (2, 1)  # unchanged cells are not rewritten
        again = tally.weekly_tally(
            s, site_id=i["Riverside"], service_id=i["drop-in visit"], week_start=week
        )
    assert again.loc["Monday", "woman"] == 4 and again.loc["Sunday", "woman"] == 0
    with session_scope(db) as s, pytest.raises(ValidationError, match="Nothing to save"):
        tally.save_tally(
            s,
            site_id=i["Riverside"],
            service_id=i["drop-in visit"],
            week_start=week,
            grid=again,
            actor=dina(s),
        )
    bad = again.copy()
    bad.loc["Friday", "man"] = -3
    with session_scope(db) as s, pytest.raises(ValidationError) as info:
        tally.save_tally(
            s,
            site_id=i["Riverside"],
            service_id=i["drop-in visit"],
            week_start=week,
            grid=bad,
            actor=dina(s),
        )
    assert str(info.value) == "Nothing was saved. Friday, Men: A count cannot be negative."
    with session_scope(db) as s, pytest.raises(ValidationError, match="A week starts on a Monday"):
        tally.weekly_tally(
            s,
            site_id=i["Riverside"],
            service_id=i["drop-in visit"],
            week_start=dt.date(2024, 3, 5),
        )


def test_a_tally_and_its_open_days_are_saved_together_or_not_at_all(db):
    i = ids(db)
    week = dt.date(2024, 3, 11)
    grid = {"Monday": {"woman": 2}, "Tuesday": {"man": 5}}
    with pytest.raises(ValidationError, match="Open days must be between 0 and 7"):
        tally.save_tally(
            db,
            site_id=i["Riverside"],
            service_id=i["drop-in visit"],
            week_start=week,
            grid=grid,
            open_days=9,
            actor=dina(db),
        )
    stored = tally.weekly_tally(
        db, site_id=i["Riverside"], service_id=i["drop-in visit"], week_start=week
    )
    assert stored.isna().all().all()  # the counts were not saved without their open days
    report = tally.save_tally(
        db,
        site_id=i["Riverside"],
        service_id=i["drop-in visit"],
        week_start=week,
        grid=grid,
        open_days=6,
        actor=dina(db),
    )
    assert (report.written, report.replaced) == (2, 0)
    days = attendance.open_days(db, site_id=i["Riverside"], freq="week", start=week, end=week)
    assert days.tolist() == [6.0]


def test_a_new_service_name_starting_like_a_formula_is_refused(db):
    for name in ('=HYPERLINK("http://x")', "+1", "-x", "@SUM(A1)"):
        with pytest.raises(ValidationError, match="cannot start with =, \\+, -, @") as info:
            service_list.add_service(db, name=name, actor=dina(db))
        assert info.value.field == "name"
    assert "=HYPERLINK" not in {x.name for x in service_list.list_services(db)}
