"""Exports: text that a spreadsheet would run as a formula gets a leading apostrophe."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest

from advisory import spreadsheet_safety
from advisory.spreadsheet_safety import (
    neutralise_cell,
    neutralise_frame,
    neutralise_text,
    starts_like_formula,
    to_csv_bytes,
    to_xlsx_bytes,
    unneutralise,
)


def golden_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "plain", "São Paulo"],
            "visits": [1, 2, -3, 4, 5, 6, 7, 1234],
            "rate": [1.5, -2.25, 0.0, 3.0, None, 10.0, 2.5, -0.5],
        }
    )


def read_back(data: bytes) -> dict[str, list[list[tuple[object, str]]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
        for sheet in workbook
    }


# neutralise_cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (
            '=HYPERLINK("http://example.invalid","click")',
            '\'=HYPERLINK("http://example.invalid","click")',
        ),
        ("=", "'="),
    ],
)
def test_text_starting_with_a_formula_character_gets_an_apostrophe(
    text: str, expected: str
) -> None:
    assert neutralise_cell(text) == expected


@pytest.mark.parametrize("text", ["plain", "", "a=b", "1+1", "Women-only Tuesday", " =x", "'=x"])
def test_other_text_is_unchanged(text: str) -> None:
    assert neutralise_cell(text) == text


@pytest.mark.parametrize(
    "value",
    [
        -2,
        0,
        3.5,
        -0.5,
        float("nan"),
        Decimal("-1.25"),
        True,
        np.int64(-7),
        np.float64(-1.5),
        np.bool_(False),
        dt.date(2024, 1, 1),
        dt.datetime(2024, 1, 1, 9, 30),
        pd.Timestamp("2024-01-01"),
        dt.timedelta(days=-1),
        None,
        pd.NA,
        pd.NaT,
    ],
    ids=repr,
)
def test_numbers_dates_and_missing_values_are_untouched(value: object) -> None:
    assert neutralise_cell(value) is value


def test_other_objects_are_judged_by_the_text_a_csv_writer_would_print() -> None:
    class Formula:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    assert neutralise_cell(Formula()) == "'=cmd|' /C calc'!A0"


# neutralise_frame


def test_frame_neutralises_text_and_keeps_numbers_as_numbers() -> None:
    result = neutralise_frame(golden_frame())
    assert result["text"].tolist()[:6] == ["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", "'\rx"]
    assert result["visits"].dtype == np.int64
    assert result["rate"].dtype == np.float64
    assert result["visits"].tolist() == [1, 2, -3, 4, 5, 6, 7, 1234]
    assert result["text"].dtype == golden_frame()["text"].dtype


def test_frame_leaves_the_input_unchanged() -> None:
    frame = golden_frame()
    neutralise_frame(frame)
    pd.testing.assert_frame_equal(frame, golden_frame())


def test_mixed_object_column_keeps_its_numbers() -> None:
    frame = pd.DataFrame({"mixed": pd.Series([-2, "-2", None, 1.5], dtype=object)})
    assert neutralise_frame(frame)["mixed"].tolist() == [-2, "'-2", None, 1.5]


def test_column_and_index_labels_are_neutralised() -> None:
    frame = pd.DataFrame({"=cmd": [1]}, index=["@site"])
    result = neutralise_frame(frame)
    assert list(result.columns) == ["'=cmd"]
    assert list(result.index) == ["'@site"]


def test_categorical_columns_are_neutralised() -> None:
    frame = pd.DataFrame({"category": pd.Categorical(["=a", "b"])})
    assert neutralise_frame(frame)["category"].tolist() == ["'=a", "b"]


def test_duplicate_column_names_are_each_neutralised() -> None:
    frame = pd.DataFrame([["=a", "+b"]], columns=["x", "x"])
    assert neutralise_frame(frame).iloc[0].tolist() == ["'=a", "'+b"]


def test_missing_text_stays_missing() -> None:
    result = neutralise_frame(pd.DataFrame({"text": ["=a", None]}))
    assert result["text"].isna().tolist() == [False, True]


# CSV


def test_csv_export_matches_the_golden_bytes() -> None:
    expected = (
        b"\xef\xbb\xbf"
        b"text,visits,rate\r\n"
        b"'=SUM(A1),1,1.5\r\n"
        b"'+1,2,-2.25\r\n"
        b"'-2,-3,0.0\r\n"
        b"'@x,4,3.0\r\n"
        b"'\tx,5,\r\n"
        b'"\'\rx",6,10.0\r\n'
        b"plain,7,2.5\r\n"
        b"S\xc3\xa3o Paulo,1234,-0.5\r\n"
    )
    assert to_csv_bytes(golden_frame()) == expected


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_accents() -> None:
    assert to_csv_bytes(pd.DataFrame({"site": ["Mlimani"]})).startswith(b"\xef\xbb\xbf")


def test_csv_can_include_a_neutralised_index() -> None:
    frame = pd.DataFrame({"visits": [7]}, index=pd.Index(["=site"], name="site"))
    assert to_csv_bytes(frame, index=True) == b"\xef\xbb\xbfsite,visits\r\n'=site,7\r\n"


# XLSX


def test_xlsx_round_trip_gives_exact_values_and_no_formulas() -> None:
    notes = pd.DataFrame(
        {
            "=header": ["@mention", "ok"],
            "when": [pd.Timestamp("2024-03-04"), pd.NaT],
            "amount": [Decimal("-1.5"), Decimal("2")],
            "flag": [True, False],
        }
    )
    data = to_xlsx_bytes({"Attendance": golden_frame(), "Notes": notes})
    sheets = read_back(data)
    assert list(sheets) == ["Attendance", "Notes"]
    assert sheets["Attendance"] == [
        [("text", "s"), ("visits", "s"), ("rate", "s")],
        [("'=SUM(A1)", "s"), (1, "n"), (1.5, "n")],
        [("'+1", "s"), (2, "n"), (-2.25, "n")],
        [("'-2", "s"), (-3, "n"), (0, "n")],
        [("'@x", "s"), (4, "n"), (3, "n")],
        [("'\tx", "s"), (5, "n"), (None, "n")],
        # A carriage return is written as the line feed an XML reader would turn it into.
        [("'\nx", "s"), (6, "n"), (10, "n")],
        [("plain", "s"), (7, "n"), (2.5, "n")],
        [("São Paulo", "s"), (1234, "n"), (-0.5, "n")],
    ]
    assert sheets["Notes"] == [
        [("'=header", "s"), ("when", "s"), ("amount", "s"), ("flag", "s")],
        [("'@mention", "s"), (dt.datetime(2024, 3, 4), "d"), (-1.5, "n"), (True, "b")],
        [("ok", "s"), (None, "n"), (2, "n"), (False, "b")],
    ]
    for rows in sheets.values():
        assert all(data_type != "f" for row in rows for _, data_type in row)


def test_xlsx_stores_text_as_text_even_if_neutralising_were_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(spreadsheet_safety, "neutralise_frame", lambda frame: frame)
    monkeypatch.setattr(spreadsheet_safety, "neutralise_cell", lambda value: value)
    sheets = read_back(to_xlsx_bytes({"Raw": pd.DataFrame({"text": ["=SUM(A1)"]})}))
    assert sheets["Raw"][1] == [("=SUM(A1)", "s")]


def test_xlsx_removes_control_characters_and_then_neutralises() -> None:
    frame = pd.DataFrame({"text": ["\x01=cmd", "a\x07b"]})
    sheets = read_back(to_xlsx_bytes({"Sheet": frame}))
    assert sheets["Sheet"][1:] == [[("'=cmd", "s")], [("ab", "s")]]


def test_xlsx_drops_time_zones_keeping_local_time() -> None:
    when = pd.Timestamp("2024-03-04 10:00", tz="Africa/Dar_es_Salaam")
    sheets = read_back(to_xlsx_bytes({"Sheet": pd.DataFrame({"when": [when]})}))
    assert sheets["Sheet"][1] == [(dt.datetime(2024, 3, 4, 10, 0), "d")]


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "[x]", "what?"])
def test_invalid_sheet_titles_are_refused(title: str) -> None:
    with pytest.raises(ValueError, match="Sheet title"):
        to_xlsx_bytes({title: pd.DataFrame({"x": [1]})})


def test_a_workbook_needs_a_sheet() -> None:
    with pytest.raises(ValueError, match="at least one sheet"):
        to_xlsx_bytes({})


def test_a_sheet_must_be_a_frame() -> None:
    with pytest.raises(TypeError):
        to_xlsx_bytes({"Sheet": [[1, 2]]})  # type: ignore[dict-item]


# neutralise_text / unneutralise (streamed CSV rows and re-imports)


@pytest.mark.parametrize("text", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_formulas_are_neutralised_and_restored(text):
    assert neutralise_text(text) == "'" + text
    assert unneutralise(neutralise_text(text)) == text


def test_ordinary_text_and_numbers_are_left_alone():
    assert neutralise_text("Riverside") == "Riverside" and neutralise_text(12) == "12"
    assert unneutralise("'quoted") == "'quoted"


def test_a_name_starting_with_any_trigger_looks_like_a_formula():
    assert all(starts_like_formula(p + "x") for p in ("=", "+", "-", "@", "\t", "\r"))
    assert not starts_like_formula("Riverside") and not starts_like_formula("'=x")
