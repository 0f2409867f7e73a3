"""Canonical CSV/XLSX import on SQLite and PostgreSQL: every rule, all or nothing, batches."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.errors import InvalidTransition, PermissionDenied
from advisory.importers.headers import PERSONAL_DATA_REASON
from advisory.importers.problems import Problem
from advisory.importers.report import ImportOptions, ImportRejected
from advisory.models import AttendanceRecord, AuditEvent, ImportBatch, Service, Site
from advisory.services import attendance_export, import_batches, service_list, users
from advisory.services.attendance_import import import_attendance
from tests.factories import TEST_ADMIN, make_user

TODAY = dt.date(2024, 6, 30)
HEADER = "date,site,service,gender,visits,unique_clients,new_clients\n"
GOOD = (
    HEADER
    + "2024-03-04,Riverside,drop-in visit,F,10,8,2\n"
    + "2024-03-04,Riverside,drop-in visit,M,20,,\n"
    + "2024-03-05,Harbour,outreach contact,TW,3,3,\n"
    + "2024-03-05,Harbour,outreach contact,,1,,\n"
).encode()


@pytest.fixture
def db(engine):  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        s.add_all([Site(name="Riverside"), Site(name="Harbour")])
        service_list.ensure_default_services(s)
    make_user(engine, "dina", "director")
    return engine


def dina(engine):  # type: ignore[no-untyped-def]
    return users.get_view(engine, "dina")


def run(engine, data: bytes, *, name: str = "file.csv", dry_run: bool = False, **opts):  # type: ignore[no-untyped-def]
    return import_attendance(
        engine,
        source=data,
        file_name=name,
        actor=dina(engine),
        dry_run=dry_run,
        today=TODAY,
        chunk_rows=opts.pop("chunk_rows", 100_000),
        progress=opts.pop("progress", None),
        write_progress=opts.pop("write_progress", None),
        options=ImportOptions(**opts),
    )


def rejected(engine, data: bytes, **opts) -> list[Problem]:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRejected) as info:
        run(engine, data, **opts)
    assert str(info.value).endswith("Nothing was written.")
    return info.value.report.problems


def row_count(engine) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.scalar(select(func.count(AttendanceRecord.id)))


def batch_count(engine) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.scalar(select(func.count(ImportBatch.id)))


def test_a_valid_file_is_written_as_one_batch_with_its_totals(db):
    report = run(db, GOOD)
    assert report.ok and report.written == 4 and report.batch_id is not None
    assert report.summary() == "Imported file.csv as batch #1: 4 rows written; 34 visits."
    assert report.totals.loc["Riverside"].to_dict() == {
        "woman": 10,
        "trans_woman": 0,
        "man": 20,
        "trans_man": 0,
        "non_binary": 0,
        "not_recorded": 0,
        "total": 30,
    }
    assert report.totals.loc["Harbour", "trans_woman"] == 3
    assert report.totals.loc["Harbour", "not_recorded"] == 1
    assert attendance_export.totals(db) == {
        "rows": 4,
        "visits": 34,
        "unique_clients": 11,
        "new_clients": 2,
    }
    with session_scope(db) as s:
        batch = s.get(ImportBatch, report.batch_id)
        assert (batch.by, batch.file_name, batch.source, batch.row_count) == (
            "dina",
            "file.csv",
            "csv",
            4,
        )
        assert len(batch.content_hash) == 64
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "attendance.import"))
        assert [e.entity_id for e in events] == [report.batch_id]


def test_the_dry_run_previews_rows_mapping_and_totals_and_writes_nothing(db):
    report = run(db, GOOD, dry_run=True)
    assert report.ok and report.rows_read == 4 and report.written == 0
    assert row_count(db) == 0 and batch_count(db) == 0
    assert report.preview[["row", "date", "site", "gender in file", "gender group"]].to_dict(
        "records"
    ) == [
        {
            "row": 2,
            "date": "2024-03-04",
            "site": "Riverside",
            "gender in file": "F",
            "gender group": "woman",
        },
        {
            "row": 3,
            "date": "2024-03-04",
            "site": "Riverside",
            "gender in file": "M",
            "gender group": "man",
        },
        {
            "row": 4,
            "date": "2024-03-05",
            "site": "Harbour",
            "gender in file": "TW",
            "gender group": "trans_woman",
        },
        {
            "row": 5,
            "date": "2024-03-05",
            "site": "Harbour",
            "gender in file": "",
            "gender group": "not_recorded",
        },
    ]
    assert report.gender_mapping.to_dict("records") == [
        {"label in file": "F", "gender group": "woman", "rows": 1},
        {"label in file": "M", "gender group": "man", "rows": 1},
        {"label in file": "TW", "gender group": "trans_woman", "rows": 1},
        {"label in file": "(blank)", "gender group": "not_recorded", "rows": 1},
    ]


def test_every_row_rule_is_reported_with_row_column_value_and_exact_reason(db):
    data = (
        b"date,site,service,gender,visits,period,unique_clients,new_clients\n"
        b",Riverside,drop-in visit,F,1,,,\n"  # 2
        b"2024-13-45x,Riverside,drop-in visit,F,1,,,\n"  # 3
        b"05/03/2024,Riverside,drop-in visit,F,1,,,\n"  # 4
        b"2024-02-30,Riverside,drop-in visit,F,1,,,\n"  # 5
        b"1989-12-31,Riverside,drop-in visit,F,1,,,\n"  # 6
        b"2024-07-01,Riverside,drop-in visit,F,1,,,\n"  # 7
        b"2024-03-04,Riverside,drop-in visit,F,1,fortnight,,\n"  # 8
        b"2024-03-06,Riverside,drop-in visit,F,1,week,,\n"  # 9
        b"2024-03-06,Riverside,drop-in visit,F,1,month,,\n"  # 10
        b"2024-03-04,,drop-in visit,F,1,,,\n"  # 11
        b"2024-03-04,Nowhere,drop-in visit,F,1,,,\n"  # 12
        b"2024-03-04,Riverside,,F,1,,,\n"  # 13
        b"2024-03-04,Riverside,juggling,F,1,,,\n"  # 14
        b"2024-03-04,Riverside,drop-in visit,lady,1,,,\n"  # 15
        b"2024-03-04,Riverside,drop-in visit,M,,,,\n"  # 16
        b"2024-03-04,Riverside,drop-in visit,TW,-2,,,\n"  # 17
        b"2024-03-04,Riverside,drop-in visit,TM,2.5,,,\n"  # 18
        b"2024-03-04,Riverside,drop-in visit,NB,many,,,\n"  # 19
        b"2024-03-04,Riverside,drop-in visit,Unknown,1000001,,,\n"  # 20
        b"2024-03-05,Riverside,drop-in visit,F,3,,4,\n"  # 21
        b"2024-03-05,Riverside,drop-in visit,M,5,,3,4\n"  # 22
        b"2024-03-05,Riverside,drop-in visit,TW,5,,,6\n"  # 23
        b"2024-03-06,Riverside,drop-in visit,F,5,,,\n"  # 24
        b"2024-03-06,riverside,Drop-in  visit,woman,7,,,\n"  # 25: same key as 24
    )
    assert rejected(db, data) == [
        Problem(2, "date", "", "Enter a date."),
        Problem(3, "date", "2024-13-45x", "Not a date: use YYYY-MM-DD (for example 2024-03-05)."),
        Problem(
            4,
            "date",
            "05/03/2024",
            "Not a date in YYYY-MM-DD form. If the file's dates are "
            "day first (DD/MM/YYYY), choose the day-first option and import again.",
        ),
        Problem(5, "date", "2024-02-30", "Not a real calendar date."),
        Problem(6, "date", "1989-12-31", "The date is before 1990: check the year."),
        Problem(7, "date", "2024-07-01", "The date is in the future."),
        Problem(8, "period", "fortnight", "The period must be day, week or month."),
        Problem(
            9,
            "date",
            "2024-03-06",
            "A week period starts on a Monday: 2024-03-06 is a "
            "Wednesday (that week's Monday is 2024-03-04).",
        ),
        Problem(10, "date", "2024-03-06", "A month period starts on the 1st: use 2024-03-01."),
        Problem(11, "site", "", "Enter the site's name."),
        Problem(
            12,
            "site",
            "Nowhere",
            "No site has this name. Correct it, or choose to create "
            "missing sites and services in this import.",
        ),
        Problem(13, "service", "", "Enter the service's name."),
        Problem(
            14,
            "service",
            "juggling",
            "No service has this name. Correct it, or choose to "
            "create missing sites and services in this import.",
        ),
        Problem(
            15,
            "gender",
            "lady",
            "Unknown gender label. Use woman, trans_woman, man, "
            "trans_man, non_binary or not_recorded (common variants such as F, M, TW or "
            "Unknown are understood).",
        ),
        Problem(16, "visits", "", "Enter the number of visits (0 if there were none)."),
        Problem(17, "visits", "-2", "A count cannot be negative."),
        Problem(18, "visits", "2.5", "Not a whole number."),
        Problem(19, "visits", "many", "Not a number."),
        Problem(20, "visits", "1000001", "Too large for one row (at most 1,000,000)."),
        Problem(21, "unique_clients", "4", "Unique clients cannot be more than visits."),
        Problem(22, "new_clients", "4", "New clients cannot be more than unique clients."),
        Problem(23, "new_clients", "6", "New clients cannot be more than visits."),
        Problem(
            25,
            "date",
            "2024-03-06",
            "Same site, service, period, date and gender as row 24: "
            "each combination can appear only once in a file.",
        ),
    ]
    assert row_count(db) == 0 and batch_count(db) == 0


def test_the_dry_run_reports_the_same_problems_and_the_unknown_names(db):
    data = (HEADER + "2024-03-04,Nowhere,juggling,F,1,,\n2024-03-04,Riverside,x,F,-1,,\n").encode()
    report = run(db, data, dry_run=True)
    assert not report.ok and report.problem_count == 4
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "site"),
        (2, "service"),
        (3, "service"),
        (3, "visits"),
    ]
    assert report.unknown_sites == ["Nowhere"] and report.unknown_services == ["juggling", "x"]
    assert report.problems_csv().splitlines()[:2] == [
        "row,column,value,reason",
        '2,site,Nowhere,"No site has this name. Correct it, or choose to create missing sites '
        'and services in this import."',
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "date,site,service,gender",
            [Problem(1, "visits", "", "This required column is missing.")],
        ),
        (
            "date,site,service,gender,visits,notes",
            [
                Problem(
                    1,
                    "notes",
                    "notes",
                    "Not a column this import understands. Use only: date, "
                    "site, service, gender, visits, period, unique_clients, new_clients.",
                )
            ],
        ),
        (
            "date,site,service,gender,visits,Visits",
            [Problem(1, "visits", "Visits", "This column appears more than once.")],
        ),
    ],
    ids=["missing", "unknown", "twice"],
)
def test_header_rules_are_reported_on_row_1(db, header, expected):
    data = (header + "\n2024-03-04,Riverside,drop-in visit,F,1,x\n").encode()
    assert rejected(db, data) == expected


@pytest.mark.parametrize(
    "column",
    ["Name", "client name", "Date of birth", "DOB", "phone", "Address", "client_id", "UIC"],
)
def test_a_personal_data_column_is_refused_with_the_reason_counts_only(db, column):
    data = f"date,site,service,gender,visits,{column}\n2024-03-04,Riverside,drop-in visit,F,1,x\n"
    report = run(db, data.encode(), dry_run=True)
    assert report.problems == [Problem(1, column, column, PERSONAL_DATA_REASON)]
    assert report.personal_data_columns == [column]
    assert "stores counts only" in PERSONAL_DATA_REASON and "never a person" in PERSONAL_DATA_REASON
    assert rejected(db, data.encode()) == [Problem(1, column, column, PERSONAL_DATA_REASON)]
    assert row_count(db) == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", Problem(None, "", "", "The file is empty.")),
        (HEADER.encode(), Problem(None, "", "", "The file has no rows to import.")),
        (
            HEADER.encode() + b"2024-03-04,Caf\xe9,drop-in visit,F,1,,\n",
            Problem(
                None,
                "",
                "",
                "The file is not UTF-8 text. In a spreadsheet, save it as 'CSV UTF-8 "
                "(comma delimited)' and import again.",
            ),
        ),
        (
            GOOD + b"2024-03-06,Riverside,drop-in visit,F,1,2,3,4\n",
            Problem(
                6,
                "",
                "",
                "This row has 8 values but the header has 7 columns: check for a stray "
                "comma, or put quotes around a value that contains one. Rows after it were not "
                "checked.",
            ),
        ),
    ],
    ids=["empty", "header-only", "not-utf8", "ragged-row"],
)
def test_whole_file_problems_are_refused(db, data, expected):
    assert rejected(db, data) == [expected]
    assert row_count(db) == 0


def test_day_first_dates_are_read_when_asked(db):
    data = (
        HEADER + "05/03/2024,Riverside,drop-in visit,F,2,,\n2024-03-06,Riverside,"
        "drop-in visit,F,1,,\n"
    ).encode()
    report = run(db, data, day_first=True)
    assert report.written == 2
    with session_scope(db) as s:
        days = sorted(s.scalars(select(AttendanceRecord.period_start)))
    assert days == [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]


def test_common_gender_labels_are_normalised_and_shown_before_commit(db):
    labels = [
        "F",
        "Female",
        "Woman",
        "W",
        "M",
        "Male",
        "Man",
        "TW",
        "Trans woman",
        "TM",
        "trans_man",
        "Non-binary",
        "NB",
        "Unknown",
        "",
        "n/a",
    ]
    lines = [
        f"2024-03-{i + 1:02d},Riverside,drop-in visit,{label},1,," for i, label in enumerate(labels)
    ]
    report = run(db, (HEADER + "\n".join(lines) + "\n").encode(), dry_run=True)
    table = report.gender_mapping
    mapping = dict(zip(table["label in file"], table["gender group"], strict=True))
    assert mapping == {
        "F": "woman",
        "Female": "woman",
        "Woman": "woman",
        "W": "woman",
        "M": "man",
        "Male": "man",
        "Man": "man",
        "TW": "trans_woman",
        "Trans woman": "trans_woman",
        "TM": "trans_man",
        "trans_man": "trans_man",
        "Non-binary": "non_binary",
        "NB": "non_binary",
        "Unknown": "not_recorded",
        "(blank)": "not_recorded",
        "n/a": "not_recorded",
    }


def test_a_bad_row_in_a_later_chunk_leaves_the_database_unchanged(db):
    run(db, GOOD)
    before = row_count(db)
    rows = [f"2024-04-{d:02d},Riverside,drop-in visit,F,{d},," for d in range(1, 25)]
    rows[20] = "2024-04-21,Riverside,drop-in visit,F,oops,,"
    data = (HEADER + "\n".join(rows) + "\n").encode()
    problems = rejected(db, data, chunk_rows=5)  # four chunks were checked before row 22
    assert problems == [Problem(22, "visits", "oops", "Not a number.")]
    assert row_count(db) == before and batch_count(db) == 1


def test_an_exception_while_writing_rolls_back_the_chunks_already_written(db):
    rows = [f"2024-04-{d:02d},Riverside,drop-in visit,F,{d},," for d in range(1, 25)]
    data = (HEADER + "\n".join(rows) + "\n").encode()
    written: list[int] = []

    def fail_after_two_chunks(done: int, total: int) -> None:
        written.append(done)
        if done >= 10:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError, match="disk unplugged"):
        run(db, data, chunk_rows=5, write_progress=fail_after_two_chunks)
    assert written == [5, 10]  # two chunks were inserted before the failure
    assert row_count(db) == 0 and batch_count(db) == 0


def test_an_exception_in_the_middle_of_an_import_writes_nothing(db):
    rows = [f"2024-04-{d:02d},Riverside,drop-in visit,F,{d},," for d in range(1, 25)]
    data = (HEADER + "\n".join(rows) + "\n").encode()

    def fail_after_first_chunk(done: int, total: int) -> None:
        if done >= 10:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError, match="disk unplugged"):
        run(db, data, chunk_rows=5, progress=fail_after_first_chunk)
    assert row_count(db) == 0 and batch_count(db) == 0


def test_a_caller_that_swallows_the_refusal_still_commits_nothing_of_the_import(db):
    data = GOOD + b"2024-03-06,Riverside,drop-in visit,F,-1,,\n"
    with session_scope(db) as s:
        s.add(Site(name="Added in the same transaction"))
        with pytest.raises(ImportRejected):
            import_attendance(
                s, source=data, file_name="f.csv", actor=dina(db), today=TODAY, chunk_rows=2
            )
    assert row_count(db) == 0 and batch_count(db) == 0
    with session_scope(db) as s:
        assert s.scalar(select(Site.id).where(Site.name == "Added in the same transaction"))


def test_duplicate_keys_across_chunks_are_found(db):
    rows = [f"2024-04-{d:02d},Riverside,drop-in visit,F,{d},," for d in range(1, 11)]
    rows.append("2024-04-02,Riverside,drop-in visit,Female,9,,")
    problems = rejected(db, (HEADER + "\n".join(rows) + "\n").encode(), chunk_rows=3)
    assert problems == [
        Problem(
            12,
            "date",
            "2024-04-02",
            "Same site, service, period, date and gender as row 3: "
            "each combination can appear only once in a file.",
        )
    ]


def test_the_same_file_twice_is_refused_by_its_content_hash(db):
    first = run(db, GOOD, name="march.csv")
    problems = rejected(db, GOOD, name="renamed.csv")
    assert len(problems) == 1
    at = problems[0].reason.split(" on ")[1][:16]
    assert problems[0] == Problem(
        None,
        "",
        "renamed.csv",
        f"This file was already imported on {at} by dina (batch #{first.batch_id}). Importing it "
        "again would count its visits twice; undo that batch first if you mean to import it "
        "again.",
    )
    assert row_count(db) == 4


def test_existing_rows_need_a_choice_then_replace_or_skip(db):
    run(db, GOOD)
    changed = GOOD.replace(b"F,10,8,2", b"F,12,8,2") + b"2024-03-06,Riverside,drop-in visit,F,5,,\n"
    problems = rejected(db, changed)
    assert problems == [
        Problem(
            None,
            "",
            "",
            "4 rows are already in the database (same site, service, period, "
            "date and gender). Choose whether to replace them or skip them.",
        )
    ]
    preview = run(db, changed, dry_run=True)
    assert preview.existing_rows == 4 and not preview.ok

    skipped = run(db, changed, on_existing="skip")
    assert (skipped.written, skipped.skipped, skipped.replaced) == (1, 4, 0)
    assert attendance_export.totals(db)["visits"] == 34 + 5
    import_batches.undo_batch(db, batch_id=skipped.batch_id, actor=dina(db))

    replaced = run(db, changed, on_existing="replace")
    assert (replaced.written, replaced.skipped, replaced.replaced) == (5, 0, 4)
    assert attendance_export.totals(db) == {
        "rows": 5,
        "visits": 36 + 5,
        "unique_clients": 11,
        "new_clients": 2,
    }
    batches = {b.id: b for b in import_batches.list_batches(db)}
    assert (batches[replaced.batch_id].replaced_count, batches[replaced.batch_id].rows_now) == (
        4,
        5,
    )
    assert batches[1].rows_now == 0  # its rows now belong to the replacing batch


def test_undo_removes_the_whole_batch_once(db):
    first = run(db, GOOD)
    second = run(db, (HEADER + "2024-03-07,Riverside,drop-in visit,F,5,,\n").encode())
    assert import_batches.undo_batch(db, batch_id=first.batch_id, actor=dina(db)) == 4
    assert row_count(db) == 1
    with pytest.raises(InvalidTransition, match=f"Batch #{first.batch_id} was already undone"):
        import_batches.undo_batch(db, batch_id=first.batch_id, actor=dina(db))
    views = {b.id: b for b in import_batches.list_batches(db)}
    assert views[first.batch_id].undone_by == "dina" and views[second.batch_id].rows_now == 1
    # once undone, the same file may be imported again
    assert run(db, GOOD).written == 4


def test_members_may_not_import_or_undo(db):
    member = make_user(db, "mary", "member")
    with pytest.raises(PermissionDenied):
        import_attendance(db, source=GOOD, file_name="f.csv", actor=member, dry_run=True)
    with pytest.raises(PermissionDenied):
        import_attendance(db, source=GOOD, file_name="f.csv", actor=member)
    report = run(db, GOOD)
    with pytest.raises(PermissionDenied):
        import_batches.undo_batch(db, batch_id=report.batch_id, actor=member)
    assert row_count(db) == 4


def test_a_director_whose_role_changed_since_the_page_was_drawn_may_not_import(db):
    stale = dina(db)
    users.set_role(db, username="dina", role="member", actor=TEST_ADMIN)
    with pytest.raises(PermissionDenied, match="Log in again"):
        import_attendance(db, source=GOOD, file_name="f.csv", actor=stale)
    assert row_count(db) == 0


def test_missing_sites_and_services_are_created_in_the_same_step_when_asked(db):
    data = (HEADER + "2024-03-04,Hilltop,night shelter,F,2,,\n").encode()
    preview = run(db, data, dry_run=True, create_missing=True)
    assert preview.ok and preview.created_sites == ["Hilltop"]
    with session_scope(db) as s:
        assert s.scalar(select(Site.id).where(Site.name == "Hilltop")) is None
    report = run(db, data, create_missing=True)
    assert report.summary() == (
        "Imported file.csv as batch #1: 1 rows written; new sites: Hilltop; new services: night "
        "shelter; 2 visits."
    )
    with session_scope(db) as s:
        assert s.scalar(select(Site.kind).where(Site.name == "Hilltop")) == "other"
        assert s.scalar(select(Service.id).where(Service.name == "night shelter")) is not None


def test_created_sites_are_rolled_back_with_a_refused_file(db):
    data = HEADER + "2024-03-04,Hilltop,drop-in visit,F,2,,\n2024-03-04,Hilltop,x,F,-2,,\n"
    rejected(db, data.encode(), create_missing=True, chunk_rows=1)
    with session_scope(db) as s:
        assert s.scalar(select(Site.id).where(Site.name == "Hilltop")) is None


def test_week_and_month_periods_and_semicolon_files_are_read(db):
    data = (
        b"Date;Site;Service;Gender;Visits;Period\n"
        b"2024-03-04;Riverside;drop-in visit;F;50;week\n"
        b"2024-02-01;Riverside;drop-in visit;F;200;monthly\n"
    )
    assert run(db, data).written == 2
    with session_scope(db) as s:
        periods = sorted(
            (str(p), d)
            for p, d in s.execute(select(AttendanceRecord.period, AttendanceRecord.period_start))
        )
    assert periods == [("month", dt.date(2024, 2, 1)), ("week", dt.date(2024, 3, 4))]


def test_an_xlsx_workbook_imports_like_the_csv(db):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["date", "site", "service", "gender", "visits"])
    sheet.append([dt.datetime(2024, 3, 4), "Riverside", "drop-in visit", "F", 10])
    sheet.append(["2024-03-05", "Riverside", "drop-in visit", "M", 20.0])
    sheet.append([dt.date(2024, 3, 6), "Riverside", "drop-in visit", "TW", -1])
    out = io.BytesIO()
    book.save(out)
    problems = rejected(db, out.getvalue(), name="t.xlsx", format="xlsx")
    assert problems == [Problem(4, "visits", "-1", "A count cannot be negative.")]
    sheet.delete_rows(4)
    out = io.BytesIO()
    book.save(out)
    report = run(db, out.getvalue(), name="t.xlsx", format="xlsx")
    assert report.written == 2 and int(report.totals["total"].sum()) == 30


def test_a_file_that_is_not_a_workbook_is_refused_as_xlsx(db):
    assert rejected(db, GOOD, format="xlsx") == [
        Problem(None, "", "", "The file is not a readable Excel workbook (.xlsx).")
    ]


def test_progress_is_reported_per_chunk(db):
    rows = [f"2024-04-{d:02d},Riverside,drop-in visit,F,{d},," for d in range(1, 13)]
    seen: list[tuple[int, int]] = []
    run(
        db,
        (HEADER + "\n".join(rows) + "\n").encode(),
        chunk_rows=5,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(5, 12), (10, 12), (12, 12)]


def test_export_then_import_into_an_empty_database_gives_the_same_totals(db, tmp_path):
    run(db, GOOD)
    with session_scope(db) as s:  # made before names were checked: older databases hold such
        s.add(Site(name="=Riverside"))
    run(
        db,
        (
            HEADER.replace(",unique_clients,new_clients", ",period") + "2024-03-04,=Riverside,"
            "drop-in visit,F,70,week\n"
        ).encode(),
    )
    out = io.StringIO()
    assert attendance_export.export_csv(db, out) == 5
    before = attendance_export.totals(db)
    text = out.getvalue()
    assert "'=Riverside" in text  # a spreadsheet would have run it as a formula
    with session_scope(db) as s:
        s.query(AttendanceRecord).delete()
    report = run(db, text.encode(), name="export.csv")
    assert report.written == 5
    assert attendance_export.totals(db) == before


def test_two_imports_of_the_same_rows_at_once_write_them_once_and_refuse_the_other(db):
    import threading
    import time

    first_written = threading.Event()
    outcome: dict[str, object] = {}

    def hold_open(done: int, total: int) -> None:
        first_written.set()
        time.sleep(1.0)  # keep the first write transaction open while the second one starts

    def first() -> None:
        outcome["first"] = run(db, GOOD, name="a.csv", write_progress=hold_open)

    def second() -> None:
        first_written.wait(10)
        try:
            run(db, GOOD + b"2024-03-06,Riverside,drop-in visit,F,1,,\n", name="b.csv")
        except ImportRejected as exc:
            outcome["second"] = exc.report.problems

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcome["first"].written == 4
    (problem,) = outcome["second"]
    # SQLite queues the second writer, which then finds the rows; PostgreSQL runs both and the
    # unique key stops the second.
    assert problem.reason in (
        "4 rows are already in the database (same site, service, period, date and gender). "
        "Choose whether to replace them or skip them.",
        "Another import wrote some of the same rows at the same moment, so nothing from this "
        "file was written. Check the file again, then choose replace or skip.",
    )
    assert row_count(db) == 4 and batch_count(db) == 1
