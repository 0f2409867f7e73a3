"""Exports that are safe to open in a spreadsheet.

Text in our tables comes from people (site names, categories, recommendation titles,
comments). A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula,
and tab or carriage return can smuggle one in; a formula such as ``=HYPERLINK(...)`` or a DDE
call can leak data or run commands when a director or funder opens the file ("CSV
injection", OWASP). So every text cell starting with one of those characters gets a leading
apostrophe, which spreadsheets read as "this is text". Numbers and dates are left alone:
``-2`` the number is not a formula, and turning numbers into text would break sums.

Only text is changed, and only by prefixing: the export still says what the data says.
"""

from __future__ import annotations

import datetime as dt
import io
import numbers
import re
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that can make a spreadsheet evaluate a text cell (OWASP list)."""

PREFIX = "'"
MAX_SHEET_TITLE = 31  # Excel's limit; longer titles make Excel "repair" the file.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_UNTOUCHED = (
    numbers.Number,  # int, float, Decimal, complex, numpy numbers, bool
    np.bool_,
    dt.date,  # and datetime, pd.Timestamp
    dt.time,
    dt.timedelta,  # and pd.Timedelta
    np.datetime64,
    np.timedelta64,
)


def neutralise_cell(value: object) -> object:
    """Return ``value`` safe to put in a spreadsheet cell.

    Contract: a ``str`` starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return comes
    back with a leading ``'``; other strings unchanged. Numbers (including bool, Decimal and
    numpy numbers), dates, times, durations, None and missing values come back unchanged
    (same object). Any other object is judged by ``str(value)``, since that is what a CSV
    writer prints: if that starts with a trigger, the prefixed string is returned.
    Never raises.
    """
    if value is None or isinstance(value, _UNTOUCHED) or value is pd.NA or value is pd.NaT:
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return PREFIX + text
    return value


def neutralise_text(value: object) -> str:
    """The text of one CSV cell written with the `csv` module, neutralised (None: "").

    For rows written one by one (streamed exports, problem lists) rather than as a frame.
    """
    text = "" if value is None else str(value)
    return PREFIX + text if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise_text` when a file comes back in (imports), so an exported name
    re-imports as the same name. Only the prefix we add is removed: `'=x` becomes `=x`."""
    if len(text) > 1 and text[0] == PREFIX and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could run `text` as a formula (its first character is one of
    FORMULA_TRIGGERS). Names that people type are refused on this rule (issue 14)."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell, column label and index label neutralised.

    Contract: only text-holding columns are touched (object, string and categorical dtypes);
    numeric, boolean and datetime columns keep their dtype and values, so numbers are never
    turned into strings. Text columns keep their dtype (object stays object, ``str`` stays
    ``str``); categorical columns come back as object. Missing values stay missing.
    Failure mode: ``TypeError`` for a non-DataFrame.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("neutralise_frame needs a pandas DataFrame.")
    out = df.copy()
    # why: labels are user text too (a category called "=cmd|..." becomes a header cell).
    out.columns = _neutralise_labels(df.columns)
    out.index = _neutralise_labels(df.index)
    # Position-based, so duplicate column names are handled.
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if isinstance(column.dtype, pd.CategoricalDtype):
            out.isetitem(position, column.astype(object).map(neutralise_cell))
        elif pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(
            column.dtype
        ):
            out.isetitem(position, column.map(neutralise_cell).astype(column.dtype))
    return out


def to_csv_bytes(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """The frame as neutralised CSV: UTF-8 with a byte-order mark, CRLF line ends.

    why the BOM: without it Excel guesses a legacy code page and mangles accents in names
    such as "Mlimani" or "São Paulo". CRLF is the CSV standard (RFC 4180).
    Failure mode: ``TypeError`` for a non-DataFrame.
    """
    safe = neutralise_frame(df)
    text = safe.to_csv(index=index, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame (header row, then data; no index), neutralised.

    Text cells are written with the string data type explicitly, so openpyxl cannot store one
    as a formula even if neutralisation were ever bypassed; the prefix still matters for the
    moment a user edits the cell, when the spreadsheet parses it again. Characters the file
    format cannot hold (control characters other than tab, newline and carriage return) are
    removed and carriage returns become line feeds (as XML would read them anyway). Missing
    values become empty cells; time zones are dropped (Excel has none).
    Failure mode: ``ValueError`` for no sheets, or a sheet title that is empty, longer than 31
    characters or contains one of ``[]:*?/\\``; ``TypeError`` for a value that is not a frame.
    """
    if not sheets:
        raise ValueError("A workbook needs at least one sheet.")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, frame in sheets.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"Sheet {title!r} must be a pandas DataFrame.")
        sheet = workbook.create_sheet(title=_checked_title(title))
        safe = neutralise_frame(frame)
        sheet.append([_cell_value(label) for label in safe.columns])
        for row in safe.itertuples(index=False, name=None):
            sheet.append([_cell_value(value) for value in row])
        _force_text_cells(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _neutralise_labels(labels: pd.Index) -> pd.Index:
    if isinstance(labels, pd.MultiIndex):
        tuples = [tuple(neutralise_cell(part) for part in label) for label in labels]
        return pd.MultiIndex.from_tuples(tuples, names=labels.names)
    if pd.api.types.is_object_dtype(labels.dtype) or pd.api.types.is_string_dtype(labels.dtype):
        return pd.Index([neutralise_cell(label) for label in labels], name=labels.name)
    return labels


def sheet_title(text: str, fallback: str = "Sheet") -> str:
    """`text` (a translated sheet name) made a valid title: []:*?/\\ become "-", at most 31
    characters; `fallback` when nothing is left.

    why: a translation is written by people who do not know Excel's rules, and a title that
    breaks them would make `to_xlsx_bytes` refuse the whole export.
    """
    cleaned = _SHEET_TITLE_FORBIDDEN.sub("-", text).strip()[:MAX_SHEET_TITLE].strip()
    return cleaned or fallback


def _checked_title(title: object) -> str:
    if (
        not isinstance(title, str)
        or not title.strip()
        or len(title) > MAX_SHEET_TITLE
        or _SHEET_TITLE_FORBIDDEN.search(title)
    ):
        raise ValueError(
            f"Sheet title {title!r} must be 1 to {MAX_SHEET_TITLE} characters without []:*?/\\."
        )
    return title


def _cell_value(value: object) -> object:
    """A value openpyxl can write: plain Python types, None for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.time | dt.timedelta):
        return value
    if isinstance(value, str):
        # why: an XML reader turns a bare carriage return into a line feed, so write what
        # will be read back.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    # Anything else is written as its text, like the CSV writer would. Neutralise again
    # after removing characters: "\x01=cmd" only becomes dangerous once "\x01" is gone.
    return neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _force_text_cells(sheet: Worksheet) -> None:
    # why: openpyxl marks any string starting with "=" as a formula ("f"); every string we
    # write is data, so say so explicitly.
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
