"""The funder view's "What changed" section: one short sentence per adaptation, with its
likely range, and the reasons behind it one tap away."""

from __future__ import annotations

import streamlit as st

from advisory.i18n import _
from advisory.reports.funder_view import FunderView
from advisory.services.shared_output import day_text
from components.markdown_text import plain


def show(view: FunderView) -> None:
    items = view.content.impact
    if items is None:
        return
    st.subheader(_("What changed for women"))
    if not items:
        st.write(_("No adaptations at these sites in this period."))
    for i, item in enumerate(items):
        ended = day_text(item.ended_on) if item.ended_on else _("still in place")
        st.markdown(f"**{plain(item.adaptation)}**  \n{plain(item.short)}")
        st.caption(
            plain(
                _("{kind} at {site}, from {start} ({ended})").format(
                    kind=_(item.kind), site=item.site, start=day_text(item.started_on), ended=ended
                )
            )
        )
        if item.text and item.text != item.short:
            with st.expander(_("Why, and what to keep in mind"), key=f"shared_impact_why_{i}"):
                st.write(plain(item.text))
