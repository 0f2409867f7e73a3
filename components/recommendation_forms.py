"""One form per thing a person can do to a recommendation, for every page that offers it.

why (issue 11): the director's response form and its words were written twice (the
recommendations page and the review queue). Each form here draws its inputs, calls its
service with the engine (the service owns the transaction), shows a refusal (StaleEdit and
DatabaseBusy included) under the field it concerns while keeping what was typed, and returns
`Saved` on success: the page then shows the message and reruns.

`key` is the prefix of the form's widget keys: the page builds it from the record and the
version its forms were drawn from (components/edit_versions.py), so after a save or a reload
the forms start again from the record's new values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from advisory import clock
from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _
from advisory.lifecycle import (
    ESCALATION_LEVELS,
    PRIORITIES,
    RESPONSES,
    escalation_label,
    priority_label,
)
from advisory.services import meeting_views, recommendation_views, recommendations
from advisory.services.meeting_views import MeetingView
from advisory.services.recommendation_views import RecommendationView
from components import edit_versions
from components.database import get_engine
from components.forms import FieldErrors

KIND = "recommendation"  # the edit_versions kind
RESPONSE_WORDS = dict(
    zip(RESPONSES, (N_("Accept"), N_("Partly accept"), N_("Decline"), N_("Defer")), strict=True)
)
NAMED_ROLE = -1  # the owner choice "a named role" (not an account)
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Drawn:
    """A recommendation as the user's forms were drawn from it: the view, the version seen
    (what a save is checked against), the forms' widget-key prefix, and who is acting."""

    view: RecommendationView
    seen: int
    key: str
    actor: Actor


@dataclass(frozen=True)
class Saved:
    """A form's successful save: the recommendation as it is now, and what to tell the person."""

    view: RecommendationView
    message: str


def _save(
    errors: FieldErrors,
    message: str,
    command: Callable[..., RecommendationView],
    drawn: Drawn,
    **inputs: object,
) -> Saved | None:
    """`command` on the version the user saw; a refusal goes under its field, inputs kept."""
    try:
        view = command(
            get_engine(),
            recommendation_id=drawn.view.id,
            expected_version=drawn.seen,
            actor=drawn.actor,
            **inputs,
        )
    except DomainError as exc:
        errors.show(exc)
        return None
    edit_versions.saved(KIND, view.id, view.version, view.status)
    return Saved(view, message)


def conflict_notice(view: RecommendationView, *, key: str) -> None:
    """Warn, with a reload button named `key`, if someone else saved since the forms were drawn."""
    edit_versions.warn_if_changed(
        KIND,
        view.id,
        view.version,
        view.status,
        updated_by=view.updated_by,
        updated_at=view.updated_at,
        key=key,
    )


def start_review(drawn: Drawn) -> Saved | None:
    key = drawn.key
    with st.form(f"{key}_review"):
        st.markdown(_("**Start the review**"))
        errors = FieldErrors()
        comment = st.text_input(_("Note (optional)"), key=f"{key}_review_comment")
        if st.form_submit_button(_("Start the review"), width="stretch"):
            return _save(
                errors,
                _("The review has started."),
                recommendations.start_review,
                drawn,
                comment=comment,
            )
    return None


def respond(drawn: Drawn, *, heading: str | None = N_("Director's response")) -> Saved | None:
    """The director's answer: accept, partly accept, decline or defer (with a reason).

    `heading` is an English message (N_), translated here.
    """
    view, key = drawn.view, drawn.key
    with st.form(f"{key}_respond"):
        if heading:
            st.markdown(f"**{_(heading)}**")
        errors = FieldErrors()
        decision = st.radio(
            _("Your answer"),
            list(RESPONSE_WORDS),
            index=None,
            format_func=lambda d: _(RESPONSE_WORDS[d]),
            horizontal=True,
            key=f"{key}_decision",
        )
        errors.slot("decision")
        rationale = st.text_area(
            _("Reason (needed to decline or defer; the group will hear it)"), key=f"{key}_rationale"
        )
        errors.slot("rationale")
        until = st.date_input(
            _("Deferred until (only when deferring)"),
            value=None,
            format=DATE_FORMAT,
            key=f"{key}_until",
        )
        errors.slot("deferred_until")
        funding = st.checkbox(_("Needs funding"), value=view.needs_funding, key=f"{key}_funding")
        if st.form_submit_button(_("Save response"), type="primary", width="stretch"):
            return _save(
                errors,
                _("Response saved."),
                recommendations.respond,
                drawn,
                decision=decision,
                rationale=rationale,
                needs_funding=funding,
                deferred_until=until,
            )
    return None


def start_work(drawn: Drawn) -> Saved | None:
    key = drawn.key
    with st.form(f"{key}_start"):
        st.markdown(_("**Start the work**"))
        errors = FieldErrors()
        comment = st.text_area(_("What will happen first? (optional)"), key=f"{key}_start_comment")
        if st.form_submit_button(_("Mark as in progress"), type="primary", width="stretch"):
            return _save(
                errors,
                _("Marked as in progress."),
                recommendations.start_work,
                drawn,
                comment=comment,
            )
    return None


