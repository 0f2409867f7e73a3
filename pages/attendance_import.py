"""Directors and admins: bring attendance in (file, DHIS2, weekly tally) and manage imports."""

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.importers import ImportOptions, ImportRejected, dhis2, import_attendance
from advisory.models import GENDER_GROUPS
from advisory.permissions import PAGE_ROLES
from advisory.services import attendance, organisation
from components import attendance_import_report, forms
from components.database import session
from components.guard import require_role

user = require_role(*PAGE_ROLES["attendance_import"])

st.title("Import attendance")
st.caption(
    "Counts only: how many visits, by date, site, service and gender group. Never names, "
    "birth dates, phone numbers, addresses or client ids: files with such columns are refused."
)

LAST_DONE = "att_imp_last_done"
REPORT, REPORT_KEY = "att_imp_report", "att_imp_report_key"
UPLOAD_ROUND = "att_imp_upload_round"
UNMAPPED = "att_imp_unmapped"

upload_tab, tally_tab, dhis2_tab, history_tab, services_tab = st.tabs(
    ["Upload a file", "Weekly tally", "DHIS2 mapping", "Import history", "Services"]
)

# --- upload a file -------------------------------------------------------------------------
with upload_tab:
    done = st.session_state.get(LAST_DONE)
    if done:
        st.success(done["summary"], icon=":material/check_circle:")
        st.markdown("**Imported visits by site and gender group**")
        st.table(pd.DataFrame(done["totals"]), hide_index=True)
    kind = st.radio(
        "What kind of file?",
        ["canonical", "dhis2"],
        format_func={
            "canonical": "Attendance file (CSV or Excel)",
            "dhis2": "DHIS2 data-value set (CSV)",
        }.get,
        horizontal=True,
        key="att_imp_kind",
    )
    if kind == "canonical":
        st.caption(
            "Columns: `date, site, service, gender, visits`, and if you have them `period` "
            "(day, week or month; day if left out), `unique_clients`, `new_clients`. One row per "
            "date, site, service and gender group. Dates as 2024-03-05."
        )
    else:
        st.caption(
            "Export the data-value set from DHIS2 as CSV (day, week or month periods). Codes "
            "are read through the saved mapping on the **DHIS2 mapping** tab."
        )
    round_no = st.session_state.get(UPLOAD_ROUND, 0)
    uploaded = st.file_uploader(
        "Choose the file",
        type=["csv", "xlsx"] if kind == "canonical" else ["csv"],
        key=f"att_imp_file_{kind}_{round_no}",
    )
    col1, col2 = st.columns(2)
    day_first = col1.checkbox(
        "Dates are day first (DD/MM/YYYY)",
        key="att_imp_day_first",
        disabled=kind == "dhis2",
        help="Tick this if the dates look like 05/03/2024 for 5 March.",
    )
    create_missing = col2.checkbox(
        "Create sites and services not known yet",
        key="att_imp_create_missing",
    )
    if uploaded is not None:
        st.session_state.pop(LAST_DONE, None)
        data = uploaded.getvalue()
        fmt = "dhis2" if kind == "dhis2" else (
            "xlsx" if uploaded.name.lower().endswith((".xlsx", ".xlsm")) else "csv"
        )  # fmt: skip
        on_existing = st.session_state.get("att_imp_on_existing")
        options = ImportOptions(
            format=fmt, day_first=day_first and fmt != "dhis2", on_existing=on_existing,
            create_missing=create_missing,
        )  # fmt: skip
        check_key = (hashlib.sha256(data).hexdigest(), uploaded.name, repr(options))
        if st.session_state.get(REPORT_KEY) != check_key:
            bar = st.progress(0.0, text="Checking every row…")

            def checking(done_rows: int, total: int) -> None:
                bar.progress(
                    min(done_rows / max(total, 1), 1.0), text=f"Checked {done_rows:,} rows"
                )

            try:
                with session() as s:
                    report = import_attendance(
                        s, source=data, file_name=uploaded.name, options=options,
                        by=user.username, role=user.role, dry_run=True, progress=checking,
                    )  # fmt: skip
            except DomainError as exc:
                bar.empty()
                forms.show_error(exc)
                st.stop()
            bar.empty()
            st.session_state[REPORT], st.session_state[REPORT_KEY] = report, check_key
            st.session_state[UNMAPPED] = report.unmapped
        report = st.session_state[REPORT]
        attendance_import_report.show(report, key="att_imp_check")
        if report.existing_rows:
            st.radio(
                f"{report.existing_rows:,} rows are already in the database. What should "
                "happen to them?",
                ["replace", "skip"],
                format_func={
                    "replace": "Replace them with the numbers in this file",
                    "skip": "Keep what is there and skip those rows",
                }.get,
                index=None,
                key="att_imp_on_existing",
            )
        if report.unmapped:
            st.info("Map the codes on the **DHIS2 mapping** tab (they are listed there), then "
                    "choose the file again.")  # fmt: skip
        if report.ok:
            if st.button(
                f"Import {report.rows_read:,} rows", type="primary", key="att_imp_commit",
                icon=":material/upload:",
            ):  # fmt: skip
                bar = st.progress(0.0, text="Importing…")

                def importing(done_rows: int, total: int) -> None:
                    bar.progress(
                        min(done_rows / max(total, 1), 1.0),
                        text=f"Imported {done_rows:,} of {total:,} rows",
                    )

                try:
                    with session() as s:
                        result = import_attendance(
                            s, source=data, file_name=uploaded.name, options=options,
                            by=user.username, role=user.role, progress=importing,
                        )  # fmt: skip
                except ImportRejected as exc:
                    bar.empty()
                    attendance_import_report.show_problems(exc.report, key="att_imp_refused")
                except DomainError as exc:
                    bar.empty()
                    forms.show_error(exc)
                else:
                    st.session_state[LAST_DONE] = {
                        "summary": result.summary(),
                        "totals": attendance_import_report.totals_table(result).to_dict("list"),
                    }
                    for k in (REPORT, REPORT_KEY, "att_imp_on_existing"):
                        st.session_state.pop(k, None)
                    st.session_state[UPLOAD_ROUND] = round_no + 1  # a fresh, empty uploader
                    st.rerun()

