"""Impact: how attendance changed after each adaptation, with honest statistics in plain words."""

import streamlit as st

from advisory.analysis.wording import (
    EXPECTED_LABEL,
    format_count,
    format_range,
    headline,
    its_summary,
)
from advisory.permissions import PAGE_ROLES
from advisory.services import impact, organisation, service_list
from components import impact_charts, query_ids
from components.database import session
from components.guard import require_role
from components.markdown_text import plain

user = require_role(*PAGE_ROLES["impact"])

st.title("Impact of adaptations")
st.caption(
    "Did more women come after a change? Each estimate compares attendance with the pattern "
    "before the change (trend, seasons, opening days, other changes at the site). 'Likely range' "
    "is the 95% interval, widened to allow for runs of busy and quiet weeks."
)

with session() as s:
    k = organisation.small_number_k(s)
    rows = impact.overview(s, k=k)
    sites = [(x.id, x.name) for x in organisation.list_sites(s)]
    services = [(x.id, x.name) for x in service_list.list_services(s)]

if not rows:
    st.info("No adaptations yet. Directors can add them on the Adaptations page.")
    st.stop()

STATE_WORDS = {
    "estimate": "estimate",
    "early_signal": "early signal",
    "too_early": "too early",
    "no data": "no data",
}
st.subheader("All adaptations")
site_filter = st.multiselect("Sites", sorted({r.site for r in rows}), key="impact_sites")
rows = [r for r in rows if not site_filter or r.site in site_filter]
st.dataframe(
    [
        {
            "adaptation": r.name,
            "site": r.site,
            "started": r.start_on,
            "state": STATE_WORDS.get(r.state, r.state),
            "women's visits": r.verdict,
            "caveats": "; ".join(r.caveats),
            "change (likely range)": r.change,
            "data quality": " ".join(r.quality),
            "details": f"impact?adaptation={r.adaptation_id}",
        }
        for r in rows
    ],
    hide_index=True,
    width="stretch",
    column_config={"details": st.column_config.LinkColumn("details", display_text="open")},
)
if not rows:
    st.stop()

names = {r.adaptation_id: f"{r.name} · {r.site}" for r in rows}
requested = query_ids.record_id(st.query_params.get("adaptation"))
ids = list(names)
default = ids.index(requested) if requested in names else 0
chosen = st.selectbox(
    "Show the details of", ids, index=default, format_func=names.get, key="impact_adaptation"
)

with st.expander("Options", expanded=False):
    col1, col2 = st.columns(2)
    freq = col1.radio("Periods", ["week", "month"], horizontal=True, key="impact_freq")
    window = col2.slider("Before/after window (periods)", 4, 26, 12, key="impact_window")
    service_names = st.multiselect(
        "Services (none chosen: all)", [n for _, n in services], key="impact_services"
    )
    comparison_names = ["(none)"] + [n for _, n in sites]
    comparison = st.selectbox(
        "Compare with women's visits at", comparison_names, key="impact_comparison"
    )
    phase_in = st.slider(
        "Leave out the first periods after the start (for changes that take time)",
        0,
        12,
        0,
        key="impact_phase_in",
    )

service_ids = [i for i, n in services if n in service_names] or None
comparison_id = next((i for i, n in sites if n == comparison), None)

with st.spinner("Working out the estimates…"), session() as s:
    report = impact.analyse(
        s,
        adaptation_id=chosen,
        freq=freq,
        service_ids=service_ids,
        comparison_site_id=comparison_id,
        window=window,
        k=k,
        phase_in=phase_in,
    )

info = report.adaptation
st.header(info.name)
st.write(
    f"{info.site_name} · started {info.start_on:%d %B %Y}"
    + (f" · ended {info.end_on:%d %B %Y}" if info.end_on else "")
)

primary = report.primary.result
verdict_from = report.headline.result
if primary is None:
    st.warning(f"No estimate for women's visits: {report.primary.reason}")
else:
    st.subheader("Women's visits (women and trans women)")
    if verdict_from is not None:
        st.markdown(f"**{plain(headline(verdict_from))}**")
        for reason in verdict_from.verdict_reasons:
            st.info(plain(reason))
    if verdict_from is not primary and verdict_from is not None:
        st.caption(
            f"This verdict compares with {verdict_from.comparison_label}: busy and quiet weeks "
            "that both sites share cancel out."
        )
    # The verdict and its reasons are shown above, so the paragraph leaves them out.
    st.markdown(plain(its_summary(primary, with_verdict=verdict_from is None)))
    if primary.likely_ranges:
        c1, c2, c3 = st.columns(3)
        c1.metric("Visits since the change", format_count(primary.observed_after, k))
        c2.metric(EXPECTED_LABEL, format_count(primary.expected_after, k))
        c3.metric("Change", verdict_from.verdict if verdict_from else primary.verdict)
        rec = primary.recording
        if rec is not None and rec.shifted:
            st.caption(
                f"Change over the after period, counting the visits as recorded: "
                f"{format_range(primary.after_ratio_ci)}; sharing out the visits with no gender "
                f"recorded as before the change: {format_range(rec.adjusted_ratio_ci)}."
            )
        else:
            st.caption(f"Change over the after period: {format_range(primary.after_ratio_ci)}.")
    st.plotly_chart(
        impact_charts.its_figure(
            primary,
            title="Women's visits per " + freq,
            start_label=f"{info.name} starts",
            others=report.other_marks,
        ),
        width="stretch",
        key="impact_primary_chart",
    )
    for warning in primary.warnings:
        st.warning(plain(warning))

if info.weekdays:
    st.subheader("On the adapted day, or on other days?")
    if report.weekday is not None:
        st.markdown(plain(report.weekday.summary))
        st.caption(f"Conclusion: {report.weekday.conclusion}.")
    else:
        st.info(f"No day-by-day estimate: {report.weekday_reason}")

if report.controlled is not None:
    st.subheader("Compared with another site")
    if report.controlled.result is not None:
        st.markdown(plain(report.controlled.result.summary))
        if report.comparison_pre is not None and not report.comparison_pre.empty:
            st.plotly_chart(
                impact_charts.parallel_figure(
                    report.comparison_pre,
                    title="Before the change: did the two sites move in parallel?",
                ),
                width="stretch",
                key="impact_parallel_chart",
            )
    else:
        st.info(f"No comparison estimate: {report.controlled.reason}")

st.subheader("Did anything get worse?")
for outcome in report.secondary:
    with st.expander(outcome.label.capitalize()):
        if outcome.result is None:
            st.write(f"No estimate: {outcome.reason}")
        else:
            st.markdown(plain(outcome.result.summary))

if report.not_recorded:
    st.caption(plain(report.not_recorded))

with st.expander("Women's share of all visits (context only)"):
    st.caption(
        "Context only: the share rises by itself when men are asked not to come on one day, so "
        "it is not a measure of the change."
    )
    st.plotly_chart(
        impact_charts.share_figure(report.share, start=info.start_on),
        width="stretch",
        key="impact_share_chart",
    )

st.subheader("Raw totals, not adjusted for trend or season")
if report.descriptive is not None:
    st.markdown(plain(report.descriptive.summary))
else:
    st.info(report.descriptive_reason)

for warning in report.warnings:
    st.warning(plain(warning))

st.download_button(
    "Download the analysis table (CSV)",
    data=report.analysis_table().to_csv().encode(),
    file_name=f"impact-{info.id}.csv",
    mime="text/csv",
    key="impact_download",
)
