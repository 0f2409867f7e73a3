"""The top of one adaptation's impact: the one headline verdict, its figures and its chart.

The headline is the primary model's (women's visits against their own earlier pattern); the
sections below it (components/impact_sections.py) say how they relate to it (issue 13).
"""

from __future__ import annotations

import streamlit as st

from advisory.analysis.wording import (
    EXPECTED_LABEL,
    format_count,
    format_range,
    headline,
    its_summary,
)
from advisory.analysis.words import verdict_words
from advisory.i18n import N_, _, format_date
from advisory.services.impact import ImpactReport
from components import impact_charts
from components.markdown_text import plain

CHART_TITLES = {"week": N_("Women's visits per week"), "month": N_("Women's visits per month")}


def _figures(report: ImpactReport, k: int) -> None:
    primary = report.primary.result
    assert primary is not None
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Visits since the change"), format_count(primary.observed_after, k))
    c2.metric(_(EXPECTED_LABEL), format_count(primary.expected_after, k))
    c3.metric(_("Change"), verdict_words(primary.verdict))
    rec = primary.recording
    if rec is not None and rec.shifted:
        st.caption(
            _(
                "Change over the after period, counting the visits as recorded: {recorded}; "
                "sharing out the visits with no gender recorded as before the change: "
                "{adjusted}."
            ).format(
                recorded=format_range(primary.after_ratio_ci),
                adjusted=format_range(rec.adjusted_ratio_ci),
            )
        )
    else:
        st.caption(
            _("Change over the after period: {change}.").format(
                change=format_range(primary.after_ratio_ci)
            )
        )


def show(report: ImpactReport, *, k: int, key: str) -> None:
    """The adaptation's name and dates, the headline, its reasons, figures, chart, warnings."""
    info = report.adaptation
    st.header(info.name)
    started, site = format_date(info.start_on, "dd MMMM y"), info.site_name
    if info.end_on:
        ended = format_date(info.end_on, "dd MMMM y")
        line = _("{site} · started {started} · ended {ended}").format(
            site=site, started=started, ended=ended
        )
    else:
        line = _("{site} · started {started}").format(site=site, started=started)
    st.write(line)
    primary = report.headline.result
    if primary is None:
        st.warning(
            _("No estimate for women's visits: {reason}").format(reason=report.primary.reason)
        )
        return
    st.subheader(_("Women's visits (women and trans women)"))
    st.markdown(f"**{plain(headline(primary))}**")
    for reason in primary.verdict_reasons:
        st.info(plain(reason))
    # The verdict and its reasons are shown above, so the paragraph leaves them out.
    st.markdown(plain(its_summary(primary, with_verdict=False)))
    if primary.likely_ranges:
        _figures(report, k)
    st.plotly_chart(
        impact_charts.its_figure(
            primary,
            title=_(CHART_TITLES[report.freq])
            if report.freq in CHART_TITLES
            else _("Women's visits per {period}").format(period=report.freq),
            start_label=_("{name} starts").format(name=info.name),
            others=report.other_marks,
        ),
        width="stretch",
        key=f"{key}_primary_chart",
    )
    for warning in primary.warnings:
        st.warning(plain(warning))