# --- weekly tally ----------------------------------------------------------------------------
with tally_tab:
    st.caption(
        "For services that count on paper: type one week's tally sheet. Blank cells are left as "
        "they are; a 0 means nobody came. Saving replaces what is stored for those cells."
    )
    with session() as s:
        sites = [(x.id, x.name) for x in organisation.list_sites(s, active_only=True)]
        active_services = [(x.id, x.name) for x in attendance.list_services(s, active_only=True)]
    if not sites:
        st.info("Add a site first (admins: Sites and settings).")
    else:
        c1, c2, c3 = st.columns(3)
        t_site = c1.selectbox(
            "Site", [i for i, _ in sites], format_func=dict(sites).get, key="att_tally_site"
        )
        t_service = c2.selectbox(
            "Service", [i for i, _ in active_services], format_func=dict(active_services).get,
            key="att_tally_service",
        )  # fmt: skip
        today = clock.today()
        picked = c3.date_input(
            "Week of", value=today - dt.timedelta(days=today.weekday()), max_value=today,
            key="att_tally_week",
        )  # fmt: skip
        week = attendance.period_start(picked, "week")
        st.markdown(f"**Week from Monday {week:%d %B %Y} to Sunday "
                    f"{week + dt.timedelta(days=6):%d %B %Y}**")  # fmt: skip
        with session() as s:
            grid = attendance.weekly_tally(s, site_id=t_site, service_id=t_service, week_start=week)
            open_now = attendance.open_days(s, site_id=t_site, freq="week", start=week, end=week)
        shown = grid.rename(columns=attendance.GENDER_LABELS)
        edited = st.data_editor(
            shown,
            column_config={
                label: st.column_config.NumberColumn(label, min_value=0, step=1, format="%d")
                for label in attendance.GENDER_LABELS.values()
            },
            num_rows="fixed",
            key=f"att_tally_grid_{t_site}_{t_service}_{week.isoformat()}",
        )
        known = open_now.iloc[0] if len(open_now) and pd.notna(open_now.iloc[0]) else None
        open_days_value = st.number_input(
            "Days open this week (leave at 0 and untick below if you do not know)",
            min_value=0, max_value=7, step=1, value=int(known) if known is not None else 0,
            key=f"att_tally_open_{t_site}_{week.isoformat()}",
        )  # fmt: skip
        record_open = st.checkbox(
            "Record the days open", value=known is not None,
            key=f"att_tally_open_rec_{t_site}_{week.isoformat()}",
        )  # fmt: skip
        if st.button("Save the tally", type="primary", key="att_tally_save"):
            back = edited.rename(columns={v: k for k, v in attendance.GENDER_LABELS.items()})
            try:
                with session() as s:
                    result = attendance.save_tally(
                        s, site_id=t_site, service_id=t_service, week_start=week,
                        grid=back[list(GENDER_GROUPS)], by=user.username, role=user.role,
                    )  # fmt: skip
                    if record_open:
                        attendance.set_open_time(
                            s, site_id=t_site, period="week", start=week,
                            open_days=float(open_days_value), open_hours=None,
                            by=user.username, role=user.role,
                        )  # fmt: skip
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.success(
                    f"Tally saved as import #{result.batch_id}: {result.written} counts "
                    f"({result.replaced} replaced)."
                )

