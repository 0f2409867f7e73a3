"""Impact: how attendance changed after each adaptation, with honest statistics in plain words.

One headline per adaptation (the primary model); every section below it says how it relates
to that headline (issue 13). The analyses are remembered until the data change
(`advisory.services.impact_memo`), so a second visitor does not wait for the model fits again.
"""

import streamlit as st

from advisory.analysis.relation_words import LIKELY_RANGE_EXPLAINED
from advisory.i18n import _
from advisory.services import impact, impact_memo
from components import impact_headline, impact_options, impact_sections, impact_table
from components.database import get_engine
from components.guard import require_page

user = require_page("impact")

st.title(_("Impact of adaptations"))
st.caption(_(LIKELY_RANGE_EXPLAINED))

engine = get_engine()
offered = impact.choices(engine)
rows = impact_memo.overview(engine, k=offered.k)
if not rows:
    st.info(_("No adaptations yet. Directors can add them on the Adaptations page."))
    st.stop()

rows = impact_table.show(rows, key="impact")
if not rows:
    st.stop()

chosen = impact_options.show(rows, offered, key="impact")
with st.spinner(_("Working out the estimates…")):
    report = impact_memo.analyse(
        engine,
        adaptation_id=chosen.adaptation_id,
        freq=chosen.freq,
        service_ids=chosen.service_ids,
        comparison_site_id=chosen.comparison_site_id,
        window=chosen.window,
        k=offered.k,
        phase_in=chosen.phase_in,
    )

impact_headline.show(report, k=offered.k, key="impact")
impact_sections.show(report, key="impact")
