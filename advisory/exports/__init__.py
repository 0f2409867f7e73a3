"""Downloadable files (CSV and XLSX), always written through advisory.spreadsheet_safety."""
