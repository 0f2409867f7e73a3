"""Admin: the audit trail (who did what, when, to which record)."""

import pandas as pd
import streamlit as st

from advisory.services import audit
from components.database import get_engine
from components.guard import require_page

require_page("audit")
st.title("Audit log")
st.caption("The latest 500 events. Passwords and share tokens are never recorded.")
rows = [
    {
        "when (UTC)": e.at,
        "who": e.actor,
        "what": e.action,
        "record": e.entity,
        "id": e.entity_id,
        "detail": e.detail,
    }
    for e in audit.recent(get_engine(), limit=500)
]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