def mark_done(drawn: Drawn) -> Saved | None:
    key = drawn.key
    with st.form(f"{key}_done"):
        st.markdown(_("**Mark as done**"))
        errors = FieldErrors()
        what = st.text_area(_("What changed in the service?"), key=f"{key}_done_what")
        errors.slot("what_changed")
        done_on = st.date_input(
            _("Date it was done"), value=clock.today(), format=DATE_FORMAT, key=f"{key}_done_on"
        )
        errors.slot("done_on")
        evidence = st.text_area(
            _("Evidence (for example: the rota, a photo, a poster)"), key=f"{key}_done_evidence"
        )
        if st.form_submit_button(_("Mark as done"), type="primary", width="stretch"):
            return _save(
                errors,
                _("Marked as done. The group can now verify it at a meeting."),
                recommendations.mark_done,
                drawn,
                what_changed=what,
                done_on=done_on,
                evidence=evidence,
            )
    return None


def verify(drawn: Drawn) -> Saved | None:
    """The group checks that the change really happened, at a meeting held after it."""
    view, key = drawn.view, drawn.key
    options = meeting_views.list_meetings(get_engine(), on_or_after=view.done_on)
    labels = meeting_views.pick_labels(options)
    with st.form(f"{key}_verify"):
        st.markdown(_("**The group checks it**"))
        st.caption(_("Did the change really happen? Record what the group said at a meeting."))
        errors = FieldErrors()
        meeting_id = st.selectbox(
            _("Meeting where the group checked it"),
            list(labels),
            index=0 if labels else None,
            format_func=lambda i: labels[i],
            key=f"{key}_verify_meeting",
            placeholder=_("Log the meeting first"),
        )
        errors.slot("verified_at_meeting_id")
        comment = st.text_area(_("What the group said"), key=f"{key}_verify_comment")
        errors.slot("group_comment")
        if st.form_submit_button(_("Verified by the group"), type="primary", width="stretch"):
            return _save(
                errors,
                _("Verified by the group."),
                recommendations.verify,
                drawn,
                meeting_id=meeting_id,
                group_comment=comment,
            )
    return None


def reopen(drawn: Drawn) -> Saved | None:
    key = drawn.key
    with (
        st.expander(_("Reopen (the change stopped or needs more work)"), icon=":material/replay:"),
        st.form(f"{key}_reopen"),
    ):
        errors = FieldErrors()
        reason = st.text_area(_("Why is it reopened?"), key=f"{key}_reopen_reason")
        errors.slot("reason")
        if st.form_submit_button(_("Reopen"), width="stretch"):
            return _save(errors, _("Reopened."), recommendations.reopen, drawn, reason=reason)
    return None


def escalate(drawn: Drawn) -> Saved | None:
    view, key = drawn.view, drawn.key
    levels = ESCALATION_LEVELS
    with (
        st.expander(
            _("Escalate (the service cannot fix this alone)"), icon=":material/trending_up:"
        ),
        st.form(f"{key}_escalate"),
    ):
        errors = FieldErrors()
        level = st.selectbox(
            _("Taken to which level?"),
            levels,
            index=levels.index(view.escalation_level) if view.escalation_level in levels else 0,
            format_func=escalation_label,
            key=f"{key}_escalate_level",
        )
        errors.slot("escalation_level")
        on = st.date_input(
            _("Date"), value=clock.today(), format=DATE_FORMAT, key=f"{key}_escalate_on"
        )
        errors.slot("escalated_on")
        comment = st.text_input(_("Note (optional)"), key=f"{key}_escalate_comment")
        if st.form_submit_button(_("Save escalation"), width="stretch"):
            return _save(
                errors,
                _("Escalation saved."),
                recommendations.escalate,
                drawn,
                level=level,
                escalated_on=on,
                comment=comment,
            )
    return None


def comment(view: RecommendationView, *, actor: Actor, progress_allowed: bool) -> str | None:
    """A comment (or, for directors, a progress update). Returns the message once saved.

    Comments carry no version (they never conflict), so the keys do not include one and the
    form empties itself after a save.
    """
    key = f"rec_{view.id}_comment"
    with st.form(key, clear_on_submit=True):
        st.markdown(_("**Add a comment**"))
        errors = FieldErrors()
        text = st.text_area(_("Comment"), key=f"{key}_text")
        errors.slot("comment")
        progress = progress_allowed and st.checkbox(
            _("This is a progress update"), key=f"{key}_progress"
        )
        if st.form_submit_button(_("Add comment"), width="stretch"):
            try:
                recommendations.add_comment(
                    get_engine(),
                    recommendation_id=view.id,
                    text=text,
                    progress_update=progress,
                    actor=actor,
                )
            except DomainError as exc:
                errors.show(exc)
            else:
                return _("Comment added.")
    return None


