"""Meetings: the list by quarter, logging a meeting, and one meeting with its recommendations."""

import streamlit as st

from advisory import clock
from advisory.errors import DomainError
from advisory.exports import meetings_export
from advisory.permissions import PAGE_ROLES
from advisory.services import (
    categories,
    edit_conflicts,
    meetings,
    organisation,
    recommendations,
    users,
)
from advisory.services.meetings import CONSULTATION_METHODS, FORMATS, MeetingView
from components import edit_versions, query_ids, recommendation_card
from components.database import session
from components.field_errors import FieldErrors
from components.guard import require_role
from components.markdown_text import markdown_without_images

user = require_role(*PAGE_ROLES["meetings"])

PARAM = "meeting"  # the open meeting; see components/recommendation_card.py for why
FLASH = "meetings_flash"
OWNER_ROLE_CHOICE = -1


def _open(meeting_id: int | None) -> None:
    if meeting_id is None:
        st.query_params.pop(PARAM, None)
    else:
        st.query_params[PARAM] = str(meeting_id)


def _flash(message: str) -> None:
    st.session_state[FLASH] = message


def _meeting_form(prefix: str, current: MeetingView | None, members: list[tuple[int, str]]):  # type: ignore[no-untyped-def]
    """The meeting's inputs (shared by 'log' and 'edit'); returns (values, errors)."""
    errors = FieldErrors()
    names = dict(members)
    values = {
        "held_on": st.date_input(
            "Date of the meeting",
            value=current.held_on if current else clock.today(),
            format="DD/MM/YYYY",
            key=f"{prefix}_held_on",
        )
    }
    errors.slot("held_on")
    values["format"] = st.radio(
        "Format",
        FORMATS,
        index=FORMATS.index(current.format) if current else 0,
        horizontal=True,
        key=f"{prefix}_format",
    )
    errors.slot("format")
    values["place"] = st.text_input(
        "Place (optional)", value=current.place if current else "", key=f"{prefix}_place"
    )
    values["member_ids"] = st.multiselect(
        "Members present",
        options=list(names),
        default=list(current.member_ids) if current else [],
        format_func=lambda i: names.get(i, "?"),
        key=f"{prefix}_members",
        placeholder="Pick the members who came",
    )
    errors.slot("member_ids")
    values["guests"] = st.number_input(
        "Number of guests (not members)",
        value=current.guests if current else 0,
        step=1,
        key=f"{prefix}_guests",
    )
    errors.slot("guests")
    values["women_consulted"] = st.number_input(
        "How many other women did the group consult since the last meeting?",
        value=current.women_consulted if current else 0,
        step=1,
        key=f"{prefix}_consulted",
    )
    errors.slot("women_consulted")
    values["consultation_methods"] = st.multiselect(
        "How were they consulted?",
        CONSULTATION_METHODS,
        default=list(current.consultation_methods) if current else [],
        key=f"{prefix}_methods",
        placeholder="Choose one or more",
    )
    errors.slot("consultation_methods")
    values["agenda"] = st.text_area(
        "Agenda", value=current.agenda if current else "", key=f"{prefix}_agenda"
    )
    values["minutes"] = st.text_area(
        "Minutes (Markdown; only people logged in can read them)",
        value=current.minutes if current else "",
        height=200,
        key=f"{prefix}_minutes",
        help="Bold, lists and links work. Pictures show as [image: ...]: loading them would "
        "tell another website who reads the minutes.",
    )
    values["decisions"] = st.text_area(
        "Decisions", value=current.decisions if current else "", key=f"{prefix}_decisions"
    )
    values["next_meeting_on"] = st.date_input(
        "Next meeting date (optional)",
        value=current.next_meeting_on if current else None,
        format="DD/MM/YYYY",
        key=f"{prefix}_next",
    )
    errors.slot("next_meeting_on")
    return values, errors


