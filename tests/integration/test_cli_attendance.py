"""`python -m advisory import-attendance / export-attendance` on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from advisory import cli
from advisory.actors import CLI
from advisory.db import session_scope
from advisory.models import AttendanceRecord, Site
from advisory.services import attendance_export, import_batches, service_list

GOOD = (
    "date,site,service,gender,visits\n"
    "2024-03-04,Riverside,drop-in visit,F,10\n"
    "2024-03-04,Riverside,drop-in visit,M,20\n"
    "2024-03-05,Riverside,drop-in visit,Unknown,3\n"
)


@pytest.fixture
def db(engine, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    with session_scope(engine) as s:
        s.add(Site(name="Riverside"))
        service_list.ensure_default_services(s)
    return engine


def rows(engine) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.scalar(select(func.count(AttendanceRecord.id)))


def write(tmp_path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_prints_the_batch_summary_and_exits_0(db, tmp_path, capsys):
    path = write(tmp_path, "march.csv", GOOD)
    assert cli.main(["import-attendance", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Imported march.csv as batch #1: 3 rows written; 33 visits."
    assert out[1:5] == [
        "Gender labels:",
        "  'F' -> woman (1 rows)",
        "  'M' -> man (1 rows)",
        "  'Unknown' -> not_recorded (1 rows)",
    ]
    assert out[5] == "Visits by site and gender group:"
    assert out[6].split() == [
        "woman",
        "trans_woman",
        "man",
        "trans_man",
        "non_binary",
        "not_recorded",
        "total",
    ]
    assert out[-1].split() == ["Riverside", "10", "0", "20", "0", "0", "3", "33"]
    assert rows(db) == 3


def test_a_bad_file_lists_every_problem_exits_2_and_writes_nothing(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        GOOD + "2024-03-06,Riverside,drop-in visit,F,-1\n2024-03-07,Hilltop,drop-in visit,F,1\n",
    )
    assert cli.main(["import-attendance", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: The file was not imported: 2 problems found. Nothing was written.",
        "  row 5, column visits value '-1': A count cannot be negative.",
        "  row 6, column site value 'Hilltop': No site has this name. Correct it, or choose to "
        "create missing sites and services in this import.",
    ]
    assert rows(db) == 0


def test_create_missing_creates_unknown_sites_in_the_same_transaction(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "new.csv",
        "date,site,service,gender,visits\n2024-03-07,Hilltop,drop-in visit,F,1\n",
    )
    assert cli.main(["import-attendance", str(path), "--create-missing"]) == 0
    assert "new sites: Hilltop" in capsys.readouterr().out
    with session_scope(db) as s:
        assert s.scalar(select(Site.id).where(Site.name == "Hilltop")) is not None


def test_a_dry_run_reports_and_writes_nothing(db, tmp_path, capsys):
    path = write(tmp_path, "march.csv", GOOD)
    assert cli.main(["import-attendance", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "Dry run: no problems found; nothing was written.",
        "Checked 3 rows of march.csv; 33 visits.",
    ]
    assert rows(db) == 0


def test_existing_rows_need_on_existing_and_the_same_file_is_refused(db, tmp_path, capsys):
    path = write(tmp_path, "march.csv", GOOD)
    assert cli.main(["import-attendance", str(path)]) == 0
    assert cli.main(["import-attendance", str(path)]) == 2
    assert "This file was already imported on " in capsys.readouterr().err
    again = write(tmp_path, "march2.csv", GOOD + "2024-03-06,Riverside,drop-in visit,F,4\n")
    assert cli.main(["import-attendance", str(again)]) == 2
    assert "3 rows are already in the database" in capsys.readouterr().err
    assert cli.main(["import-attendance", str(again), "--on-existing", "skip"]) == 0
    assert "1 rows written; 0 replaced, 3 skipped" in capsys.readouterr().out
    assert rows(db) == 4


def test_day_first_dates_need_the_flag(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "dmy.csv",
        "date,site,service,gender,visits\n05/03/2024,Riverside,drop-in visit,F,1\n",
    )
    assert cli.main(["import-attendance", str(path)]) == 2
    assert "choose the day-first option" in capsys.readouterr().err
    assert cli.main(["import-attendance", str(path), "--day-first"]) == 0


def test_dhis2_with_a_mapping_file(db, tmp_path, capsys):
    data = write(
        tmp_path,
        "dhis2.csv",
        (
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted\n"
            "deDropIn01,2024W10,ouRiver001,cocFem,aoc,12,admin,2024-04-01,,false,false\n"
            "deDropIn01,202403,ouRiver001,cocMale,aoc,40,admin,2024-04-01,,false,false\n"
        ),
    )
    assert cli.main(["import-attendance", str(data), "--format", "dhis2"]) == 2
    err = capsys.readouterr().err
    assert "No mapping for this data element code (2 rows)" in err
    mapping = write(
        tmp_path,
        "map.csv",
        (
            "kind,code,target\ndataelement,deDropIn01,drop-in visit\norgunit,ouRiver001,Riverside\n"
            "categoryoptioncombo,cocFem,woman\ncategoryoptioncombo,cocMale,man\n"
        ),
    )
    assert (
        cli.main(["import-attendance", str(data), "--format", "dhis2", "--mapping", str(mapping)])
        == 0
    )
    # (the refused attempt used up batch id 1 on PostgreSQL, whose sequences never roll back)
    assert capsys.readouterr().out.splitlines()[0].endswith(": 2 rows written; 52 visits.")
    assert rows(db) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import-attendance", "/nonexistent.csv"], "error: no such file: /nonexistent.csv"),
        (
            ["import-attendance", "{good}", "--mapping", "{good}"],
            "error: --mapping is only for --format dhis2.",
        ),
    ],
)
def test_bad_arguments_exit_2(db, tmp_path, capsys, args, message):
    good = write(tmp_path, "g.csv", GOOD)
    assert cli.main([a.format(good=good) for a in args]) == 2
    assert capsys.readouterr().err.strip() == message


def test_export_re_imports_to_the_same_totals(db, tmp_path, capsys):
    path = write(tmp_path, "march.csv", GOOD)
    cli.main(["import-attendance", str(path)])
    out = tmp_path / "export.csv"
    assert cli.main(["export-attendance", "--out", str(out)]) == 0
    assert out.read_text().splitlines() == [
        "date,site,service,gender,visits,period,unique_clients,new_clients",
        "2024-03-04,Riverside,drop-in visit,man,20,day,,",
        "2024-03-04,Riverside,drop-in visit,woman,10,day,,",
        "2024-03-05,Riverside,drop-in visit,not_recorded,3,day,,",
    ]
    before = attendance_export.totals(db)
    import_batches.undo_batch(db, batch_id=1, actor=CLI)
    assert rows(db) == 0
    assert cli.main(["import-attendance", str(out)]) == 0
    assert attendance_export.totals(db) == before
    capsys.readouterr()
    assert cli.main(["export-attendance"]) == 0
    assert capsys.readouterr().out == out.read_text()


def test_create_missing_refuses_a_site_name_that_a_spreadsheet_would_run(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "new.csv",
        "date,site,service,gender,visits\n"
        '2024-03-07,"=HYPERLINK(""http://x"",""y"")",drop-in visit,F,1\n',
    )
    assert cli.main(["import-attendance", str(path), "--create-missing"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: The file was not imported: 1 problem found. Nothing was written.",
        '  row 2, column site value \'=HYPERLINK("http://x","y")\': A site name cannot start '
        "with =, +, -, @, a tab or a line break: a spreadsheet could run it as a formula. "
        "Start the name with a letter or a number.",
    ]
    with session_scope(db) as s:
        assert s.scalar(select(func.count(Site.id))) == 1
    assert rows(db) == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("UPLOAD_MAX_MB", "1")
    path = write(tmp_path, "march.csv", GOOD + "2024-03-08,Riverside,drop-in visit,F,1\n" * 40_000)
    assert cli.main(["import-attendance", str(path), "--dry-run"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "  file: The file is 1.5 MB; files up to 1 MB can be imported (setting UPLOAD_MAX_MB). "
        "Split it, for example by year or by site, and import each part."
    )
    assert rows(db) == 0
