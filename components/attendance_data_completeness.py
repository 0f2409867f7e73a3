"""How complete the attendance data is: the not-recorded share per site and month, and the
weeks a site was open without any counts (women are under-counted when gender is not
written down)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import attendance_charts


def show(share: pd.DataFrame, missing: pd.DataFrame, *, key: str = "attendance") -> None:
    """`share` from attendance_completeness.not_recorded_share, `missing` from
    missing_periods."""
    st.header("How complete is the data")
    st.caption(
        "Women are often under-counted when gender is not written down. The map shows, for the "
        "site and period chosen above, the share of visits in each month whose gender was not "
        "recorded; the list below shows weeks the site was open but has no counts at all."
    )
    if share.empty:
        st.write("No visits in this period.")
    else:
        st.plotly_chart(attendance_charts.completeness_figure(share), key=f"{key}_completeness")
        overall = share.groupby("site")[["visits", "not_recorded"]].sum()
        overall["not recorded"] = (overall["not_recorded"] / overall["visits"]).map("{:.1%}".format)
        st.dataframe(
            overall[["visits", "not recorded"]].reset_index(),
            hide_index=True,
            key=f"{key}_completeness_table",
        )
    st.subheader("Missing weeks")
    if missing.empty:
        st.success("No missing weeks: the site has counts for every week it was open.")
    else:
        weeks = "week" if len(missing) == 1 else "weeks"
        st.warning(
            f"{len(missing)} {weeks} without any counts although the site was open. Add them "
            "from the tally sheets, or check the import."
        )
        listing = missing.assign(week=missing["week_start"].dt.strftime("%d %b %Y"))
        st.dataframe(listing[["site", "week", "reason"]], hide_index=True, key=f"{key}_missing")