def _list_view() -> None:
    with session() as s:
        all_meetings = meetings.list_meetings(s)
        members = meetings.members_to_pick(s)
    grouped = meetings.by_quarter(all_meetings)

    with st.expander("Log a new meeting", expanded=not all_meetings, icon=":material/add:"):
        with st.form("meeting_new_form"):
            values, errors = _meeting_form("meeting_new", None, members)
            if st.form_submit_button("Save meeting", type="primary", width="stretch"):
                try:
                    with session() as s:
                        created = meetings.create_meeting(
                            s, **values, by=user.username, role=user.role
                        )
                except DomainError as exc:
                    errors.show(exc)
                else:
                    _flash(f"Meeting saved: {created.label}.")
                    _open(created.id)
                    st.rerun()

    if not all_meetings:
        st.info("No meetings yet. Log the first one above.")
        return
    for quarter, items in grouped.items():
        st.subheader(quarter)
        for m in items:
            with st.container(border=True):
                people = f"{len(m.member_ids)} members" + (
                    f", {m.guests} guest{'s' if m.guests != 1 else ''}" if m.guests else ""
                )
                recs = f"{m.recommendation_count} recommendation" + (
                    "s" if m.recommendation_count != 1 else ""
                )
                st.markdown(f"**{m.held_on:%d %B %Y}** · {m.format} · {people} · {recs}")
                if st.button("Open", key=f"meeting_open_{m.id}", icon=":material/open_in_full:"):
                    _open(m.id)
                    st.rerun()

    st.subheader("Download")
    with_minutes = st.checkbox("Include the minutes", key="meetings_export_minutes")
    with session() as s:
        csv = meetings_export.meetings_csv(s, include_minutes=with_minutes)
        xlsx = meetings_export.meetings_xlsx(s, include_minutes=with_minutes)
    col1, col2 = st.columns(2)
    col1.download_button(
        "Meetings (CSV)", csv, file_name="meetings.csv", mime="text/csv", key="meetings_csv"
    )
    col2.download_button(
        "Meetings (Excel)",
        xlsx,
        file_name="meetings.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="meetings_xlsx",
    )


def _raise_form(meeting: MeetingView) -> None:
    with session() as s:
        cats = categories.list_categories(s, active_only=True)
        sites = [(x.id, x.name) for x in organisation.list_sites(s, active_only=True)]
        owners = [(u.id, u.display_name) for u in _owner_accounts(s)]
    site_names = dict(sites)
    cat_names = {c.id: c.name for c in cats}
    owner_names = {OWNER_ROLE_CHOICE: "A named role (type it below)", **dict(owners)}
    prefix = f"rec_new_{meeting.id}"
    with st.form(f"{prefix}_form", clear_on_submit=False):
        errors = FieldErrors()
        title = st.text_input("What does the group ask for? (short title)", key=f"{prefix}_title")
        errors.slot("title")
        description = st.text_area("More details (optional)", key=f"{prefix}_description")
        category_id = st.selectbox(
            "Category",
            list(cat_names),
            index=None,
            format_func=lambda i: cat_names[i],
            key=f"{prefix}_category",
            placeholder="Choose a category",
        )
        errors.slot("category_id")
        site_ids = st.multiselect(
            "Sites concerned",
            list(site_names),
            format_func=lambda i: site_names[i],
            key=f"{prefix}_sites",
            placeholder="Choose one or more sites",
        )
        errors.slot("site_ids")
        priority = st.radio(
            "Priority",
            recommendations.PRIORITIES,
            index=1,
            horizontal=True,
            key=f"{prefix}_priority",
        )
        owner = st.selectbox(
            "Who will own it?",
            list(owner_names),
            index=None,
            format_func=lambda i: owner_names[i],
            key=f"{prefix}_owner",
            placeholder="Choose a person, or a named role",
        )
        owner_role = st.text_input(
            "Named role (if not a person), e.g. Outreach coordinator", key=f"{prefix}_owner_role"
        )
        errors.slot("owner")
        due_on = st.date_input(
            "Due date (optional)", value=None, format="DD/MM/YYYY", key=f"{prefix}_due"
        )
        errors.slot("due_on")
        if st.form_submit_button("Raise recommendation", type="primary", width="stretch"):
            try:
                with session() as s:
                    created = recommendations.raise_recommendation(
                        s,
                        meeting_id=meeting.id,
                        title=title,
                        description=description,
                        category_id=category_id,
                        site_ids=site_ids,
                        priority=priority,
                        owner_user_id=owner if owner not in (None, OWNER_ROLE_CHOICE) else None,
                        owner_role=owner_role if owner in (None, OWNER_ROLE_CHOICE) else None,
                        due_on=due_on,
                        by=user.username,
                        role=user.role,
                    )
            except DomainError as exc:
                errors.show(exc)
            else:
                for suffix in ("title", "description", "category", "sites", "owner_role", "due"):
                    st.session_state.pop(f"{prefix}_{suffix}", None)
                _flash(f"Recommendation raised: {created.title}.")
                st.rerun()


