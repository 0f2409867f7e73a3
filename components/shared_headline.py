"""The funder view's first screen: the headline figures, as metric tiles that wrap two to a
row on a 390 px phone (issue 13: before any table)."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.reports.funder_view import FunderView
from advisory.services.shared_headline import figures

TILE_WIDTH = 165  # px: two tiles per row at 390 px, four or more on a desktop

# why (issue 13): bordered tiles with one-line labels made the headline 900 px tall on a
# 390x844 phone ("Recommendations r..."): labels wrap and the tiles go without a border, so
# every figure is read whole within the first screen. One literal style sheet, no data in it.


def show(view: FunderView) -> None:
    top = view.content.headline
    if top is None:
        return
    st.html(
        """
<style>
.st-key-funder_headline [data-testid="stMetricLabel"] p { white-space: normal; }
.st-key-funder_headline [data-testid="stMetricLabel"] div { overflow: visible; }
.st-key-funder_headline [data-testid="stMetricValue"] { font-size: 1.9rem; }
</style>
"""
    )
    st.subheader(_("Progress at a glance"))
    with st.container(horizontal=True, wrap=True, gap="small", key="funder_headline"):
        for label, value in figures(top):
            st.metric(label, value, width=TILE_WIDTH)
