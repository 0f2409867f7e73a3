"""Downloads of the referral pages: the site's printable referral card (with, or without,
contact details) and each list as CSV or all of them as one workbook. Files are built only
when a button is pressed, for an account still allowed to open the page (components/downloads).
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from advisory.actors import Actor
from advisory.exports import referral_card as card_html
from advisory.exports import referrals_export
from advisory.i18n import N_, _
from advisory.services import referral_card
from components.downloads import CSV, XLSX, deferred

HTML = "text/html"
# The button of each list (names from referrals_export.LISTS), whole messages for translators.
LIST_BUTTONS: dict[str, str] = {
    "directory": N_("Directory (CSV)"),
    "referral counts": N_("Referral counts (CSV)"),
    "trainings": N_("Trainings (CSV)"),
    "networks": N_("Networks (CSV)"),
    "forums": N_("Forums (CSV)"),
}


def card(*, actor: Actor, page: str, sites: list[tuple[int, str]], key: str) -> None:
    """A site picker and the two card downloads."""
    if not sites:
        return
    names = dict(sites)
    site_id = st.selectbox(
        _("Referral card for the site"),
        list(names),
        format_func=lambda i: names[i],
        key=f"{key}_site",
    )

    def build(shared: bool):
        def html(engine: Engine) -> bytes:
            data = referral_card.card(engine, site_id=site_id, shared=shared)
            return card_html.render(data).encode("utf-8")

        return html

    slug = "".join(c if c.isalnum() else "-" for c in names[site_id].lower()).strip("-")
    left, right = st.columns(2)
    left.download_button(
        _("Referral card (to print)"),
        deferred(actor, page, build(False)),
        file_name=f"referral-card-{slug}.html",
        mime=HTML,
        on_click="ignore",
        key=f"{key}_card",
        icon=":material/print:",
    )
    right.download_button(
        _("Card without contact details (to share)"),
        deferred(actor, page, build(True)),
        file_name=f"referral-card-{slug}-shared.html",
        mime=HTML,
        on_click="ignore",
        key=f"{key}_card_shared",
        icon=":material/share:",
    )
    st.caption(_("Open the file on a phone, or print it: it fits one A4 or Letter page."))


def lists(*, actor: Actor, page: str, which: tuple[str, ...], key: str) -> None:
    """CSV buttons for `which` (names from referrals_export.LISTS), and the whole workbook."""
    columns = st.columns(len(which) + 1)
    for column, name in zip(columns, which, strict=False):
        column.download_button(
            _(LIST_BUTTONS[name])
            if name in LIST_BUTTONS
            else _("{list} (CSV)").format(list=name.capitalize()),
            deferred(
                actor,
                page,
                lambda engine, n=name: referrals_export.csv_bytes(engine, which=n),  # type: ignore[misc]
            ),
            file_name=f"{name.replace(' ', '-')}.csv",
            mime=CSV,
            on_click="ignore",
            key=f"{key}_{name.replace(' ', '_')}",
        )
    columns[-1].download_button(
        _("Everything (Excel)"),
        deferred(actor, page, referrals_export.xlsx_bytes),
        file_name="working-with-other-services.xlsx",
        mime=XLSX,
        on_click="ignore",
        key=f"{key}_xlsx",
    )
