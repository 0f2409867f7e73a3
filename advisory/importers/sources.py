"""Where a file's bytes come from, and the limits checked before anything is parsed.

A source is the file's bytes (an upload) or a path (the command line: read in blocks, so memory
stays flat). CSV files are read with pandas' C parser in chunks of strings.

why (issue 14): some files cost minutes before they were refused. The size limit
(UPLOAD_MAX_MB) is checked before a byte is read, the row limit (IMPORT_MAX_ROWS) from the
line count taken while hashing, so a hostile file is refused in about the time it takes to
read it once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from advisory.i18n import N_, _, format_number
from advisory.importers.problems import FileProblem, Problem, whole_file

Source = bytes | str | Path
CHUNK_ROWS = 100_000

NOT_UTF8 = N_(  # English; translated with `_()` where the problem is made
    "The file is not UTF-8 text. In a spreadsheet, save it as 'CSV UTF-8 (comma delimited)' "
    "and import again."
)


def size_of(source: Source) -> int:
    return len(source) if isinstance(source, bytes) else os.path.getsize(source)


def too_large(size: int, limit: int) -> Problem:
    return whole_file(
        _(
            "The file is {size} MB; files up to {limit} MB can be imported (setting "
            "UPLOAD_MAX_MB). Split it, for example by year or by site, and import each part."
        ).format(
            size=format_number(size / 1_048_576, decimals=1),
            limit=format_number(limit / 1_048_576),
        )
    )


def too_many_rows(rows: int | None, limit: int) -> Problem:
    """The file has `rows` rows (None: more than `limit`, counting stopped there)."""
    if rows is None:
        message = _(
            "The file has more than {limit} rows; at most {limit} can be imported at once "
            "(setting IMPORT_MAX_ROWS). Split it, for example by year or by site, and import "
            "each part."
        )
    else:
        message = _(
            "The file has {rows} rows; at most {limit} can be imported at once (setting "
            "IMPORT_MAX_ROWS). Split it, for example by year or by site, and import each part."
        )
    return whole_file(message.format(rows=format_number(rows or 0), limit=format_number(limit)))


def content_hash(source: Source) -> tuple[str, int]:
    """SHA-256 of the file's bytes and its number of line breaks (read in 1 MB blocks)."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest(), source.count(b"\n")
    lines = 0
    with open(source, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def open_stream(source: Source) -> BinaryIO:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    return open(source, "rb")  # noqa: SIM115 - closed by the caller


def is_empty(stream: BinaryIO) -> bool:
    head = stream.read(4096)
    stream.seek(0)
    return not head.replace(b"\xef\xbb\xbf", b"").strip()


def csv_header(stream: BinaryIO) -> tuple[list[str], str]:
    """The first line's cells and the delimiter (comma, semicolon or tab: the most frequent)."""
    first = stream.readline()
    stream.seek(0)
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(whole_file(NOT_UTF8)) from None
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    header = next(csv.reader([line], delimiter=delimiter), [])
    return header, delimiter


_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def csv_chunks(
    stream: BinaryIO,
    *,
    names: list[str],
    delimiter: str,
    chunk_rows: int,
    usecols: list[int] | None = None,
    not_utf8: str = NOT_UTF8,
    trailing_delimiter_ok: bool = False,
) -> Iterator[pd.DataFrame]:
    """DataFrames of strings named `names` (the columns at `usecols`), plus a `row` column
    numbering rows as a spreadsheet does (the header is row 1). FileProblem when it cannot
    go on (not UTF-8, a row with more values than the header)."""
    start = 2
    reader = None
    try:
        reader = pd.read_csv(
            stream,
            sep=delimiter,
            header=0,
            names=names if usecols is None else None,
            usecols=usecols,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
            encoding="utf-8-sig",
            engine="c",
            # DHIS2 exports may end every line with a delimiter; canonical files may not.
            index_col=False if trailing_delimiter_ok else None,
        )
        for chunk in reader:
            if usecols is not None:
                chunk.columns = names
            chunk["row"] = np.arange(start, start + len(chunk), dtype=np.int64)
            start += len(chunk)
            yield chunk.fillna("") if usecols is not None else chunk
    except UnicodeDecodeError:
        raise FileProblem(whole_file(_(not_utf8))) from None
    except pd.errors.ParserError as exc:
        match = _RAGGED.search(str(exc))
        if match:
            expected, line, saw = match.groups()
            raise FileProblem(
                Problem(
                    int(line),
                    "",
                    "",
                    _(
                        "This row has {saw} values but the header has {expected} columns: "
                        "check for a stray comma, or put quotes around a value that contains "
                        "one. Rows after it were not checked."
                    ).format(saw=saw, expected=expected),
                )
            ) from None
        reason = _("The file could not be read as CSV: {error}").format(error=exc)
        raise FileProblem(whole_file(reason)) from None
    finally:
        if reader is not None and not stream.closed:
            reader.close()