# --- DHIS2 mapping -------------------------------------------------------------------------------
with dhis2_tab:
    st.caption(
        "Which DHIS2 code means which service (data element), site (org unit) or gender group "
        "(category option combo). Several codes may point to the same one (for example two "
        "age bands of women): their values are added up."
    )
    with session() as s:
        mappings = dhis2.list_mappings(s)
        targets = dhis2.mapping_targets(s)
    rows = [(m.kind, m.code, m.target) for m in mappings]
    unmapped = st.session_state.get(UNMAPPED) or {}
    have = {(k, c) for k, c, _ in rows}
    for k, codes in unmapped.items():
        rows += [(k, c, None) for c in codes if (k, c) not in have]
    if unmapped:
        st.warning("Codes from the last DHIS2 file without a mapping are added below with an "
                   "empty target: choose one for each, then save.")  # fmt: skip
    table = pd.DataFrame(rows, columns=["kind", "code", "target"])
    all_targets = sorted({t for values in targets.values() for t in values}, key=str.lower)
    edited_map = st.data_editor(
        table,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "kind": st.column_config.SelectboxColumn(
                "Kind of code", options=list(dhis2.MAPPING_KINDS), required=True
            ),
            "code": st.column_config.TextColumn("DHIS2 code", required=True, max_chars=64),
            "target": st.column_config.SelectboxColumn("Means", options=all_targets, required=True),
        },
        key="att_dhis2_editor",
    )
    st.caption(
        "Data elements map to a service, org units to a site, category option combos to a "
        "gender group (" + ", ".join(GENDER_GROUPS) + ")."
    )
    m1, m2 = st.columns(2)
    if m1.button("Save the mapping", type="primary", key="att_dhis2_save"):
        clean = [
            (str(r.kind or ""), str(r.code or ""), str(r.target or ""))
            for r in edited_map.itertuples(index=False)
            if any(pd.notna(x) and str(x).strip() for x in (r.kind, r.code, r.target))
        ]
        try:
            with session() as s:
                n = dhis2.replace_mappings(s, rows=clean, by=user.username, role=user.role)
        except DomainError as exc:
            forms.show_error(exc)
        else:
            st.session_state.pop(UNMAPPED, None)
            st.session_state.pop(REPORT_KEY, None)  # check the file again with the new mapping
            st.success(f"Mapping saved: {n} codes.")
    m2.download_button(
        "Download the mapping (CSV)", dhis2.write_mapping_file(mappings),
        file_name="dhis2-mapping.csv", mime="text/csv", key="att_dhis2_download",
    )  # fmt: skip

