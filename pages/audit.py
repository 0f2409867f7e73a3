"""Admin: the audit trail (who did what, when, to which record)."""

import pandas as pd
import streamlit as st

from advisory.permissions import PAGE_ROLES
from advisory.services import audit
from components.database import session
from components.guard import require_role

require_role(*PAGE_ROLES["audit"])
st.title("Audit log")
st.caption("The latest 500 events. Passwords and share tokens are never recorded.")
with session() as s:
    events = audit.recent(s, limit=500)
    rows = [
        {
            "when (UTC)": e.at,
            "who": e.actor,
            "what": e.action,
            "record": e.entity,
            "id": e.entity_id,
            "detail": e.detail,
        }
        for e in events
    ]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
