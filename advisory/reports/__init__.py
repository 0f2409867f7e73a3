"""Printable reports (self-contained HTML: inline CSS, no external assets, tables and SVG)."""
