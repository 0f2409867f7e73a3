"""DHIS2 data-value-set import through saved mappings, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.errors import ValidationError
from advisory.importers.problems import Problem
from advisory.importers.report import ImportOptions, ImportRejected
from advisory.models import AttendanceRecord, Dhis2Mapping, Site
from advisory.services import service_list, users
from advisory.services.attendance_import import import_attendance
from advisory.services.dhis2_mappings import (
    list_mappings,
    mapping_csv,
    save_mapping,
    save_mappings,
)
from tests.factories import make_user

TODAY = dt.date(2024, 6, 30)
HEADER = (
    "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
    "lastupdated,comment,followup,deleted\n"
)
MAPPING = [
    ("dataelement", "deDropIn01", "drop-in visit"),
    ("dataelement", "deOutrch01", "outreach contact"),
    ("orgunit", "ouRiver001", "Riverside"),
    ("orgunit", "ouHarbr001", "Harbour"),
    ("categoryoptioncombo", "cocFemU25a", "woman"),
    ("categoryoptioncombo", "cocFem25pa", "woman"),  # two age bands, one gender group
    ("categoryoptioncombo", "cocMale000", "man"),
    ("categoryoptioncombo", "cocTransW0", "trans_woman"),
]


def line(de: str, pe: str, ou: str, coc: str, value: str, deleted: str = "false") -> str:
    return (
        f"{de},{pe},{ou},{coc},HllvX50cXC0,{value},admin,2024-04-01T10:00:00.000,,false,{deleted}\n"
    )


@pytest.fixture
def db(engine):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        s.add_all([Site(name="Riverside"), Site(name="Harbour")])
        service_list.ensure_default_services(s)
    save_mappings(engine, rows=MAPPING, actor=make_user(engine, "dina", "director"))
    return engine


def dina(engine):  # type: ignore[no-untyped-def]
    return users.get_view(engine, "dina")


def run(engine, data: str, *, dry_run: bool = False, mapping_rows=None, chunk_rows=100_000, **opts):  # type: ignore[no-untyped-def]
    return import_attendance(
        engine,
        source=data.encode(),
        file_name="dhis2.csv",
        options=ImportOptions(format="dhis2", **opts),
        actor=dina(engine),
        dry_run=dry_run,
        today=TODAY,
        mapping_rows=mapping_rows,
        chunk_rows=chunk_rows,
    )


def stored(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        q = select(
            AttendanceRecord.period,
            AttendanceRecord.period_start,
            Site.name,
            AttendanceRecord.gender,
            AttendanceRecord.visits,
        ).join(Site, Site.id == AttendanceRecord.site_id)
        return sorted((str(p), d, site, str(g), v) for p, d, site, g, v in s.execute(q))


def test_day_week_and_month_periods_are_mapped_and_age_bands_added_up(db):
    data = HEADER + "".join(
        [
            line("deDropIn01", "20240305", "ouRiver001", "cocFemU25a", "4"),
            line("deDropIn01", "20240305", "ouRiver001", "cocFem25pa", "6"),
            line("deDropIn01", "20240305", "ouRiver001", "cocMale000", "12"),
            line("deOutrch01", "2024W5", "ouHarbr001", "cocTransW0", "3"),
            line("deOutrch01", "2024W05", "ouHarbr001", "cocFemU25a", "7"),
            line("deOutrch01", "2024W10", "ouHarbr001", "cocFemU25a", "2"),
            line("deDropIn01", "202403", "ouHarbr001", "cocMale000", "40"),
            line("deDropIn01", "2024-04", "ouHarbr001", "cocMale000", "41"),
            line("deDropIn01", "20240306", "ouRiver001", "cocMale000", "99", deleted="true"),
        ]
    )
    report = run(db, data)
    assert report.ok and report.deleted_skipped == 1 and report.written == 7
    assert stored(db) == [
        ("day", dt.date(2024, 3, 5), "Riverside", "man", 12),
        ("day", dt.date(2024, 3, 5), "Riverside", "woman", 10),
        ("month", dt.date(2024, 3, 1), "Harbour", "man", 40),
        ("month", dt.date(2024, 4, 1), "Harbour", "man", 41),
        ("week", dt.date(2024, 1, 29), "Harbour", "trans_woman", 3),  # ISO week 5 of 2024
        ("week", dt.date(2024, 1, 29), "Harbour", "woman", 7),
        ("week", dt.date(2024, 3, 4), "Harbour", "woman", 2),
    ]


def test_unmapped_codes_are_listed_once_each_and_nothing_is_written(db):
    data = HEADER + "".join(
        [
            line("deDropIn01", "20240305", "ouRiver001", "cocFemU25a", "4"),
            line("deNSP00001", "20240305", "ouRiver001", "cocFemU25a", "4"),
            line("deNSP00001", "20240306", "ouNew00001", "cocOther00", "4"),
        ]
    )
    with pytest.raises(ImportRejected) as info:
        run(db, data)
    report = info.value.report
    assert report.problems == [
        Problem(
            3,
            "dataelement",
            "deNSP00001",
            "No mapping for this data element code (2 rows): map it to a service and import again.",
        ),
        Problem(
            4,
            "orgunit",
            "ouNew00001",
            "No mapping for this org unit code (1 rows): map it to a site and import again.",
        ),
        Problem(
            4,
            "categoryoptioncombo",
            "cocOther00",
            "No mapping for this category option "
            "combo code (1 rows): map it to a gender group and import again.",
        ),
    ]
    assert report.unmapped == {
        "dataelement": ["deNSP00001"],
        "orgunit": ["ouNew00001"],
        "categoryoptioncombo": ["cocOther00"],
    }
    assert stored(db) == []


def test_a_mapping_given_with_the_file_is_used_and_saved_with_the_import(db):
    data = HEADER + line("deNSP00001", "20240305", "ouRiver001", "cocFemU25a", "4")
    extra = [("dataelement", "deNSP00001", "Needle and syringe programme")]
    preview = run(db, data, dry_run=True, mapping_rows=extra)
    assert preview.ok
    with session_scope(db) as s:
        assert not s.scalar(select(Dhis2Mapping.id).where(Dhis2Mapping.code == "deNSP00001"))
    assert run(db, data, mapping_rows=extra).written == 1
    saved = {(m.kind, m.code): m.target for m in list_mappings(db)}
    assert saved[("dataelement", "deNSP00001")] == "needle and syringe programme"


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        (
            "2024Q1",
            "This is a quarterly period: only day (20240305), week (2024W10) and month "
            "(202403 or 2024-03) periods can be imported. Export the data set from DHIS2 "
            "by day, week or month.",
        ),
        (
            "2024",
            "This is a yearly period: only day (20240305), week (2024W10) and month "
            "(202403 or 2024-03) periods can be imported. Export the data set from DHIS2 "
            "by day, week or month.",
        ),
        ("2024W54", "2024 has no ISO week 54."),
        ("2024-13", "Not a real calendar date."),
        (
            "March 2024",
            "Not a DHIS2 period this import understands: use day (20240305), week "
            "(2024W10) and month (202403 or 2024-03).",
        ),
        ("202412", "The period starts in the future."),
    ],
)
def test_unsupported_or_bad_periods_are_refused_with_a_clear_reason(db, period, reason):
    data = HEADER + line("deDropIn01", period, "ouRiver001", "cocFemU25a", "4")
    with pytest.raises(ImportRejected) as info:
        run(db, data)
    assert info.value.report.problems == [Problem(2, "period", period, reason)]
    assert stored(db) == []


def test_bad_values_and_exact_duplicates_are_reported(db):
    data = HEADER + "".join(
        [
            line("deDropIn01", "20240305", "ouRiver001", "cocFemU25a", "-4"),
            line("deDropIn01", "20240306", "ouRiver001", "cocFemU25a", "4"),
            line("deDropIn01", "20240306", "ouRiver001", "cocFemU25a", "5"),
            line("", "20240307", "ouRiver001", "cocFemU25a", "5"),
        ]
    )
    report = run(db, data, dry_run=True)
    assert report.problems == [
        Problem(2, "value", "-4", "A count cannot be negative."),
        Problem(
            4,
            "period",
            "20240306",
            "Same data element, period, org unit and option combos "
            "as row 3: each can appear only once in a file.",
        ),
        Problem(5, "dataelement", "", "The data element code is missing."),
    ]


def test_the_same_dhis2_file_twice_is_refused_and_existing_rows_can_be_replaced(db):
    data = HEADER + line("deDropIn01", "20240305", "ouRiver001", "cocFemU25a", "4")
    run(db, data)
    with pytest.raises(ImportRejected, match="1 problem found"):
        run(db, data)
    updated = data.replace(",4,admin", ",6,admin")
    assert run(db, updated, on_existing="replace").replaced == 1
    assert stored(db) == [("day", dt.date(2024, 3, 5), "Riverside", "woman", 6)]


def test_mappings_are_checked_against_sites_services_and_gender_groups(db):
    d = dina(db)
    with pytest.raises(ValidationError, match="No site is named 'Atlantis'"):
        save_mapping(db, kind="orgunit", code="x", target="Atlantis", actor=d)
    with pytest.raises(ValidationError, match="maps to a gender group"):
        save_mapping(db, kind="categoryoptioncombo", code="x", target="female", actor=d)
    with pytest.raises(ValidationError, match="The kind must be one of"):
        save_mapping(db, kind="indicator", code="x", target="woman", actor=d)
    with pytest.raises(ValidationError, match="Mapping line 3: Enter the DHIS2 code."):
        save_mappings(
            db, rows=[("orgunit", "a", "Riverside"), ("orgunit", "", "Riverside")], actor=d
        )
    changed = save_mapping(db, kind="orgunit", code="ouRiver001", target="harbour", actor=d)
    assert changed.target == "Harbour"
    with session_scope(db) as s:
        assert s.scalar(select(func.count(Dhis2Mapping.id))) == len(MAPPING)
    assert [(m.code, m.target) for m in list_mappings(db) if m.kind == "orgunit"] == [
        ("ouHarbr001", "Harbour"),
        ("ouRiver001", "Harbour"),
    ]


def test_age_bands_in_different_chunks_are_added_up_and_duplicates_found_across_chunks(db):
    data = HEADER + "".join(
        [
            line("deDropIn01", "20240305", "ouRiver001", "cocFemU25a", "4"),  # 2
            line("deDropIn01", "20240306", "ouRiver001", "cocMale000", "1"),  # 3
            line("deDropIn01", "20240305", "ouRiver001", "cocFem25pa", "6"),  # 4: same sum as 2
            line("deDropIn01", "20240306", "ouRiver001", "cocMale000", "2"),  # 5: repeats row 3
            line("deNSP00001", "20240307", "ouRiver001", "cocMale000", "2"),  # 6: unmapped
            line("deNSP00001", "20240308", "ouRiver001", "cocMale000", "2"),  # 7: unmapped
        ]
    )
    report = run(db, data, dry_run=True, chunk_rows=1)
    assert report.problems == [
        Problem(
            5,
            "period",
            "20240306",
            "Same data element, period, org unit and option combos "
            "as row 3: each can appear only once in a file.",
        ),
        Problem(
            6,
            "dataelement",
            "deNSP00001",
            "No mapping for this data element code (2 rows): map it to a service and import again.",
        ),
    ]
    fixed = data.replace(line("deDropIn01", "20240306", "ouRiver001", "cocMale000", "2"), "")
    extra = [("dataelement", "deNSP00001", "needle and syringe programme")]
    assert run(db, fixed, chunk_rows=2, mapping_rows=extra).written == 4
    assert stored(db)[:2] == [
        ("day", dt.date(2024, 3, 5), "Riverside", "woman", 10),
        ("day", dt.date(2024, 3, 6), "Riverside", "man", 1),
    ]


def test_a_file_that_is_not_a_data_value_set_is_refused_with_the_reason(db):
    with pytest.raises(ImportRejected) as info:
        run(db, "dataelement,period,orgunit\nde,20240305,ou\n")
    assert info.value.report.problems == [
        Problem(
            None,
            "",
            "",
            "A DHIS2 data-value set has at least 6 columns (dataelement, "
            "period, orgunit, categoryoptioncombo, attributeoptioncombo, value); this file "
            "has 3.",
        )
    ]


def test_the_mapping_download_is_neutralised_for_spreadsheets(db):
    with session_scope(db) as s:  # a site named before names were checked
        s.add(Site(name="=Riverside"))
    save_mapping(db, kind="orgunit", code="+ouX", target="=riverside", actor=dina(db))
    lines = mapping_csv(db).splitlines()
    assert lines[0] == "kind,code,target"
    assert "orgunit,'+ouX,'=Riverside" in lines
    assert "orgunit,ouRiver001,Riverside" in lines
