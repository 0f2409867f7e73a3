"""Bounded cost for hostile files, and a check that never takes the write lock (issue 14)."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.importers import xlsx
from advisory.importers.pipeline import Limits
from advisory.importers.problems import Problem
from advisory.importers.report import ImportOptions, ImportRejected
from advisory.models import AttendanceRecord, Site
from advisory.services import service_list, users
from advisory.services.attendance_import import import_attendance
from bench.xlsx_writer import write_xlsx
from tests.factories import make_user

TODAY = dt.date(2024, 6, 30)
HEADER = "date,site,service,gender,visits\n"
ROW = "2024-03-04,Riverside,drop-in visit,F,10\n"
SPLIT = "Split it, for example by year or by site, and import each part."


@pytest.fixture
def db(sqlite_engine):  # type: ignore[no-untyped-def]
    with session_scope(sqlite_engine) as s:
        s.add(Site(name="Riverside"))
    make_user(sqlite_engine, "dina", "director")
    return sqlite_engine


def run(engine, data: bytes, *, limits: Limits | None = None, **kwargs):  # type: ignore[no-untyped-def]
    options = ImportOptions(format=kwargs.pop("format", "csv"))
    return import_attendance(
        engine,
        source=data,
        file_name=kwargs.pop("name", "f.csv"),
        actor=users.get_view(engine, "dina"),
        options=options,
        today=TODAY,
        file_limits=limits,
        **kwargs,
    )


def rows_stored(engine) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.scalar(select(func.count(AttendanceRecord.id)))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db):
    data = (HEADER + ROW * 30_000).encode()  # about 1.1 MB
    report = run(db, data, limits=Limits(max_bytes=1_048_576, max_rows=10**6), dry_run=True)
    assert report.problems == [
        Problem(
            None,
            "",
            "",
            f"The file is 1.1 MB; files up to 1 MB can be imported (setting "
            f"UPLOAD_MAX_MB). {SPLIT}",
        )
    ]
    assert report.rows_read == 0 and report.content_hash == ""  # not even hashed


def test_a_csv_with_more_rows_than_the_limit_is_refused_before_it_is_parsed(db):
    data = (HEADER + ROW * 101).encode()
    with pytest.raises(ImportRejected) as info:
        run(db, data, limits=Limits(max_bytes=10**9, max_rows=100))
    assert info.value.report.problems == [
        Problem(
            None,
            "",
            "",
            f"The file has 101 rows; at most 100 can be imported at once "
            f"(setting IMPORT_MAX_ROWS). {SPLIT}",
        )
    ]
    assert info.value.report.rows_read == 0 and rows_stored(db) == 0
    assert run(db, (HEADER + ROW).encode(), limits=Limits(10**9, 100)).written == 1


def test_a_workbook_unpacking_to_too_many_rows_is_refused_without_reading_the_rest(db, tmp_path):
    path = tmp_path / "bomb.xlsx"
    write_xlsx(path, ["day"], [], compresslevel=9, repeat_rows=200_000)
    assert path.stat().st_size < 50_000  # a few KiB that unpack to 200,000 rows
    with open(path, "rb") as fh:
        assert xlsx.count_rows(fh, limit=1_000) is None
        assert xlsx.count_rows(fh, limit=300_000) == 200_001
    started = time.perf_counter()
    report = run(db, path.read_bytes(), limits=Limits(10**9, 1_000), format="xlsx", dry_run=True)
    assert time.perf_counter() - started < 5
    assert report.problems == [
        Problem(
            None,
            "",
            "",
            "The file has more than 1,000 rows; at most 1,000 can be imported "
            f"at once (setting IMPORT_MAX_ROWS). {SPLIT}",
        )
    ]


def test_a_workbook_within_the_limit_reads_dates_numbers_and_text_like_the_csv(db):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Site", "Service", "Gender", "Visits", None])
    sheet.append([dt.datetime(2024, 3, 4), " Riverside ", "drop-in visit", "F", 10])
    sheet.append([dt.date(2024, 3, 5), "Riverside", "drop-in visit", "M", 20.0])
    sheet.append(["2024-03-06", "Riverside", "drop-in visit", True, "3"])
    out = io.BytesIO()
    book.save(out)
    report = run(db, out.getvalue(), format="xlsx", name="t.xlsx", dry_run=True)
    assert report.problems == [
        Problem(
            4,
            "gender",
            "True",
            "Unknown gender label. Use woman, trans_woman, man, "
            "trans_man, non_binary or not_recorded (common variants such as F, M, TW or "
            "Unknown are understood).",
        )
    ]
    assert report.preview["date"].tolist() == ["2024-03-04", "2024-03-05", "2024-03-06"]
    assert report.preview["visits"].tolist() == ["10", "20", "3"]


def test_a_value_beyond_the_header_in_a_workbook_is_refused_with_its_row(db):
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "site", "service", "gender", "visits"])
    sheet.append(["2024-03-04", "Riverside", "drop-in visit", "F", 1])
    sheet.append(["2024-03-05", "Riverside", "drop-in visit", "F", 1, "stray"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRejected) as info:
        run(db, out.getvalue(), format="xlsx")
    assert info.value.report.problems == [
        Problem(3, "", "", "This row has values beyond the header's columns.")
    ]
    assert rows_stored(db) == 0


def test_a_file_full_of_mistakes_lists_the_first_thousand_problems_and_counts_them_all(db):
    bad = [f"2024-03-{1 + d % 28:02d},Nowhere,juggling,lady,-{d}\n" for d in range(3_000)]
    started = time.perf_counter()
    report = run(db, (HEADER + "".join(bad)).encode(), dry_run=True, chunk_rows=700)
    assert time.perf_counter() - started < 10
    assert report.problem_count == 12_000  # site, service, gender and visits on every row
    assert len(report.problems) == 1_000
    assert [p.row for p in report.problems[:5]] == [2, 2, 2, 2, 3]
    assert report.problems[-1].row == 251
    assert report.problems_csv().splitlines()[-1] == ",,,... and 11000 more problems not listed"


def test_checking_a_file_takes_no_write_lock_so_others_can_save_meanwhile(db):
    data = (
        HEADER + "".join(f"2024-03-{d:02d},Riverside,drop-in visit,F,{d}\n" for d in range(1, 21))
    ).encode()
    saved: dict[str, float] = {}
    names: list[str] = []
    dina = users.get_view(db, "dina")

    def save_something_else(done: int, total: int) -> None:
        if "took" in saved:
            return
        started = time.perf_counter()
        # Another person saves while the check is under way (another thread, its own
        # connection): if the check held SQLite's write lock, this would wait and then fail.
        name = f"night shelter {len(names) + 1}"
        names.append(name)
        worker = threading.Thread(
            target=lambda: service_list.add_service(db, name=name, actor=dina)
        )
        worker.start()
        worker.join(20)
        saved["took"] = time.perf_counter() - started

    report = run(db, data, dry_run=True, progress=save_something_else, chunk_rows=5)
    assert report.ok and saved["took"] < 2
    saved.clear()
    assert run(db, data, progress=save_something_else, chunk_rows=5).written == 20
    assert saved["took"] < 2  # the real import's check, too, runs before its write lock
    listed = {x.name for x in service_list.list_services(db)}
    assert {"night shelter 1", "night shelter 2"} <= listed
