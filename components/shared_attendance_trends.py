"""The funder view's "Women's visits" section: a chart per site, the protected table of the
same counts collapsed below it (issue 13: no 100-row weekly tables on a phone)."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import N_, _
from advisory.reports.funder_view import FunderView
from components.markdown_text import plain, plain_frame

TABLE_COLUMNS = (
    N_("Women"),
    N_("Trans women"),
    N_("Men"),
)  # what fits a phone; the report has them all
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}


def show(view: FunderView) -> None:
    trends = view.content.attendance
    if trends is None:
        return
    st.subheader(_("Women's visits"))
    if not trends:
        st.write(_("No attendance records for these sites and dates."))
    for i, (trend, figure) in enumerate(zip(trends, view.charts, strict=True)):
        st.markdown(f"**{plain(trend.site)}**")
        if trend.table.display.empty:
            st.write(_("No attendance records for this site and these dates."))
            continue
        if figure is not None:
            st.plotly_chart(figure, config=CHART_CONFIG, key=f"shared_visits_chart_{i}")
        if trend.table.any_hidden:
            st.caption(_("Gaps are counts hidden to protect privacy."))
        per = _("month") if trend.granularity == "month" else _("quarter")
        with st.expander(
            _("Visits per {per}, as a table").format(per=per), key=f"shared_visits_{i}"
        ):
            shown = trend.table.display.columns
            # The table's headers in the reader's language, or in English if they are.
            columns = [_(c) if _(c) in shown else c for c in TABLE_COLUMNS]
            columns = [c for c in columns if c in shown]
            st.table(plain_frame(trend.table.display[columns].iloc[::-1]))
            st.caption(plain(trend.table.note))
