"""Attendance importers: the canonical CSV/XLSX format and DHIS2 data-value sets.

Both end in the same pipeline (`canonical.run_pipeline`): every row is validated, every
problem is reported as (row number, column, value, reason), and the rows are written all or
nothing inside one savepoint of the caller's transaction, as one undoable import batch.
"""

from advisory.importers.canonical import (
    ImportOptions,
    ImportRejected,
    ImportReport,
    Problem,
    import_attendance,
    normalise_gender,
)

__all__ = [
    "ImportOptions",
    "ImportRejected",
    "ImportReport",
    "Problem",
    "import_attendance",
    "normalise_gender",
]
