"""Directors and admins: bring attendance in (file, DHIS2, weekly tally) and manage imports."""

import streamlit as st

from advisory.i18n import _
from components import (
    attendance_dhis2_mapping,
    attendance_history,
    attendance_services,
    attendance_tally,
    attendance_upload,
)
from components.guard import require_page

user = require_page("attendance_import")

st.title(_("Import attendance"))
st.caption(
    _(
        "Counts only: how many visits, by date, site, service and gender group. Never names, "
        "birth dates, phone numbers, addresses or client ids: files with such columns are "
        "refused."
    )
)

upload_tab, tally_tab, dhis2_tab, history_tab, services_tab = st.tabs(
    [_("Upload a file"), _("Weekly tally"), _("DHIS2 mapping"), _("Import history"), _("Services")]
)
with upload_tab:
    attendance_upload.show(actor=user, key="att_imp")
with tally_tab:
    attendance_tally.show(actor=user, key="att_tally")
with dhis2_tab:
    unmapped = attendance_upload.unmapped_codes()
    if attendance_dhis2_mapping.show(actor=user, unmapped=unmapped, key="att_dhis2"):
        attendance_upload.forget_check()  # check the chosen file again with the new mapping
with history_tab:
    attendance_history.show(actor=user, key="att_undo")
with services_tab:
    attendance_services.show(actor=user, key="att_service")
