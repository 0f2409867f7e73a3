"""Referrals made per quarter and kind: the trend chart and, for staff, the form to enter a
quarter's count (issue 12). Counts are aggregates, never a person."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _, ngettext
from advisory.periods import Quarter
from advisory.services import referral_work
from advisory.services.referrals import KindView
from components import figure_memo
from components.database import get_engine
from components.forms import FieldErrors
from components.markdown_text import plain


@figure_memo.remembered
def trend_figure(frame: pd.DataFrame) -> go.Figure:
    """One line per kind across quarters (kind names are typed: escaped for plotly's labels)."""
    fig = go.Figure(
        [
            go.Scatter(
                name=escape(str(kind)),
                x=list(frame.index),
                y=frame[kind].tolist(),
                mode="lines+markers",
                hovertemplate="%{x}: %{y}<extra>" + escape(str(kind)) + "</extra>",
            )
            for kind in frame.columns
        ]
    )
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=320,
        legend={"orientation": "h", "y": -0.25},
        yaxis_title=_("Referrals made"),
    )
    return fig


def show_trend(*, key: str) -> None:
    rows = referral_work.referral_counts(get_engine())
    frame = referral_work.counts_frame(rows)
    if frame.empty:
        st.info(_("No referral counts entered yet."))
        return
    st.plotly_chart(trend_figure(frame), key=f"{key}_chart", config={"displayModeBar": False})
    st.dataframe(frame, key=f"{key}_table")


def form(*, actor: Actor, kinds: list[KindView], flash: str, key: str) -> None:
    """Enter (or correct) the number of referrals made in a quarter to one kind of service."""
    current = Quarter.of(clock.today())
    quarters = [current.previous(n) for n in range(0, 8)]
    names = {k.id: k.name for k in kinds}
    with st.form(key):
        errors = FieldErrors()
        st.markdown(_("**Enter referrals made** (a number of referrals, never names)"))
        quarter = st.selectbox(
            _("Quarter"), quarters, format_func=lambda q: q.display, key=f"{key}_quarter"
        )
        errors.slot("quarter")
        kind_id = st.selectbox(
            _("Kind of service"),
            list(names),
            format_func=lambda i: names[i],
            key=f"{key}_kind",
        )
        errors.slot("kind")
        count = st.number_input(_("Referrals made"), value=0, step=1, key=f"{key}_count")
        errors.slot("count")
        if st.form_submit_button(_("Save the count"), type="primary"):
            try:
                saved = referral_work.set_referral_count(
                    get_engine(),
                    quarter=quarter,
                    kind_id=kind_id,
                    count=count,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                st.session_state[flash] = ngettext(
                    "Saved: {n} referral to {kind} in {quarter}.",
                    "Saved: {n} referrals to {kind} in {quarter}.",
                    saved.count,
                ).format(
                    n=saved.count,
                    kind=plain(saved.kind),
                    quarter=Quarter.parse(saved.quarter).display,
                )
                st.rerun()
