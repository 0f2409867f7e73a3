"""The funder view's "Attendance trends" section: one protected table (and chart) per site."""

from __future__ import annotations

import streamlit as st

from advisory.reports import charts
from advisory.services.shared_attendance import AttendanceTrend
from components.markdown_text import plain, plain_frame


def show(trends: tuple[AttendanceTrend, ...]) -> None:
    st.header("Attendance trends")
    if not trends:
        st.write("No attendance records for these sites and dates.")
    for trend in trends:
        st.subheader(f"{plain(trend.site)}: visits per {trend.granularity}")
        if trend.table.display.empty:
            st.write("No attendance records for this site and these dates.")
            continue
        chart = charts.trend_svg(trend)
        if chart:
            st.image(chart, caption="Gaps are counts hidden to protect privacy.")
        st.table(plain_frame(trend.table.display))
        if trend.granularity != "week":
            st.caption(
                f"Shown per {trend.granularity}: weekly numbers at this site would mostly be "
                "hidden to protect privacy."
            )
