"""Attendance files in: canonical CSV/XLSX and DHIS2 data-value sets, checked then written.

Below the services and above the models (issue 11: imports point down, no cycle):

- `problems`: one Problem per finding, kept in a bounded ProblemLog (first 1,000 listed);
- `report`: ImportOptions (the request) and ImportReport / ImportRejected (the answer);
- `parsing`, `headers`: reading one value, and the columns (personal data refused);
- `sources`, `xlsx`, `dhis2`: where the rows come from (CSV, Excel, DHIS2 in chunks);
- `validation`, `rows`: every row checked, the good ones kept as numpy columns;
- `pipeline`: limits -> format (chosen only there) -> header -> rows -> report;
- `writer`: the bulk insert, the only part that runs in the write transaction.

`advisory.services.attendance_import` runs the check in a read transaction and the write in a
short write transaction; `advisory.services.tally` saves the weekly grid through the same
checks.
"""
