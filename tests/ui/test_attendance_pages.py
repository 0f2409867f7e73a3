"""Attendance, import and adaptations pages in AppTest, and the attendance chart builders."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from advisory.db import session_scope
from advisory.importers.headers import PERSONAL_DATA_EXPLANATION
from advisory.importers.report import ImportOptions
from advisory.models import Adaptation, AttendanceRecord, ImportBatch, Service, Site
from advisory.services import adaptations, attendance, attendance_export, tally, users
from advisory.services.attendance_import import import_attendance
from advisory.services.dhis2_mappings import list_mappings
from components import attendance_charts
from tests.factories import TEST_ADMIN
from tests.ui.apptest import engine_for, ensure_user, page_test, texts

TODAY = dt.date.today()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday() + 14)


def _button(at, label):  # type: ignore[no-untyped-def]
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def _frame(at, column: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The first table on the page with `column` (AppTest does not keep st.dataframe keys)."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise AssertionError(f"no table with a {column!r} column")


def _seed(data_dir) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two sites and two weeks of drop-in visits (one gap week), imported as one batch."""
    engine = engine_for(data_dir)
    rows = ["date,site,service,gender,visits"]
    for week in (0, 2):
        for day in range(6):
            date = MONDAY - dt.timedelta(days=7 * week) + dt.timedelta(days=day)
            rows += [
                f"{date},Riverside,drop-in visit,woman,{3 + day}",
                f"{date},Riverside,drop-in visit,man,10",
                f"{date},Riverside,drop-in visit,not_recorded,1",
            ]
    with session_scope(engine) as s:
        s.add_all([Site(name="Riverside"), Site(name="Harbour")])
    import_attendance(
        engine,
        source="\n".join(rows).encode(),
        file_name="seed.csv",
        options=ImportOptions(),
        actor=TEST_ADMIN,
    )
    with session_scope(engine) as s:
        ids = {x.name: x.id for x in s.scalars(select(Site))}
        ids |= {x.name: x.id for x in s.scalars(select(Service))}
    engine.dispose()
    return ids


def _user(data_dir, username: str, role: str):  # type: ignore[no-untyped-def]
    """The account (made if missing) as the actor a page would pass."""
    ensure_user(data_dir, username, role)
    engine = engine_for(data_dir)
    view = users.get_view(engine, username)
    engine.dispose()
    return view


def _count(data_dir, model) -> int:  # type: ignore[no-untyped-def]
    engine = engine_for(data_dir)
    with session_scope(engine) as s:
        n = s.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return n


# --- chart builders ------------------------------------------------------------------------


def test_the_trend_figure_has_one_line_per_group_and_marks_adaptations_escaped():
    index = pd.date_range("2024-01-01", periods=4, freq="W-MON")
    frame = pd.DataFrame({"woman": [1, 2, 3, 4], "man": [5, 5, 5, 5]}, index=index)
    fig = attendance_charts.trend_figure(
        frame,
        title="<b>Riverside</b>",
        freq="week",
        adaptations=[(dt.date(2024, 1, 15), "Women-only <Tuesday>"), (dt.date(2025, 1, 1), "x")],
    )
    assert [t.name for t in fig.data] == ["Women", "Men"]
    assert list(fig.data[0].y) == [1, 2, 3, 4]
    assert fig.layout.title.text == "&lt;b&gt;Riverside&lt;/b&gt;"
    assert [a.text for a in fig.layout.annotations] == ["<b>1</b>"]
    assert [a.hovertext for a in fig.layout.annotations] == ["Women-only &lt;Tuesday&gt;"]
    assert len(fig.layout.shapes) == 1  # the adaptation outside the range is not drawn
    assert fig.layout.yaxis.title.text == "visits per week"


def test_the_trend_chart_axis_ends_at_the_data_and_close_adaptation_labels_do_not_collide():
    # Two years of weeks; two adaptations three weeks apart, a third 11 weeks later (the
    # demo's two are 14 weeks apart: their names ran into each other on a phone).
    index = pd.date_range("2024-12-02", "2026-11-23", freq="W-MON")
    frame = pd.DataFrame({"woman": range(len(index))}, index=index)
    starts = [
        (dt.date(2025, 12, 8), "Unmarked vehicle replaces the branded bus"),
        (dt.date(2025, 9, 2), "Women-only Tuesday with a woman outreach worker"),
        (dt.date(2025, 9, 23), "Evening hours"),
    ]
    fig = attendance_charts.trend_figure(frame, title="Harbour", adaptations=starts)
    assert list(fig.layout.xaxis.range) == [index[0], index[-1]]
    assert fig.layout.xaxis.autorange is False
    labels = sorted(fig.layout.annotations, key=lambda a: pd.Timestamp(a.x))
    assert [a.text for a in labels] == ["<b>1</b>", "<b>2</b>", "<b>3</b>"]
    # Three weeks apart is 3% of the width (10 px on a phone): the second is stacked above.
    assert labels[1].y > labels[0].y
    assert labels[2].y == labels[0].y  # 11 weeks on (15%): back on the first row
    marks = attendance_charts.adaptation_marks(starts, index[0], index[-1])
    assert [(m.number, m.name, m.row) for m in marks] == [
        (1, "Women-only Tuesday with a woman outreach worker", 0),
        (2, "Evening hours", 1),
        (3, "Unmarked vehicle replaces the branded bus", 0),
    ]