def _owner_accounts(s):  # type: ignore[no-untyped-def]
    return [u for u in users.list_users(s) if u.active and u.role in ("director", "admin")]


def _detail_view(meeting_id: int) -> None:
    try:
        with session() as s:
            current = meetings.get(s, meeting_id)
            members = meetings.members_to_pick(
                s, group_id=current.group_id, on=current.held_on, include=current.member_ids
            )
            raised = recommendations.list_recommendations(s, meeting_id=meeting_id)
            changes = meetings.history(s, meeting_id)
    except DomainError as exc:
        st.error(str(exc))
        _open(None)
        st.button("Back to all meetings", key="meeting_back_missing")
        return
    seen, _ = edit_versions.seen("meeting", meeting_id, current.version)

    back = edit_versions.marker_key("meeting", meeting_id)
    if st.button("All meetings", icon=":material/arrow_back:", key=back):
        _open(None)
        st.rerun()
    st.header(current.label)
    col1, col2, col3 = st.columns(3)
    col1.metric("Members present", len(current.member_ids))
    col2.metric("Guests", current.guests)
    col3.metric("Women consulted", current.women_consulted)
    plain = recommendation_card.plain
    next_on = current.next_meeting_on
    st.markdown(
        "  \n".join(
            [
                f"**Format:** {current.format}",
                f"**Place:** {plain(current.place) or 'not given'}",
                f"**Members present:** {plain(', '.join(current.member_names)) or 'none recorded'}",
                "**How women were consulted:** "
                + (", ".join(current.consultation_methods) or "not given"),
                f"**Next meeting:** {f'{next_on:%d %B %Y}' if next_on else 'not set'}",
            ]
        )
    )
    if current.agenda:
        st.markdown("**Agenda**")
        st.markdown(recommendation_card.plain_lines(current.agenda))
    if current.decisions:
        st.markdown("**Decisions**")
        st.markdown(recommendation_card.plain_lines(current.decisions))
    st.subheader("Minutes")
    st.caption("Only people logged in can read the minutes.")
    if current.minutes:
        with st.container(border=True):
            st.markdown(markdown_without_images(current.minutes))
    else:
        st.write("No minutes yet.")

    st.subheader(f"Recommendations raised at this meeting ({len(raised)})")
    for v in raised:
        recommendation_card.show(v, key="meeting_rec", show_status=True, switch=True)
    with st.expander("Raise a recommendation at this meeting", icon=":material/add:"):
        _raise_form(current)

    with st.expander("Change this meeting", icon=":material/edit:"):
        if edit_versions.changed_since_seen("meeting", meeting_id, current.version):
            with session() as s:
                notice = edit_conflicts.message(
                    s, updated_by=current.updated_by, updated_at=current.updated_at
                )
            st.warning(notice, icon=":material/sync_problem:")
            st.button(
                "Reload to see their change",
                key="meeting_reload",
                on_click=edit_versions.reload,
                args=("meeting", meeting_id, current.version),
                type="primary",
            )
        with st.form(f"meeting_edit_{meeting_id}_{seen}"):
            values, errors = _meeting_form(f"meeting_edit_{meeting_id}_{seen}", current, members)
            if st.form_submit_button("Save changes", type="primary", width="stretch"):
                try:
                    with session() as s:
                        saved = meetings.edit_meeting(
                            s,
                            meeting_id=meeting_id,
                            expected_version=seen,
                            **values,
                            by=user.username,
                            role=user.role,
                        )
                except DomainError as exc:  # StaleEdit included
                    errors.show(exc)
                else:
                    edit_versions.saved("meeting", meeting_id, saved.version)
                    _flash("Changes saved.")
                    st.rerun()

    st.subheader("Changes to this meeting")
    if not changes:
        st.caption("No changes since it was logged.")
    for change in reversed(changes):
        st.markdown(
            f"- {change.changed_at:%d %b %Y %H:%M} UTC · "
            f"{recommendation_card.plain(change.changed_by)} changed: {', '.join(change.fields)}"
        )


st.title("Meetings")
if message := st.session_state.pop(FLASH, None):
    st.success(message)
selected = query_ids.requested_id(st.query_params.get(PARAM))
if selected is None:
    st.caption(
        "Every meeting of the advisory group, newest first. Open one to see its minutes "
        "and the recommendations raised there, or to raise a new one."
    )
    _list_view()
else:
    _detail_view(selected)
