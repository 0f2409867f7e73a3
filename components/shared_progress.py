"""The funder view's "Recommendation progress" section (static tables: no inputs)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.services.shared_output import day_text
from advisory.services.shared_recommendations import RecommendationProgress
from components.markdown_text import plain_frame


def show(recs: RecommendationProgress) -> None:
    st.header("Recommendation progress")
    col1, col2, col3 = st.columns(3)
    col1.metric("Recommendations", recs.by_status.display.loc["Total", "Recommendations"])
    col2.metric("Done or verified", recs.done_or_verified_pct)
    col3.metric("Past their due date", recs.overdue)
    left, right = st.columns(2)
    with left:
        st.subheader("By status")
        st.table(plain_frame(recs.by_status.display))
    with right:
        st.subheader("Raised and done per quarter")
        st.table(plain_frame(recs.per_quarter.display))
    st.subheader("The recommendations")
    if not recs.items:
        st.write("No recommendations in this period.")
        return
    rows = [
        {
            "Recommendation": i.title,
            "Category": i.category,
            "Status": i.status_label,
            "Raised": day_text(i.raised_on),
            "Responded": day_text(i.responded_on),
            "Due": day_text(i.due_on),
            "Done": day_text(i.done_on),
            "Verified": day_text(i.verified_on),
        }
        for i in recs.items
    ]
    st.table(plain_frame(pd.DataFrame(rows).set_index("Recommendation")))
