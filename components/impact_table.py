"""The table of all adaptations on the impact page, with the verdict and change up front.

why (issue 13, item 4): the verdict and the change were the fifth and seventh columns, behind
the site, start date, state and a long caveats column: cut off at 1280 px and out of sight on a
phone. Now they come right after the adaptation's name, and on a narrow screen the table gives
way to one compact card per adaptation (verdict and change first), because a grid of eight
columns cannot fit 390 px. Both are drawn; CSS keyed on the containers' keys shows one of them.
"""

from __future__ import annotations

import streamlit as st

from advisory.analysis.words import verdict_words
from advisory.i18n import N_, _, format_date
from advisory.services.impact_overview import OverviewRow
from components.markdown_text import plain

STATE_WORDS = {
    "estimate": N_("estimate"),
    "early_signal": N_("early signal"),
    "too_early": N_("too early"),
    "no data": N_("no data"),
}


def _state(state: str) -> str:
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


def _style() -> None:
    # Constant CSS, no data in it: a container's key becomes its class `st-key-<key>`, so
    # keys ending in `_wide_only` / `_narrow_only` are shown only below or only from 640 px wide.
    st.html(
        "<style>"
        '@media (max-width: 639px) { [class*="_wide_only"] { display: none; } }'
        '@media (min-width: 640px) { [class*="_narrow_only"] { display: none; } }'
        "</style>"
    )


def _cards(rows: list[OverviewRow]) -> None:
    for r in rows:
        with st.container(border=True):
            # Not bold: the page's first bold paragraph is the chosen adaptation's headline.
            st.markdown(f"{plain(r.name)} · {plain(r.site)}")
            verdict = plain(_verdict(r.verdict) or _state(r.state))
            if r.change:
                line = _("Women's visits: **{verdict}**, {change}.")
                st.markdown(line.format(verdict=verdict, change=plain(r.change)))
            else:
                st.markdown(_("Women's visits: **{verdict}**.").format(verdict=verdict))
            started = plain(_("Started {day}.").format(day=format_date(r.start_on, "dd MMM y")))
            if r.caveats:
                caveats = plain("; ".join(r.caveats)).capitalize()
                started = _("{started} {caveats}.").format(started=started, caveats=caveats)
            st.caption(started)
            st.markdown(
                "[{label}](impact?adaptation={id})".format(
                    label=_("Open the details"), id=r.adaptation_id
                )
            )


def _verdict(value: str) -> str:
    """The stored verdict value ("went up") in the reader's words; empty stays empty."""
    return verdict_words(value) if value else ""


def show(rows: list[OverviewRow], *, key: str) -> list[OverviewRow]:
    """Draw the site filter and the table (cards on a phone); return the rows left shown."""
    st.subheader(_("All adaptations"))
    site_filter = st.multiselect(
        _("Sites"),
        sorted({r.site for r in rows}),
        key=f"{key}_sites",
        placeholder=_("Choose options"),
    )
    rows = [r for r in rows if not site_filter or r.site in site_filter]
    _style()
    with st.container(key=f"{key}_wide_only"):
        name, verdict, change = _("adaptation"), _("women's visits"), _("change (likely range)")
        details = _("details")
        st.dataframe(
            [
                {
                    name: r.name,
                    verdict: _verdict(r.verdict),
                    change: r.change,
                    _("site"): r.site,
                    _("started"): r.start_on,
                    _("state"): _state(r.state),
                    _("caveats"): "; ".join(r.caveats),
                    _("data quality"): " ".join(r.quality),
                    details: f"impact?adaptation={r.adaptation_id}",
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
            column_config={
                # Pixel widths: the name, verdict and change fit a 1280 px window side by side.
                name: st.column_config.TextColumn(name, width=220),
                verdict: st.column_config.TextColumn(verdict, width=150),
                change: st.column_config.TextColumn(change, width=250),
                details: st.column_config.LinkColumn(details, display_text=_("open")),
            },
        )
    with st.container(key=f"{key}_narrow_only"):
        _cards(rows)
    return rows
