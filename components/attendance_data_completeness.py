"""How complete the attendance data is: the not-recorded share per site and month, and the
weeks a site was open without any counts (women are under-counted when gender is not
written down)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.i18n import _, format_date, format_percent, ngettext
from components import attendance_charts


def show(share: pd.DataFrame, missing: pd.DataFrame, *, key: str = "attendance") -> None:
    """`share` from attendance_completeness.not_recorded_share, `missing` from
    missing_periods."""
    st.header(_("How complete is the data"))
    st.caption(
        _(
            "Women are often under-counted when gender is not written down. The map shows, for "
            "the site and period chosen above, the share of visits in each month whose gender "
            "was not recorded; the list below shows weeks the site was open but has no counts "
            "at all."
        )
    )
    if share.empty:
        st.write(_("No visits in this period."))
    else:
        st.plotly_chart(attendance_charts.completeness_figure(share), key=f"{key}_completeness")
        overall = share.groupby("site")[["visits", "not_recorded"]].sum()
        overall["not recorded"] = (overall["not_recorded"] / overall["visits"]).map(
            lambda ratio: format_percent(ratio, decimals=1) if pd.notna(ratio) else f"{ratio:.1%}"
        )
        st.dataframe(
            overall[["visits", "not recorded"]]
            .reset_index()
            .rename(
                columns={
                    "site": _("site"),
                    "visits": _("visits"),
                    "not recorded": _("not recorded"),
                }
            ),
            hide_index=True,
            key=f"{key}_completeness_table",
        )
    st.subheader(_("Missing weeks"))
    if missing.empty:
        st.success(_("No missing weeks: the site has counts for every week it was open."))
    else:
        st.warning(
            ngettext(
                "{count} week without any counts although the site was open. Add it from the "
                "tally sheets, or check the import.",
                "{count} weeks without any counts although the site was open. Add them from the "
                "tally sheets, or check the import.",
                len(missing),
            ).format(count=len(missing))
        )
        listing = missing.assign(
            week=missing["week_start"].map(lambda day: format_date(day, "dd MMM y"))
        )
        st.dataframe(
            listing[["site", "week", "reason"]].rename(
                columns={"site": _("site"), "week": _("week"), "reason": _("reason")}
            ),
            hide_index=True,
            key=f"{key}_missing",
        )
