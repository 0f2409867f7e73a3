"""The funder view's "Working with other services" section (issue 12): the last whole quarter
the link covers, its counts of people protected, and each site's referral card without
contact details, made when its button is pressed, after checking the link again."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from advisory import clock, i18n
from advisory.exports import referral_card as card_html
from advisory.i18n import _
from advisory.periods import Quarter
from advisory.services import referral_card, referral_work, share_links
from advisory.services.share_links import ShareScope
from components import working_with_services
from components.database import get_engine
from components.share_gate import INVALID_MESSAGE, TOKEN_KEY


def shared_quarter(scope: ShareScope, today: dt.date | None = None) -> Quarter:
    """The last whole quarter up to the end of the link's date range (or today)."""
    day = today or clock.today()
    end = min(day, scope.date_to) if scope.date_to else day
    quarter = Quarter.of(end)
    return quarter if quarter.end <= end else quarter.previous()


def show(scope: ShareScope, *, key: str) -> None:
    engine = get_engine()
    quarter = shared_quarter(scope)
    summary = referral_work.summary(engine, quarter=quarter, shared=True)
    working_with_services.show(summary, shared=True, key=key)
    token = st.session_state.get(TOKEN_KEY)
    language = i18n.active()  # the card is made on click, in a thread in English

    def card(site_id: int) -> bytes:
        with i18n.use(language):
            if share_links.resolve(engine, token) is None:
                return _(INVALID_MESSAGE).encode("utf-8")
            card_view = referral_card.card(engine, site_id=site_id, shared=True)
            return card_html.render(card_view).encode()

    for site_id, name in zip(scope.site_ids, scope.site_names, strict=True):
        slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
        st.download_button(
            _("Referral card of {site} (without contact details)").format(site=name),
            data=lambda site_id=site_id: card(site_id),  # type: ignore[misc]
            file_name=f"referral-card-{slug}-shared.html",
            mime="text/html",
            on_click="ignore",
            key=f"{key}_card_{site_id}",
            icon=":material/download:",
        )