# --- import history and undo -------------------------------------------------------------------
with history_tab:
    with session() as s:
        batches = attendance.list_batches(s)
    if not batches:
        st.info("Nothing has been imported yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "import": f"#{b.id}",
                        "when (UTC)": f"{b.at:%Y-%m-%d %H:%M}",
                        "by": b.by,
                        "file": b.file_name,
                        "source": b.source,
                        "rows written": b.row_count,
                        "replaced": b.replaced_count,
                        "skipped": b.skipped_count,
                        "rows now": b.rows_now,
                        "undone": f"{b.undone_at:%Y-%m-%d %H:%M} by {b.undone_by}"
                        if b.undone_at
                        else "",
                    }  # fmt: skip
                    for b in batches
                ]
            ),
            hide_index=True,
            key="att_history_table",
        )
        live = [b for b in batches if b.undone_at is None]
        if live:
            pick = st.selectbox(
                "Import to undo", [b.id for b in live],
                format_func=lambda i: next(f"#{b.id} {b.file_name} ({b.rows_now:,} rows)"
                                           for b in live if b.id == i),
                key="att_undo_pick",
            )  # fmt: skip
            chosen = next(b for b in live if b.id == pick)
            if chosen.replaced_count:
                st.warning(
                    f"This import replaced {chosen.replaced_count:,} rows that were there "
                    "before. Undoing it deletes its rows; the earlier numbers do not come back "
                    "(undo the earlier import too and import its file again if you need them)."
                )
            sure = st.checkbox(
                f"Yes, delete the {chosen.rows_now:,} rows of import #{chosen.id}",
                key=f"att_undo_sure_{chosen.id}",
            )
            if st.button("Undo this import", disabled=not sure, key="att_undo_button"):
                try:
                    with session() as s:
                        deleted = attendance.undo_batch(
                            s, batch_id=chosen.id, by=user.username, role=user.role
                        )
                except DomainError as exc:
                    forms.show_error(exc)
                else:
                    st.success(f"Import #{chosen.id} undone: {deleted:,} rows deleted.")
                    st.rerun()

# --- services list ----------------------------------------------------------------------------
with services_tab:
    with session() as s:
        all_services = attendance.list_services(s)
    st.dataframe(
        pd.DataFrame([{"service": x.name, "in use": x.active} for x in all_services]),
        hide_index=True,
        key="att_services_table",
    )
    with st.form("att_service_add", clear_on_submit=True):
        new_name = st.text_input("New service")
        if st.form_submit_button("Add service"):
            try:
                with session() as s:
                    attendance.add_service(s, name=new_name, by=user.username, role=user.role)
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()
    pick_service = st.selectbox(
        "Service", [x.id for x in all_services],
        format_func={x.id: x.name for x in all_services}.get, key="att_service_pick",
    )  # fmt: skip
    current = next((x for x in all_services if x.id == pick_service), None)
    if current is not None:
        s1, s2 = st.columns(2)
        renamed = s1.text_input(
            "Rename to", value=current.name, key=f"att_service_name_{current.id}"
        )
        if s1.button("Rename", key="att_service_rename"):
            try:
                with session() as s:
                    attendance.rename_service(
                        s, service_id=current.id, name=renamed, by=user.username, role=user.role
                    )
            except DomainError as exc:
                forms.show_error(exc)
            else:
                st.rerun()
        label = "Stop using it (records stay)" if current.active else "Use it again"
        if s2.button(label, key="att_service_active"):
            with session() as s:
                attendance.set_service_active(
                    s, service_id=current.id, active=not current.active, by=user.username,
                    role=user.role,
                )  # fmt: skip
            st.rerun()
