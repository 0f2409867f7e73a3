"""Write large .xlsx files quickly for the benchmarks (openpyxl needs ~35 s per million rows).

The files are what Excel itself writes: shared strings for text, dates as serial numbers with
a date style (numFmtId 14), numbers as numbers. Built with numpy string operations, 100,000
rows at a time, straight into the zip.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

_PARTS = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'{_HEAD}<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill '
        'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" '
        'xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'
    ),
}
_EXCEL_EPOCH_OFFSET = 25569  # days from 1899-12-30 to 1970-01-01


def write_xlsx(
    path: Path,
    header: Sequence[str],
    columns: Sequence[np.ndarray],
    *,
    compresslevel: int = 1,
    block: int = 100_000,
    repeat_rows: int = 0,
) -> None:
    """One sheet: `header`, then the rows of `columns` (datetime64 -> dates, ints -> numbers,
    anything else -> shared strings). `repeat_rows`: that many copies of a one-cell row
    without reference attributes instead (a "zip bomb" for the hostile-file benchmark)."""
    strings: dict[str, int] = {}

    def sid(text: str) -> int:
        return strings.setdefault(text, len(strings))

    letters = [chr(65 + i) for i in range(max(len(columns), len(header)))]
    cells: list[tuple[str, np.ndarray]] = []
    for col in columns:
        if np.issubdtype(col.dtype, np.datetime64):
            days = col.astype("datetime64[D]").astype(np.int64) + _EXCEL_EPOCH_OFFSET
            cells.append(('" s="1"><v>', days.astype(str)))
        elif np.issubdtype(col.dtype, np.integer):
            cells.append(('"><v>', col.astype(str)))
        else:
            codes, uniques = pd.factorize(col)
            ids = np.array([sid(str(u)) for u in uniques])
            cells.append(('" t="s"><v>', ids[codes].astype(str)))
    n = len(columns[0]) if columns else 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'{_HEAD}<worksheet xmlns="{_NS}"><sheetData>'.encode())
            head = "".join(
                f'<c r="{letters[j]}1" t="s"><v>{sid(h)}</v></c>' for j, h in enumerate(header)
            )
            f.write(f'<row r="1">{head}</row>'.encode())
            for lo in range(0, n, block):
                hi = min(n, lo + block)
                r = np.arange(lo + 2, hi + 2).astype(str)
                out = np.char.add(np.char.add('<row r="', r), '">')
                for j, (attr, values) in enumerate(cells):
                    cell = np.char.add(np.char.add(f'<c r="{letters[j]}', r), attr)
                    out = np.char.add(
                        out, np.char.add(np.char.add(cell, values[lo:hi]), "</v></c>")
                    )
                f.write("".join(np.char.add(out, "</row>").tolist()).encode())
            if repeat_rows:
                one = f'<row><c t="s"><v>{sid("x")}</v></c></row>'.encode()
                for lo in range(0, repeat_rows, block):
                    f.write(one * (min(repeat_rows, lo + block) - lo))
            f.write(b"</sheetData></worksheet>")
        shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        z.writestr(
            "xl/sharedStrings.xml",
            f'{_HEAD}<sst xmlns="{_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{shared}</sst>",
        )
