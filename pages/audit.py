"""Admin: the audit trail (who did what, when, to which record)."""

import pandas as pd
import streamlit as st

from advisory.i18n import _
from advisory.services import audit
from components.database import get_engine
from components.guard import require_page

require_page("audit")
st.title(_("Audit log"))
st.caption(_("The latest 500 events. Passwords and share tokens are never recorded."))
rows = [
    {
        _("when (UTC)"): e.at,
        _("who"): e.actor,
        _("what"): e.action,
        _("record"): e.entity,
        _("id"): e.entity_id,
        _("detail"): e.detail,
    }
    for e in audit.recent(get_engine(), limit=500)
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
