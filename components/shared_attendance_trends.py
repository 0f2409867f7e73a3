"""The funder view's "Women's visits" section: a chart per site, the protected table of the
same counts collapsed below it (issue 13: no 100-row weekly tables on a phone).

At most MAX_SITES sites are drawn; a national network's link to a hundred sites would be a
hundred charts (a hundred screens on a phone, and seconds to draw: 0.6 s at 10.5M rows and
100 sites), so the others are named in one line that points to the quarterly reports below,
which hold every site."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import N_, _, ngettext
from advisory.reports.funder_view import CHARTED_SITES, FunderView
from components.markdown_text import plain, plain_frame

TABLE_COLUMNS = (
    N_("Women"),
    N_("Trans women"),
    N_("Men"),
)  # what fits a phone; the report has them all
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
MAX_SITES = CHARTED_SITES  # the view builds figures for these only


def show(view: FunderView) -> None:
    trends = view.content.attendance
    if trends is None:
        return
    st.subheader(_("Women's visits"))
    if not trends:
        st.write(_("No attendance records for these sites and dates."))
    drawn = list(zip(trends[:MAX_SITES], view.charts[:MAX_SITES], strict=True))
    for i, (trend, figure) in enumerate(drawn):
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
    others = [trend.site for trend in trends[MAX_SITES:]]
    if others:
        st.caption(
            ngettext(
                "One more site, {names}, is in the quarterly reports below.",
                "{n} more sites are in the quarterly reports below: {names}.",
                len(others),
            ).format(n=len(others), names=plain(", ".join(others)))
        )