def edit(drawn: Drawn) -> Saved | None:
    """Change the details; a retired category or site, or a former owner, stays selectable."""
    view, key = drawn.view, drawn.key
    choices = recommendation_views.detail_choices(get_engine(), keep=view)
    cats, sites = choices.categories, choices.sites
    owners = {NAMED_ROLE: _("A named role (type it below)"), **choices.owners}
    key = f"{key}_edit"
    with st.expander(_("Change the details"), icon=":material/edit:"), st.form(key):
        errors = FieldErrors()
        title = st.text_input(_("Title"), value=view.title, key=f"{key}_title")
        errors.slot("title")
        description = st.text_area(
            _("More details"), value=view.description, key=f"{key}_description"
        )
        category_id = st.selectbox(
            _("Category"),
            list(cats),
            index=list(cats).index(view.category_id) if view.category_id in cats else None,
            format_func=lambda i: cats[i],
            key=f"{key}_category",
        )
        errors.slot("category_id")
        site_ids = st.multiselect(
            _("Sites concerned"),
            list(sites),
            default=[i for i in view.site_ids if i in sites],
            format_func=lambda i: sites[i],
            key=f"{key}_sites",
            placeholder=_("Choose options"),
        )
        errors.slot("site_ids")
        priority = st.radio(
            _("Priority"),
            PRIORITIES,
            index=PRIORITIES.index(view.priority) if view.priority in PRIORITIES else 1,
            format_func=priority_label,
            horizontal=True,
            key=f"{key}_priority",
        )
        current_owner = NAMED_ROLE if view.owner_user_id is None else view.owner_user_id
        owner = st.selectbox(
            _("Owner"),
            list(owners),
            index=list(owners).index(current_owner),
            format_func=lambda i: owners[i],
            key=f"{key}_owner",
        )
        owner_role = st.text_input(
            _("Named role (if not a person)"), value=view.owner_role or "", key=f"{key}_role"
        )
        errors.slot("owner")
        due_on = st.date_input(
            _("Due date"), value=view.due_on, format=DATE_FORMAT, key=f"{key}_due"
        )
        errors.slot("due_on")
        if st.form_submit_button(_("Save changes"), width="stretch"):
            return _save(
                errors,
                _("Changes saved."),
                recommendations.edit_details,
                drawn,
                title=title,
                description=description,
                category_id=category_id,
                site_ids=site_ids,
                priority=priority,
                owner_user_id=None if owner == NAMED_ROLE else owner,
                owner_role=owner_role if owner == NAMED_ROLE else None,
                due_on=due_on,
            )
    return None


def raise_at(meeting: MeetingView, *, actor: Actor) -> RecommendationView | None:
    """Raise a recommendation at `meeting`; on success the form is emptied for the next one."""
    choices = recommendation_views.detail_choices(get_engine())
    cats, sites = choices.categories, choices.sites
    owners = {NAMED_ROLE: _("A named role (type it below)"), **choices.owners}
    key = f"rec_new_{meeting.id}"
    with st.form(f"{key}_form", clear_on_submit=False):
        errors = FieldErrors()
        title = st.text_input(_("What does the group ask for? (short title)"), key=f"{key}_title")
        errors.slot("title")
        description = st.text_area(_("More details (optional)"), key=f"{key}_description")
        category_id = st.selectbox(
            _("Category"),
            list(cats),
            index=None,
            format_func=lambda i: cats[i],
            key=f"{key}_category",
            placeholder=_("Choose a category"),
        )
        errors.slot("category_id")
        site_ids = st.multiselect(
            _("Sites concerned"),
            list(sites),
            format_func=lambda i: sites[i],
            key=f"{key}_sites",
            placeholder=_("Choose one or more sites"),
        )
        errors.slot("site_ids")
        priority = st.radio(
            _("Priority"),
            PRIORITIES,
            index=1,
            format_func=priority_label,
            horizontal=True,
            key=f"{key}_priority",
        )
        owner = st.selectbox(
            _("Who will own it?"),
            list(owners),
            index=None,
            format_func=lambda i: owners[i],
            key=f"{key}_owner",
            placeholder=_("Choose a person, or a named role"),
        )
        owner_role = st.text_input(
            _("Named role (if not a person), e.g. Outreach coordinator"), key=f"{key}_owner_role"
        )
        errors.slot("owner")
        due_on = st.date_input(
            _("Due date (optional)"), value=None, format=DATE_FORMAT, key=f"{key}_due"
        )
        errors.slot("due_on")
        if not st.form_submit_button(_("Raise recommendation"), type="primary", width="stretch"):
            return None
        named_role = owner in (None, NAMED_ROLE)
        try:
            created = recommendations.raise_recommendation(
                get_engine(),
                meeting_id=meeting.id,
                title=title,
                description=description,
                category_id=category_id,
                site_ids=site_ids,
                priority=priority,
                owner_user_id=None if named_role else owner,
                owner_role=owner_role if named_role else None,
                due_on=due_on,
                actor=actor,
            )
        except DomainError as exc:
            errors.show(exc)
            return None
    for suffix in ("title", "description", "category", "sites", "owner_role", "due"):
        st.session_state.pop(f"{key}_{suffix}", None)
    return created
