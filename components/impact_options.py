"""What to analyse on the impact page: the adaptation, and the options of the analysis."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from advisory.i18n import N_, _
from advisory.services.impact_overview import ImpactChoices, OverviewRow
from components import query_ids

PERIODS = {"week": N_("week"), "month": N_("month")}
NO_COMPARISON = "(none)"


@dataclass(frozen=True)
class ImpactOptions:
    """The analysis asked for, as plain values (the arguments of `impact_memo.analyse`)."""

    adaptation_id: int
    freq: str
    window: int
    service_ids: tuple[int, ...] | None
    comparison_site_id: int | None
    phase_in: int


def show(rows: list[OverviewRow], offered: ImpactChoices, *, key: str) -> ImpactOptions:
    """The adaptation picker (the address's `?adaptation=` first) and the options expander."""
    names = {r.adaptation_id: f"{r.name} · {r.site}" for r in rows}
    requested = query_ids.record_id(st.query_params.get("adaptation"))
    ids = list(names)
    default = ids.index(requested) if requested in names else 0
    chosen = st.selectbox(
        _("Show the details of"),
        ids,
        index=default,
        format_func=lambda i: names[i],
        key=f"{key}_adaptation",
    )
    with st.expander(_("Options"), expanded=False):
        col1, col2 = st.columns(2)
        freq = col1.radio(
            _("Periods"),
            list(PERIODS),
            format_func=lambda period: _(PERIODS[period]),
            horizontal=True,
            key=f"{key}_freq",
        )
        window = col2.slider(_("Before/after window (periods)"), 4, 26, 12, key=f"{key}_window")
        service_names = st.multiselect(
            _("Services (none chosen: all)"),
            [n for _id, n in offered.services],
            key=f"{key}_services",
            placeholder=_("Choose options"),
        )
        comparison = st.selectbox(
            _("Compare with women's visits at"),
            [NO_COMPARISON] + [n for _id, n in offered.sites],
            format_func=lambda n: _("(none)") if n == NO_COMPARISON else n,
            key=f"{key}_comparison",
        )
        phase_in = st.slider(
            _("Leave out the first periods after the start (for changes that take time)"),
            0,
            12,
            0,
            key=f"{key}_phase_in",
        )
    service_ids = tuple(i for i, n in offered.services if n in service_names) or None
    return ImpactOptions(
        adaptation_id=chosen,
        freq=freq,
        window=window,
        service_ids=service_ids,
        comparison_site_id=next((i for i, n in offered.sites if n == comparison), None),
        phase_in=phase_in,
    )
