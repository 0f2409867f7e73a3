"""The "Weekly tally" tab: type one week's paper tally sheet and the days the site was open.

The grid and the open days are saved by one service call (`tally.save_tally`), so they are
saved together or not at all (issue 11).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _, format_date, ngettext
from advisory.models import GENDER_GROUPS
from advisory.periods import period_start
from advisory.services import attendance, service_list, tally
from advisory.services.attendance import GENDER_LABELS
from components import forms, site_choices
from components.database import get_engine

CAPTION = N_(
    "For services that count on paper: type one week's tally sheet. Blank cells are left as "
    "they are; a 0 means nobody came. Saving replaces what is stored for those cells."
)


def _week(key: str) -> tuple[int, int, dt.date] | None:
    """The site, service and week chosen (None when there is no site yet)."""
    sites = site_choices.show(active_only=True)
    services = [(x.id, x.name) for x in service_list.list_services(get_engine(), active_only=True)]
    if not sites:
        st.info(_("Add a site first (admins: Sites and settings)."))
        return None
    c1, c2, c3 = st.columns(3)
    site_id = c1.selectbox(
        _("Site"), [i for i, _name in sites], format_func=dict(sites).__getitem__, key=f"{key}_site"
    )
    service_id = c2.selectbox(
        _("Service"),
        [i for i, _name in services],
        format_func=dict(services).__getitem__,
        key=f"{key}_service",
    )
    today = clock.today()
    picked = c3.date_input(
        _("Week of"),
        value=today - dt.timedelta(days=today.weekday()),
        max_value=today,
        key=f"{key}_week",
    )
    return site_id, service_id, period_start(picked, "week")


def show(*, actor: Actor, key: str = "att_tally") -> None:
    st.caption(_(CAPTION))
    chosen = _week(key)
    if chosen is None:
        return
    site_id, service_id, week = chosen
    st.markdown(
        _("**Week from Monday {monday} to Sunday {sunday}**").format(
            monday=format_date(week, "dd MMMM y"),
            sunday=format_date(week + dt.timedelta(days=6), "dd MMMM y"),
        )
    )
    engine = get_engine()
    grid = tally.weekly_tally(engine, site_id=site_id, service_id=service_id, week_start=week)
    open_now = attendance.open_days(engine, site_id=site_id, freq="week", start=week, end=week)
    labels = {group: _(label) for group, label in GENDER_LABELS.items()}
    edited = st.data_editor(
        grid.rename(columns=labels),
        column_config={
            label: st.column_config.NumberColumn(label, min_value=0, step=1, format="%d")
            for label in labels.values()
        },
        num_rows="fixed",
        key=f"{key}_grid_{site_id}_{service_id}_{week.isoformat()}",
    )
    known = open_now.iloc[0] if len(open_now) and pd.notna(open_now.iloc[0]) else None
    open_days = st.number_input(
        _("Days open this week (leave at 0 and untick below if you do not know)"),
        min_value=0,
        max_value=7,
        step=1,
        value=int(known) if known is not None else 0,
        key=f"{key}_open_{site_id}_{week.isoformat()}",
    )
    record_open = st.checkbox(
        _("Record the days open"),
        value=known is not None,
        key=f"{key}_open_rec_{site_id}_{week.isoformat()}",
    )
    if not st.button(_("Save the tally"), type="primary", key=f"{key}_save"):
        return
    back = edited.rename(columns={v: k for k, v in labels.items()})
    try:
        result = tally.save_tally(
            engine,
            site_id=site_id,
            service_id=service_id,
            week_start=week,
            grid=back[list(GENDER_GROUPS)],
            open_days=float(open_days) if record_open else None,
            actor=actor,
        )
    except DomainError as exc:
        forms.show_error(exc)
    else:
        st.success(
            ngettext(
                "Tally saved as import #{batch}: {written} count ({replaced} replaced).",
                "Tally saved as import #{batch}: {written} counts ({replaced} replaced).",
                result.written,
            ).format(batch=result.batch_id, written=result.written, replaced=result.replaced)
        )
