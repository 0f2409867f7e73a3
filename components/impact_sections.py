"""The sections under the impact headline, each opening with how it relates to the headline.

why (issue 13, item 4): the weekday split, the comparison site and the raw totals used to stand
alone, so a lay reader met three answers. Each now says first whether it agrees with the
headline, adds to it or reads differently (`advisory.analysis.relation_words`).
"""

from __future__ import annotations

import streamlit as st

from advisory.analysis.relation_words import (
    comparison_relation,
    raw_totals_relation,
    weekday_relation,
)
from advisory.i18n import _
from advisory.services.impact import ImpactReport
from components import impact_charts
from components.markdown_text import plain


def _weekday(report: ImpactReport) -> None:
    st.subheader(_("On the adapted day, or on other days?"))
    headline = report.headline.result
    if report.weekday is None:
        st.info(_("No day-by-day estimate: {reason}").format(reason=report.weekday_reason))
        return
    if headline is not None:
        st.markdown(plain(weekday_relation(headline, report.weekday)))
    st.markdown(plain(report.weekday.summary))
    st.caption(
        _("Day-by-day conclusion: {conclusion}.").format(conclusion=report.weekday.conclusion)
    )


def _comparison(report: ImpactReport, key: str) -> None:
    assert report.controlled is not None
    st.subheader(_("Compared with another site"))
    compared, headline = report.controlled.result, report.headline.result
    if compared is None:
        st.info(_("No comparison estimate: {reason}").format(reason=report.controlled.reason))
        return
    if headline is not None:
        site = compared.comparison_label or _("the comparison site")
        st.markdown(plain(comparison_relation(headline, compared, site)))
    st.markdown(plain(compared.summary))
    if report.comparison_pre is not None and not report.comparison_pre.empty:
        st.plotly_chart(
            impact_charts.parallel_figure(
                report.comparison_pre,
                title=_("Before the change: did the two sites move in parallel?"),
            ),
            width="stretch",
            key=f"{key}_parallel_chart",
        )


def _secondary(report: ImpactReport, key: str) -> None:
    st.subheader(_("Did anything get worse?"))
    for outcome in report.secondary:
        with st.expander(outcome.label.capitalize()):
            if outcome.result is None:
                st.write(_("No estimate: {reason}").format(reason=outcome.reason))
            else:
                st.markdown(plain(outcome.result.summary))
    if report.not_recorded:
        st.caption(plain(report.not_recorded))
    with st.expander(_("Women's share of all visits (context only)")):
        st.caption(
            _(
                "Context only: the share rises by itself when men are asked not to come on one "
                "day, so it is not a measure of the change."
            )
        )
        st.plotly_chart(
            impact_charts.share_figure(report.share, start=report.adaptation.start_on),
            width="stretch",
            key=f"{key}_share_chart",
        )


def _raw_totals(report: ImpactReport) -> None:
    st.subheader(_("Raw totals, not adjusted for trend or season"))
    if report.descriptive is None:
        st.info(report.descriptive_reason)
        return
    st.markdown(plain(report.descriptive.summary))
    st.caption(plain(raw_totals_relation(report.headline.result)))


def show(report: ImpactReport, *, key: str) -> None:
    """Weekday split, comparison site, other outcomes, raw totals, warnings and the download."""
    if report.adaptation.weekdays:
        _weekday(report)
    if report.controlled is not None:
        _comparison(report, key)
    _secondary(report, key)
    _raw_totals(report)
    for warning in report.warnings:
        st.warning(plain(warning))
    st.download_button(
        _("Download the analysis table (CSV)"),
        data=report.analysis_table().to_csv().encode(),
        file_name=f"impact-{report.adaptation.id}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_download",
    )