def test_the_share_and_completeness_figures():
    totals = pd.Series({"woman": 25, "man": 70, "not_recorded": 5})
    shares = attendance_charts.gender_share_figure(totals, title="Shares")
    assert list(shares.data[0].y) == ["Women", "Men", "Not recorded"]
    assert list(shares.data[0].text) == ["25.0% (25)", "70.0% (70)", "5.0% (5)"]
    share = pd.DataFrame(
        {
            "site": ["A & B", "A & B", "C"],
            "period_start": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01"]),
            "share": [0.1, 0.05, 0.2],
        }
    )
    heat = attendance_charts.completeness_figure(share)
    assert list(heat.data[0].y) == ["A &amp; B", "C"]
    assert heat.data[0].z.tolist() == [[10.0, 5.0], [20.0, None]] or (
        heat.data[0].z[0].tolist() == [10.0, 5.0]
    )


# --- attendance page -----------------------------------------------------------------------


def test_without_data_the_attendance_page_says_where_to_add_it(app_env):
    at = page_test("pages/attendance.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert "No attendance has been recorded yet" in texts(at)


def test_a_member_sees_trends_totals_and_the_missing_week(app_env):
    _seed(app_env)
    at = page_test("pages/attendance.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    shown = texts(at)
    assert "How complete is the data" in shown
    assert "1 week without any counts although the site was open" in shown
    totals = _frame(at, "gender group")
    assert totals["visits"].tolist() == [33 * 2, 0, 60 * 2, 0, 0, 12]
    missing = _frame(at, "reason")
    assert missing["week"].tolist() == [f"{MONDAY - dt.timedelta(days=7):%d %b %Y}"]
    at.segmented_control(key="attendance_freq").set_value("month").run()
    assert not at.exception


def _downloads(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.proto.label for d in at.get("download_button")]


def test_directors_download_the_shown_sites_counts_built_only_when_pressed(app_env, monkeypatch):
    _seed(app_env)

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the download was built while the page was drawn")

    monkeypatch.setattr(attendance_export, "site_csv", refuse)
    at = page_test("pages/attendance.py", data_dir=app_env, username="dina", role="director")
    at.run()
    assert not at.exception
    assert _downloads(at) == ["Download these counts (CSV)"]
    member = page_test("pages/attendance.py", data_dir=app_env, username="mary", role="member")
    member.run()
    assert not member.exception
    assert _downloads(member) == []  # daily counts by service are for those who manage them


def test_the_upload_tab_offers_a_blank_template(app_env):
    at = page_test(
        "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
    ).run()
    assert not at.exception
    assert "Download a blank template (CSV)" in _downloads(at)


# --- import page ----------------------------------------------------------------------------


def test_a_director_types_a_weekly_tally_and_it_is_stored_as_an_undoable_import(app_env):
    ids = _seed(app_env)
    site, service = ids["Riverside"], ids["drop-in visit"]
    at = page_test(
        "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
    ).run()
    assert not at.exception
    at.selectbox(key="att_tally_site").set_value(site)
    at.selectbox(key="att_tally_service").set_value(service)
    at.date_input(key="att_tally_week").set_value(MONDAY + dt.timedelta(days=2)).run()
    grid_key = f"att_tally_grid_{site}_{service}_{MONDAY.isoformat()}"
    at.session_state[grid_key] = {
        "edited_rows": {0: {"Women": 9, "Trans women": 2}, 6: {"Women": 0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.checkbox(key=f"att_tally_open_rec_{site}_{MONDAY.isoformat()}").check()
    at.number_input(key=f"att_tally_open_{site}_{MONDAY.isoformat()}").set_value(6)
    _button(at, "Save the tally").click().run()
    assert not at.exception
    assert any("Tally saved as import #2: 3 counts (1 replaced)" in s.value for s in at.success)
    engine = engine_for(app_env)
    grid = tally.weekly_tally(engine, site_id=site, service_id=service, week_start=MONDAY)
    open_days = attendance.open_days(engine, site_id=site, freq="week", start=MONDAY, end=MONDAY)
    engine.dispose()
    assert grid.loc["Monday", "woman"] == 9 and grid.loc["Monday", "trans_woman"] == 2
    assert grid.loc["Sunday", "woman"] == 0 and grid.loc["Tuesday", "man"] == 10
    assert open_days.tolist() == [6.0]


def test_a_refused_tally_shows_why_keeps_the_entries_and_saves_nothing(app_env):
    ids = _seed(app_env)
    site, service = ids["Riverside"], ids["drop-in visit"]
    at = page_test(
        "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
    ).run()
    at.selectbox(key="att_tally_site").set_value(site)
    at.selectbox(key="att_tally_service").set_value(service)
    at.date_input(key="att_tally_week").set_value(MONDAY).run()
    grid_key = f"att_tally_grid_{site}_{service}_{MONDAY.isoformat()}"
    edits = {"edited_rows": {4: {"Men": -3}}, "added_rows": [], "deleted_rows": []}
    at.session_state[grid_key] = edits
    at.checkbox(key=f"att_tally_open_rec_{site}_{MONDAY.isoformat()}").check()
    _button(at, "Save the tally").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Nothing was saved. Friday, Men: A count cannot be negative."
    ]
    assert at.session_state[grid_key] == edits
    engine = engine_for(app_env)
    days = attendance.open_days(engine, site_id=site, freq="week", start=MONDAY, end=MONDAY)
    engine.dispose()
    assert days.isna().all()  # the open days were not saved without the counts
    assert _count(app_env, ImportBatch) == 1


def test_undo_needs_a_chosen_import_and_a_confirmation_naming_its_rows_then_says_it_is_done(
    app_env,
):
    _seed(app_env)
    assert _count(app_env, AttendanceRecord) == 36
    at = page_test(
        "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
    ).run()
    picker = at.selectbox(key="att_undo_pick")
    assert picker.value is None  # nothing preselected: no import is one tick from deletion
    assert not [b for b in at.button if b.label == "Undo this import"]
    picker.set_value(1).run()
    sure = at.checkbox(key="att_undo_sure_1")
    assert sure.label == "Yes, delete the 36 rows of import #1"
    assert _button(at, "Undo this import").disabled
    sure.check().run()
    _button(at, "Undo this import").click().run()
    assert not at.exception
    assert _count(app_env, AttendanceRecord) == 0
    assert [s.value for s in at.success] == ["Import #1 undone: 36 rows deleted."]
    assert _frame(at, "undone")["undone"].iloc[0].endswith("by dina")
    at.run()  # the message was for the undo just made: the next run does not repeat it
    assert not at.success


def _render_check(report):  # type: ignore[no-untyped-def]
    from components import attendance_import_report

    attendance_import_report.show(report, key="check")


def test_a_file_with_personal_data_states_the_refusal_and_its_reason_once(app_env):
    _seed(app_env)
    engine = engine_for(app_env)
    report = import_attendance(
        engine,
        source=b"date,site,service,gender,visits,client name,phone\n"
        b"2024-03-04,Riverside,drop-in visit,woman,3,Ann,0123\n",
        file_name="names.csv",
        options=ImportOptions(),
        actor=TEST_ADMIN,
        dry_run=True,
    )
    engine.dispose()
    at = AppTest.from_function(_render_check, args=(report,), default_timeout=20).run()
    assert not at.exception
    reasons = at.table[0].value["Reason"].tolist()
    said = [texts(at), *reasons]
    assert sum(text.count(PERSONAL_DATA_EXPLANATION) for text in said) == 1
    assert "Personal data is refused" in texts(at)
    assert (
        reasons.count(
            "This column looks like personal data: remove it (why: see the note above the table)."
        )
        == 2
    )


def test_the_dhis2_mapping_editor_saves_all_or_nothing(app_env):
    _seed(app_env)

    def save(rows):  # type: ignore[no-untyped-def]
        at = page_test(
            "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
        ).run()
        at.session_state["att_dhis2_editor"] = {
            "edited_rows": {},
            "added_rows": rows,
            "deleted_rows": [],
        }
        return _button(at, "Save the mapping").click().run()

    good = [
        {"kind": "orgunit", "code": "ouRiver", "target": "Riverside"},
        {"kind": "categoryoptioncombo", "code": "cocF", "target": "woman"},
    ]
    refused = save([*good, {"kind": "categoryoptioncombo", "code": "cocX", "target": "Riverside"}])
    assert not refused.exception
    assert [e.value for e in refused.error] == [
        "Row 3: A category option combo maps to a gender group: woman, trans_woman, man, "
        "trans_man, non_binary, not_recorded."
    ]
    engine = engine_for(app_env)
    assert list_mappings(engine) == []
    saved = save(good)
    assert [x.value for x in saved.success] == ["Mapping saved: 2 codes."]
    assert [(m.kind, m.code, m.target) for m in list_mappings(engine)] == [
        ("categoryoptioncombo", "cocF", "woman"),
        ("orgunit", "ouRiver", "Riverside"),
    ]
    engine.dispose()


def test_the_services_tab_adds_a_service(app_env):
    at = page_test(
        "pages/attendance_import.py", data_dir=app_env, username="dina", role="director"
    ).run()
    form_input = next(t for t in at.text_input if t.label == "New service")
    form_input.input("night shelter")
    _button(at, "Add service").click().run()
    assert not at.exception
    names = _frame(at, "in use")["service"].tolist()
    assert "night shelter" in names and len(names) == 9


# --- adaptations page -------------------------------------------------------------------------


def test_a_director_registers_an_adaptation_and_bad_input_is_shown_at_the_field(app_env):
    ids = _seed(app_env)
    at = page_test("pages/adaptations.py", data_dir=app_env, username="dina", role="director")
    at.run()
    assert "No adaptations registered yet. Register one below." in texts(at)
    _button(at, "Register the adaptation").click().run()
    assert [e.value for e in at.error] == ["Enter a name for the adaptation."]
    at.text_input(key="adaptation_new_name").input("Women-only Tuesday")
    at.selectbox(key="adaptation_new_site").set_value(ids["Riverside"])
    _button(at, "Register the adaptation").click().run()
    assert [e.value for e in at.error] == [
        "Choose the weekday(s) the women-only time runs (tick every day if it is daily)."
    ]
    at.multiselect(key="adaptation_new_weekdays").set_value([1])
    at.text_input(key="adaptation_new_hours").input("09:00-17:00")
    _button(at, "Register the adaptation").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Registered: Women\\-only Tuesday."]
    assert _frame(at, "schedule")["schedule"].tolist() == ["Tuesday, 09:00-17:00"]


def test_a_members_view_has_no_forms_and_shows_the_linked_details(app_env):
    ids = _seed(app_env)
    engine = engine_for(app_env)
    created = adaptations.create_adaptation(
        engine,
        name="Unmarked [car](http://x)",
        type="discreet/unmarked outreach vehicle",
        site_id=ids["Harbour"],
        start_on=TODAY - dt.timedelta(days=30),
        actor=_user(app_env, "dina", "director"),
    )
    engine.dispose()
    at = page_test("pages/adaptations.py", data_dir=app_env, username="mary", role="member").run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Register the adaptation"]
    at.selectbox(key="adaptations_open").set_value(created.id).run()
    assert not at.exception
    assert "Unmarked \\[car\\]\\(http\\://x\\)" in [h.value for h in at.subheader]
    assert "Not linked to a recommendation." in texts(at)
    assert not [b for b in at.button if b.label == "Save changes"]


def test_a_second_edit_from_an_older_version_is_refused_naming_who_saved(app_env):
    ids = _seed(app_env)
    engine = engine_for(app_env)
    created = adaptations.create_adaptation(
        engine,
        name="Women-only Tuesday",
        type="women-only day or hours",
        site_id=ids["Riverside"],
        start_on=TODAY - dt.timedelta(days=30),
        weekdays=[1],
        actor=_user(app_env, "dina", "director"),
    )
    at = page_test("pages/adaptations.py", data_dir=app_env, username="dina", role="director")
    at.run()
    at.selectbox(key="adaptations_open").set_value(created.id).run()
    adaptations.update_adaptation(  # someone else saves meanwhile
        engine,
        adaptation_id=created.id,
        expected_version=1,
        name="Women-only Tuesdays",
        type="women-only day or hours",
        site_id=ids["Riverside"],
        start_on=created.start_on,
        weekdays=[1],
        actor=_user(app_env, "amina", "admin"),
    )
    at.run()
    assert "amina changed this after you opened it." in texts(at)
    key = f"adaptation_edit_{created.id}_1"
    at.text_input(key=f"{key}_name").input("My name")
    _button(at, "Save changes").click().run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(
        "This was changed by Amina at "
    )  # her display name
    with session_scope(engine) as s:
        assert s.get(Adaptation, created.id).name == "Women-only Tuesdays"
        assert s.scalar(select(func.count(ImportBatch.id))) == 1
    engine.dispose()
