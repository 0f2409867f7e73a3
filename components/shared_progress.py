"""The funder view's list of recommendations, collapsed (the figures are at the top)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.i18n import _
from advisory.reports.funder_view import FunderView
from advisory.services.shared_output import day_text
from components.markdown_text import plain_frame


def show(view: FunderView) -> None:
    recs = view.content.recommendations
    if recs is None:
        return
    label = _("The recommendations ({n})").format(n=len(recs.items))
    with st.expander(label, key="shared_recommendations"):
        if not recs.items:
            st.write(_("No recommendations in this period."))
            return
        st.caption(
            _("Done or verified: {pct}. Past their due date: {overdue}.").format(
                pct=recs.done_or_verified_pct, overdue=recs.overdue
            )
        )
        rows = [
            {
                _("Recommendation"): i.title,
                _("Status"): i.status_label,
                _("Raised"): day_text(i.raised_on),
                _("Done"): day_text(i.done_on),
            }
            for i in reversed(recs.items)
        ]
        st.table(plain_frame(pd.DataFrame(rows).set_index(_("Recommendation"))))
