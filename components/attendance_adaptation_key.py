"""The key under an attendance chart: which adaptation each number on the chart stands for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from advisory.i18n import _, format_date
from components.attendance_charts import adaptation_marks
from components.markdown_text import plain


def show(index: pd.Index, adaptations: Sequence[tuple[dt.date, str]]) -> None:
    """One line per adaptation marked on the chart drawn over `index` (nothing when none)."""
    if not len(index):
        return
    marks = adaptation_marks(adaptations, index.min(), index.max())
    lines = [
        _("**{number}** {name}, from {day}").format(
            number=m.number, name=plain(m.name), day=format_date(m.start)
        )
        for m in marks
    ]
    if lines:
        st.caption("  \n".join(lines))
