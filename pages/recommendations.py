"""Recommendations: the board (one column per status), the table, and one recommendation."""

import dataclasses

import pandas as pd
import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.exports import meetings_export
from advisory.permissions import PAGE_ROLES, can
from advisory.services import (
    categories,
    edit_conflicts,
    meetings,
    organisation,
    recommendations,
    users,
)
from advisory.services.recommendations import (
    ESCALATION_LEVELS,
    PRIORITIES,
    STATUS_LABELS,
    STATUSES,
    RecommendationView,
)
from components import edit_versions, recommendation_card, status_badge
from components.database import session
from components.field_errors import FieldErrors
from components.guard import require_role

user = require_role(*PAGE_ROLES["recommendations"])

FLASH = "recommendations_flash"
KIND = "recommendation"
ALL = "all"
OWNER_ROLE_CHOICE = -1
RESPONSE_WORDS = {
    "accepted": "Accept",
    "partly_accepted": "Partly accept",
    "declined": "Decline",
    "deferred": "Defer",
}
BOARD_ROW = 5  # statuses per row of columns on a wide screen; columns stack on a phone


def _flash(message: str) -> None:
    st.session_state[FLASH] = message


def _open(recommendation_id: int | None) -> None:
    recommendation_card.select(recommendation_id)


# --- board and table ---------------------------------------------------------------------------


def _board() -> None:
    with session() as s:
        columns = recommendations.board(s)
    counts = {status: len(items) for status, items in columns.items()}
    choice = st.selectbox(
        "Show one status (easier on a phone)",
        [ALL, *STATUSES],
        format_func=lambda s: "All statuses" if s == ALL else f"{STATUS_LABELS[s]} ({counts[s]})",
        key="recommendations_board_status",
    )
    # why skip empty statuses: on a phone the columns stack, and ten headings saying "None"
    # push the cards off the screen; the empty ones are named in one line instead.
    shown = [s for s in STATUSES if counts[s]] if choice == ALL else [choice]
    empty = [STATUS_LABELS[s] for s in STATUSES if not counts[s]]
    if choice == ALL and empty:
        st.caption("No recommendations are " + ", ".join(empty) + ".")
    for start in range(0, len(shown), BOARD_ROW):
        row = shown[start : start + BOARD_ROW]
        for status, column in zip(row, st.columns(BOARD_ROW if choice == ALL else 1), strict=False):
            with column:
                st.markdown(f"{status_badge.markdown(status)} **{counts[status]}**")
                if not columns[status]:
                    st.caption("None")
                for v in columns[status]:
                    recommendation_card.show(v, key=f"board_{status}")


