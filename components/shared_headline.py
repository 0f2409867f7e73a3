"""The funder view's first screen: the headline figures, as metric tiles that wrap two to a
row on a 390 px phone (issue 13: before any table)."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.reports.funder_view import FunderView
from advisory.services.shared_headline import figures

TILE_WIDTH = 165  # px: two tiles per row at 390 px, four or more on a desktop


def show(view: FunderView) -> None:
    top = view.content.headline
    if top is None:
        return
    st.subheader(_("Progress at a glance"))
    with st.container(horizontal=True, wrap=True, gap="small"):
        for label, value in figures(top):
            st.metric(label, value, border=True, width=TILE_WIDTH)
