"""The funder view's "Impact of adaptations" section: verdicts and relative changes only."""

from __future__ import annotations

import streamlit as st

from advisory.services.share_content import ImpactSummary
from advisory.services.shared_output import day_text
from components.markdown_text import plain


def show(items: tuple[ImpactSummary, ...]) -> None:
    st.header("Impact of adaptations")
    if not items:
        st.write("No adaptations at these sites in this period.")
    for item in items:
        ended = day_text(item.ended_on) if item.ended_on else "still in place"
        st.subheader(plain(item.adaptation))
        st.caption(plain(f"{item.kind} at {item.site}, from {day_text(item.started_on)} ({ended})"))
        st.write(plain(item.text))