def _table() -> None:
    with session() as s:
        cats = {c.id: c.name for c in categories.list_categories(s)}
        sites = {x.id: x.name for x in organisation.list_sites(s)}
        owner_names = recommendations.owners(s)
        meeting_labels = {m.id: m.label for m in meetings.list_meetings(s)}
    col1, col2, col3 = st.columns(3)
    status = col1.selectbox(
        "Status",
        [ALL, *STATUSES],
        format_func=lambda x: "Any" if x == ALL else STATUS_LABELS[x],
        key="rec_filter_status",
    )
    category = col2.selectbox(
        "Category",
        [ALL, *cats],
        format_func=lambda x: "Any" if x == ALL else cats[x],
        key="rec_filter_category",
    )
    site = col3.selectbox(
        "Site",
        [ALL, *sites],
        format_func=lambda x: "Any" if x == ALL else sites[x],
        key="rec_filter_site",
    )
    col4, col5, col6 = st.columns(3)
    owner = col4.selectbox(
        "Owner",
        [ALL, *owner_names],
        format_func=lambda x: "Any" if x == ALL else x,
        key="rec_filter_owner",
    )
    meeting = col5.selectbox(
        "Raised at",
        [ALL, *meeting_labels],
        format_func=lambda x: "Any meeting" if x == ALL else meeting_labels[x],
        key="rec_filter_meeting",
    )
    overdue = col6.selectbox(
        "Overdue",
        (ALL, "yes", "no"),
        format_func=lambda x: {"all": "Any", "yes": "Overdue only", "no": "Not overdue"}[x],
        key="rec_filter_overdue",
    )
    with session() as s:
        rows = recommendations.list_recommendations(
            s,
            status=None if status == ALL else status,
            category_id=None if category == ALL else category,
            site_id=None if site == ALL else site,
            owner=None if owner == ALL else owner,
            meeting_id=None if meeting == ALL else meeting,
            overdue=None if overdue == ALL else overdue == "yes",
        )
    st.caption(f"{len(rows)} recommendation{'s' if len(rows) != 1 else ''}")
    frame = pd.DataFrame(
        [
            {
                "Title": v.title,
                "Status": v.status_label,
                "Overdue": "Overdue" if v.overdue else "",
                "Category": v.category,
                "Sites": ", ".join(v.site_names),
                "Owner": v.owner,
                "Due date": v.due_on,
                "Raised at": v.meeting_label,
            }
            for v in rows
        ],
        columns=[
            "Title",
            "Status",
            "Overdue",
            "Category",
            "Sites",
            "Owner",
            "Due date",
            "Raised at",
        ],
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    if rows:
        titles = {v.id: v.title for v in rows}
        col_a, col_b = st.columns([3, 1], vertical_alignment="bottom")
        chosen = col_a.selectbox(
            "Open a recommendation",
            list(titles),
            format_func=lambda i: titles[i],
            key="rec_table_open_choice",
        )
        if col_b.button("Open", key="rec_table_open", width="stretch"):
            _open(chosen)
            st.rerun()


def _downloads() -> None:
    st.subheader("Download")
    with session() as s:
        recs_csv = meetings_export.recommendations_csv(s)
        history_csv = meetings_export.history_csv(s)
        xlsx = meetings_export.recommendations_xlsx(s)
    col1, col2, col3 = st.columns(3)
    col1.download_button(
        "Recommendations (CSV)", recs_csv, file_name="recommendations.csv", mime="text/csv"
    )
    col2.download_button(
        "History (CSV)", history_csv, file_name="recommendations-history.csv", mime="text/csv"
    )
    col3.download_button(
        "Both (Excel)",
        xlsx,
        file_name="recommendations.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _categories_admin() -> None:
    with st.expander("Categories (admins)", icon=":material/category:"):
        with session() as s:
            cats = categories.list_categories(s)
        st.dataframe(
            pd.DataFrame(
                [{"Category": c.name, "In use": "yes" if c.active else "retired"} for c in cats]
            ),
            hide_index=True,
            width="stretch",
        )
        with st.form("category_add_form", clear_on_submit=True):
            errors = FieldErrors()
            name = st.text_input("New category", key="category_add_name")
            errors.slot("category_name")
            if st.form_submit_button("Add category"):
                try:
                    with session() as s:
                        categories.add_category(s, name=name, by=user.username, role=user.role)
                except DomainError as exc:
                    errors.show(exc)
                else:
                    _flash(f"Category added: {name.strip()}.")
                    st.rerun()
        names = {c.id: c for c in cats}
        with st.form("category_change_form"):
            errors = FieldErrors()
            chosen = st.selectbox(
                "Category to change",
                list(names),
                format_func=lambda i: names[i].name,
                key="category_change_id",
            )
            new_name = st.text_input("New name (leave empty to keep it)", key="category_new_name")
            errors.slot("category_name")
            retire = st.checkbox(
                "Retired (not offered for new recommendations)",
                value=not names[chosen].active if chosen else False,
                key="category_retired",
            )
            if st.form_submit_button("Save category") and chosen is not None:
                try:
                    with session() as s:
                        if new_name.strip():
                            categories.rename_category(
                                s,
                                category_id=chosen,
                                name=new_name,
                                by=user.username,
                                role=user.role,
                            )
                        categories.set_active(
                            s,
                            category_id=chosen,
                            active=not retire,
                            by=user.username,
                            role=user.role,
                        )
                except DomainError as exc:
                    errors.show(exc)
                else:
                    _flash("Category saved.")
                    st.rerun()


# --- one recommendation -----------------------------------------------------------------------


def _facts(v: RecommendationView) -> None:
    status_badge.show(
        v.status,
        overdue=v.overdue,
        needs_funding=v.needs_funding and v.status not in ("declined", "done", "verified"),
        escalated=bool(v.escalation_level),
    )
    p = recommendation_card.plain
    lines = [
        f"**Raised at:** {v.meeting_label} ({v.raised_on:%d %b %Y})",
        f"**Category:** {p(v.category)}",
        f"**Sites:** {p(', '.join(v.site_names)) or 'not given'}",
        f"**Priority:** {v.priority}",
        f"**Owner:** {p(v.owner)}",
        f"**{recommendation_card.due_text(v)}**" + (" (overdue)" if v.overdue else ""),
    ]
    st.markdown("  \n".join(lines))
    if v.description:
        st.markdown(recommendation_card.plain_lines(v.description))
    if v.response:
        said = f"**Director's response:** {STATUS_LABELS[v.response]}"
        if v.responded_on:
            said += f" on {v.responded_on:%d %b %Y}"
        if v.response_rationale:
            said += f"  \n**Reason:** {p(v.response_rationale)}"
        if v.status == "deferred" and v.deferred_until:
            said += f"  \n**Deferred until:** {v.deferred_until:%d %b %Y}"
        if v.needs_funding:
            said += "  \n**Needs funding:** yes"
        st.markdown(said)
    if v.done_on:
        done = f"**Done on {v.done_on:%d %b %Y}:** {p(v.what_changed or '')}"
        if v.evidence:
            done += f"  \n**Evidence:** {p(v.evidence)}"
        st.markdown(done)
    if v.verified_at_meeting_label:
        st.markdown(
            f"**Verified by the group** at the {v.verified_at_meeting_label}: "
            f"{p(v.verification_comment or '')}"
        )
    if v.escalation_level and v.escalated_on:
        st.markdown(f"**Escalated** to the {v.escalation_level} level on {v.escalated_on:%d %b %Y}")


def _timeline(recommendation_id: int) -> None:
    with session() as s:
        events = recommendations.timeline(s, recommendation_id)
    st.subheader("Timeline")
    for e in events:
        with st.container(border=True):
            st.markdown(
                f"**{e.summary}** · {recommendation_card.plain(e.by)}  \n"
                f":gray[{e.at:%d %b %Y %H:%M} UTC]"
            )
            if e.comment:
                st.markdown(recommendation_card.plain_lines(e.comment))


def _save(action, seen: int, errors: FieldErrors, success: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Call a service with the version the user saw; report at the field or flash and rerun."""
    try:
        with session() as s:
            result = action(s, expected_version=seen, by=user.username, role=user.role, **kwargs)
    except DomainError as exc:  # StaleEdit included: the forms keep what the user typed
        errors.show(exc)
    else:
        edit_versions.saved(KIND, kwargs["recommendation_id"], result.version, result.status)
        _flash(success)
        st.rerun()


def _actions(v: RecommendationView, seen: int, seen_status: str) -> None:
    # The forms follow the status the user saw (see components/edit_versions.py).
    allowed = recommendations.allowed_actions(dataclasses.replace(v, status=seen_status), user.role)
    key = f"rec_{v.id}_{seen}"
    if edit_versions.changed_since_seen(KIND, v.id, v.version):
        with session() as s:
            notice = edit_conflicts.message(s, updated_by=v.updated_by, updated_at=v.updated_at)
        edit_versions.show_conflict_notice(
            KIND, v.id, v.version, v.status, notice=notice, key=f"rec_reload_{v.id}"
        )
    if "start_review" in allowed:
        with st.form(f"{key}_review"):
            st.markdown("**Start the review**")
            errors = FieldErrors()
            comment = st.text_input("Note (optional)", key=f"{key}_review_comment")
            if st.form_submit_button("Start the review", width="stretch"):
                _save(
                    recommendations.start_review,
                    seen,
                    errors,
                    "The review has started.",
                    recommendation_id=v.id,
                    comment=comment,
                )
    if "respond" in allowed:
        _response_form(v, seen, key)
    if "start_work" in allowed:
        with st.form(f"{key}_start"):
            st.markdown("**Start the work**")
            errors = FieldErrors()
            comment = st.text_area("What will happen first? (optional)", key=f"{key}_start_comment")
            if st.form_submit_button("Mark as in progress", type="primary", width="stretch"):
                _save(
                    recommendations.start_work,
                    seen,
                    errors,
                    "Marked as in progress.",
                    recommendation_id=v.id,
                    comment=comment,
                )
    if "mark_done" in allowed:
        with st.form(f"{key}_done"):
            st.markdown("**Mark as done**")
            errors = FieldErrors()
            what = st.text_area("What changed in the service?", key=f"{key}_done_what")
            errors.slot("what_changed")
            done_on = st.date_input(
                "Date it was done", value=clock.today(), format="DD/MM/YYYY", key=f"{key}_done_on"
            )
            errors.slot("done_on")
            evidence = st.text_area(
                "Evidence (for example: the rota, a photo, a poster)", key=f"{key}_done_evidence"
            )
            if st.form_submit_button("Mark as done", type="primary", width="stretch"):
                _save(
                    recommendations.mark_done,
                    seen,
                    errors,
                    "Marked as done. The group can now verify it at a meeting.",
                    recommendation_id=v.id,
                    what_changed=what,
                    done_on=done_on,
                    evidence=evidence,
                )
    if "verify" in allowed:
        with session() as s:
            options = [
                m for m in meetings.list_meetings(s) if v.done_on is None or m.held_on >= v.done_on
            ]
        labels = {m.id: m.label for m in options}
        with st.form(f"{key}_verify"):
            st.markdown("**The group checks it**")
            st.caption("Did the change really happen? Record what the group said at a meeting.")
            errors = FieldErrors()
            meeting_id = st.selectbox(
                "Meeting where the group checked it",
                list(labels),
                index=0 if labels else None,
                format_func=lambda i: labels[i],
                key=f"{key}_verify_meeting",
                placeholder="Log the meeting first",
            )
            errors.slot("verified_at_meeting_id")
            comment = st.text_area("What the group said", key=f"{key}_verify_comment")
            errors.slot("group_comment")
            if st.form_submit_button("Verified by the group", type="primary", width="stretch"):
                _save(
                    recommendations.verify,
                    seen,
                    errors,
                    "Verified by the group.",
                    recommendation_id=v.id,
                    meeting_id=meeting_id,
                    group_comment=comment,
                )
    if "reopen" in allowed:
        with st.expander(
            "Reopen (the change stopped or needs more work)", icon=":material/replay:"
        ):
            with st.form(f"{key}_reopen"):
                errors = FieldErrors()
                reason = st.text_area("Why is it reopened?", key=f"{key}_reopen_reason")
                errors.slot("reason")
                if st.form_submit_button("Reopen", width="stretch"):
                    _save(
                        recommendations.reopen,
                        seen,
                        errors,
                        "Reopened.",
                        recommendation_id=v.id,
                        reason=reason,
                    )
    if "escalate" in allowed:
        with st.expander(
            "Escalate (the service cannot fix this alone)", icon=":material/trending_up:"
        ):
            with st.form(f"{key}_escalate"):
                errors = FieldErrors()
                level = st.selectbox(
                    "Taken to which level?",
                    ESCALATION_LEVELS,
                    index=ESCALATION_LEVELS.index(v.escalation_level)
                    if v.escalation_level in ESCALATION_LEVELS
                    else 0,
                    key=f"{key}_escalate_level",
                )
                errors.slot("escalation_level")
                on = st.date_input(
                    "Date", value=clock.today(), format="DD/MM/YYYY", key=f"{key}_escalate_on"
                )
                errors.slot("escalated_on")
                comment = st.text_input("Note (optional)", key=f"{key}_escalate_comment")
                if st.form_submit_button("Save escalation", width="stretch"):
                    _save(
                        recommendations.escalate,
                        seen,
                        errors,
                        "Escalation saved.",
                        recommendation_id=v.id,
                        level=level,
                        escalated_on=on,
                        comment=comment,
                    )
    if "comment" in allowed:
        _comment_form(v, allowed)
    if "edit" in allowed:
        _edit_form(v, seen, key)


def _response_form(v: RecommendationView, seen: int, key: str) -> None:
    with st.form(f"{key}_respond"):
        st.markdown("**Director's response**")
        errors = FieldErrors()
        decision = st.radio(
            "Your answer",
            list(RESPONSE_WORDS),
            index=None,
            format_func=lambda d: RESPONSE_WORDS[d],
            horizontal=True,
            key=f"{key}_decision",
        )
        errors.slot("decision")
        rationale = st.text_area(
            "Reason (needed to decline or defer; the group will hear it)",
            key=f"{key}_rationale",
        )
        errors.slot("rationale")
        until = st.date_input(
            "Deferred until (only when deferring)",
            value=None,
            format="DD/MM/YYYY",
            key=f"{key}_deferred_until",
        )
        errors.slot("deferred_until")
        funding = st.checkbox("Needs funding", value=v.needs_funding, key=f"{key}_funding")
        if st.form_submit_button("Save response", type="primary", width="stretch"):
            _save(
                recommendations.respond,
                seen,
                errors,
                "Response saved.",
                recommendation_id=v.id,
                decision=decision,
                rationale=rationale,
                needs_funding=funding,
                deferred_until=until,
            )


def _comment_form(v: RecommendationView, allowed: tuple[str, ...]) -> None:
    with st.form(f"rec_{v.id}_comment", clear_on_submit=True):
        st.markdown("**Add a comment**")
        errors = FieldErrors()
        text = st.text_area("Comment", key=f"rec_{v.id}_comment_text")
        errors.slot("comment")
        progress = False
        if "progress_update" in allowed:
            progress = st.checkbox("This is a progress update", key=f"rec_{v.id}_comment_progress")
        if st.form_submit_button("Add comment", width="stretch"):
            try:
                with session() as s:
                    recommendations.add_comment(
                        s,
                        recommendation_id=v.id,
                        text=text,
                        progress_update=progress,
                        by=user.username,
                        role=user.role,
                    )
            except DomainError as exc:
                errors.show(exc)
            else:
                _flash("Comment added.")
                st.rerun()


def _edit_form(v: RecommendationView, seen: int, key: str) -> None:
    with session() as s:
        cats = {
            c.id: c.name for c in categories.list_categories(s) if c.active or c.id == v.category_id
        }
        sites = {x.id: x.name for x in organisation.list_sites(s) if x.active or x.id in v.site_ids}
        owners = {
            u.id: u.display_name
            for u in users.list_users(s)
            if (u.active and u.role in ("director", "admin")) or u.id == v.owner_user_id
        }
    owner_choices = {OWNER_ROLE_CHOICE: "A named role (type it below)", **owners}
    with st.expander("Change the details", icon=":material/edit:"):
        with st.form(f"{key}_edit"):
            errors = FieldErrors()
            title = st.text_input("Title", value=v.title, key=f"{key}_edit_title")
            errors.slot("title")
            description = st.text_area(
                "More details", value=v.description, key=f"{key}_edit_description"
            )
            category_id = st.selectbox(
                "Category",
                list(cats),
                index=list(cats).index(v.category_id) if v.category_id in cats else None,
                format_func=lambda i: cats[i],
                key=f"{key}_edit_category",
            )
            errors.slot("category_id")
            site_ids = st.multiselect(
                "Sites concerned",
                list(sites),
                default=[i for i in v.site_ids if i in sites],
                format_func=lambda i: sites[i],
                key=f"{key}_edit_sites",
            )
            errors.slot("site_ids")
            priority = st.radio(
                "Priority",
                PRIORITIES,
                index=PRIORITIES.index(v.priority) if v.priority in PRIORITIES else 1,
                horizontal=True,
                key=f"{key}_edit_priority",
            )
            current_owner = v.owner_user_id if v.owner_user_id is not None else OWNER_ROLE_CHOICE
            owner = st.selectbox(
                "Owner",
                list(owner_choices),
                index=list(owner_choices).index(current_owner),
                format_func=lambda i: owner_choices[i],
                key=f"{key}_edit_owner",
            )
            owner_role = st.text_input(
                "Named role (if not a person)", value=v.owner_role or "", key=f"{key}_edit_role"
            )
            errors.slot("owner")
            due_on = st.date_input(
                "Due date", value=v.due_on, format="DD/MM/YYYY", key=f"{key}_edit_due"
            )
            errors.slot("due_on")
            if st.form_submit_button("Save changes", width="stretch"):
                _save(
                    recommendations.edit_details,
                    seen,
                    errors,
                    "Changes saved.",
                    recommendation_id=v.id,
                    title=title,
                    description=description,
                    category_id=category_id,
                    site_ids=site_ids,
                    priority=priority,
                    owner_user_id=None if owner == OWNER_ROLE_CHOICE else owner,
                    owner_role=owner_role if owner == OWNER_ROLE_CHOICE else None,
                    due_on=due_on,
                )


def _detail(recommendation_id: int) -> None:
    try:
        with session() as s:
            v = recommendations.get(s, recommendation_id)
    except DomainError as exc:
        st.error(str(exc))
        _open(None)
        st.button("Back to all recommendations", key="rec_back_missing")
        return
    seen, seen_status = edit_versions.seen(KIND, v.id, v.version, v.status)
    back = edit_versions.marker_key(KIND, v.id)
    if st.button("All recommendations", icon=":material/arrow_back:", key=back):
        _open(None)
        st.rerun()
    st.header(recommendation_card.plain(v.title), anchor=False)
    _facts(v)
    st.divider()
    _actions(v, seen, seen_status)
    _timeline(v.id)


# --- the page ----------------------------------------------------------------------------------

st.title("Recommendations")
if message := st.session_state.pop(FLASH, None):
    st.success(message)
selected = recommendation_card.selected()
if selected is not None:
    _detail(selected)
else:
    st.caption(
        "Everything the group has asked for. To raise a new recommendation, open the meeting "
        "where it was raised (Meetings)."
    )
    view = st.radio(
        "View",
        ("Board", "Table"),
        horizontal=True,
        key="recommendations_view",
        label_visibility="collapsed",
    )
    if view == "Board":
        _board()
    else:
        _table()
    _downloads()
    if can(user.role, "manage_settings"):
        _categories_admin()
