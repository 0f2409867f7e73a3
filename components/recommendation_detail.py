"""One recommendation on the recommendations page: its facts, the forms its status allows for
the user's role (advisory.lifecycle.allowed_actions), and its timeline."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import _, format_date, format_datetime, ngettext
from advisory.lifecycle import (
    NEVER_OVERDUE,
    Action,
    allowed_actions,
    escalation_label,
    priority_label,
    status_label,
)
from advisory.services import recommendation_completions, recommendation_views
from advisory.services.recommendation_views import RecommendationView
from components import (
    edit_versions,
    recommendation_card,
    recommendation_forms,
    recommendation_referrals,
    status_badge,
)
from components.database import get_engine
from components.markdown_text import plain, plain_lines
from components.recommendation_forms import KIND, Drawn

FORMS = {
    Action.START_REVIEW: recommendation_forms.start_review,
    Action.RESPOND: recommendation_forms.respond,
    Action.START_WORK: recommendation_forms.start_work,
    Action.MARK_DONE: recommendation_forms.mark_done,
    Action.VERIFY: recommendation_forms.verify,
    Action.REOPEN: recommendation_forms.reopen,
    Action.ESCALATE: recommendation_forms.escalate,
    Action.EDIT: recommendation_forms.edit,
}


def _day(day: dt.date) -> str:
    """'03 Mar 2025' in English (the format the page always used), in the run's language."""
    return format_date(day, "dd MMM y")


def facts(v: RecommendationView) -> None:
    status_badge.show(
        v.status,
        overdue=v.overdue,
        needs_funding=v.needs_funding and v.status not in NEVER_OVERDUE,
        escalated=bool(v.escalation_level),
    )
    due = recommendation_card.due_text(v)
    lines = [
        _("**Raised at:** {meeting} ({day})").format(
            meeting=v.meeting_label, day=_day(v.raised_on)
        ),
        _("**Category:** {category}").format(category=plain(v.category)),
        _("**Sites:** {sites}").format(sites=plain(", ".join(v.site_names)) or _("not given")),
        _("**Priority:** {priority}").format(priority=priority_label(v.priority)),
        _("**Owner:** {owner}").format(owner=plain(v.owner)),
        _("**{due}** (overdue)").format(due=due) if v.overdue else f"**{due}**",
    ]
    st.markdown("  \n".join(lines))
    if v.description:
        st.markdown(plain_lines(v.description))
    if v.response:
        response = status_label(v.response)
        said = [
            _("**Director's response:** {response} on {day}").format(
                response=response, day=_day(v.responded_on)
            )
            if v.responded_on
            else _("**Director's response:** {response}").format(response=response)
        ]
        if v.response_rationale:
            said.append(_("**Reason:** {reason}").format(reason=plain(v.response_rationale)))
        if v.status == "deferred" and v.deferred_until:
            said.append(_("**Deferred until:** {day}").format(day=_day(v.deferred_until)))
        if v.needs_funding:
            said.append(_("**Needs funding:** yes"))
        st.markdown("  \n".join(said))
    if v.done_on:
        done = [
            _("**Done on {day}:** {what}").format(
                day=_day(v.done_on), what=plain(v.what_changed or "")
            )
        ]
        if v.evidence:
            done.append(_("**Evidence:** {evidence}").format(evidence=plain(v.evidence)))
        st.markdown("  \n".join(done))
    if v.verified_at_meeting_label:
        st.markdown(
            _("**Verified by the group** at the {meeting}: {said}").format(
                meeting=v.verified_at_meeting_label, said=plain(v.verification_comment or "")
            )
        )
    if v.escalation_level and v.escalated_on:
        st.markdown(
            _("**Escalated** to the {level} level on {day}").format(
                level=escalation_label(v.escalation_level), day=_day(v.escalated_on)
            )
        )


def earlier_completions(recommendation_id: int) -> None:
    """Each earlier completion (done, then reopened): what changed, the evidence, the group's
    check, and why it was reopened (issue 13: these used to vanish on a reopen)."""
    lapsed = [
        c
        for c in recommendation_completions.completions(get_engine(), recommendation_id)
        if c.lapsed
    ]
    if not lapsed:
        return
    st.subheader(
        ngettext("Earlier completion", "Earlier completions ({count})", len(lapsed)).format(
            count=len(lapsed)
        ),
        anchor=False,
    )
    for c in lapsed:
        with st.container(border=True):
            lines = [
                _("**Done on {day}** ({by}): {what}").format(
                    day=_day(c.done_on), by=plain(c.done_by), what=plain(c.what_changed)
                )
            ]
            if c.evidence:
                lines.append(_("**Evidence:** {evidence}").format(evidence=plain(c.evidence)))
            if c.verified_on:
                where = c.verified_at_meeting_label or _day(c.verified_on)
                lines.append(
                    _("**Verified by the group** at the {meeting}: {said}").format(
                        meeting=where, said=plain(c.verification_comment or "")
                    )
                )
            else:
                lines.append(_("Not verified by the group before it was reopened."))
            if c.reopened_at:
                lines.append(
                    _("**Reopened on {day}** ({by}): {reason}").format(
                        day=_day(c.reopened_at),
                        by=plain(c.reopened_by or ""),
                        reason=plain(c.reopen_reason or ""),
                    )
                )
            st.markdown("  \n".join(lines))


def timeline(recommendation_id: int) -> None:
    st.subheader(_("Timeline"))
    for e in recommendation_views.timeline(get_engine(), recommendation_id):
        with st.container(border=True):
            when = _("{time} UTC").format(time=format_datetime(e.at, "dd MMM y HH:mm"))
            st.markdown(f"**{e.summary}** · {plain(e.by)}  \n:gray[{when}]")
            if e.comment:
                st.markdown(plain_lines(e.comment))


def actions(v: RecommendationView, *, seen: int, seen_status: str, actor: Actor) -> str | None:
    """The forms the status the user saw allows; the message of the one saved, if any.

    The forms follow the status the user *saw* (components/edit_versions.py): after someone
    else's change they stay, so pressing one reaches the service and is refused with its message.
    """
    allowed = allowed_actions(seen_status, actor.role)
    drawn = Drawn(v, seen, key=f"rec_{v.id}_{seen}", actor=actor)
    recommendation_forms.conflict_notice(v, key=f"rec_reload_{v.id}")
    for action in allowed:
        if action == Action.COMMENT:
            progress = Action.PROGRESS_UPDATE in allowed
            if said := recommendation_forms.comment(v, actor=actor, progress_allowed=progress):
                return said
        elif action in FORMS and (saved := FORMS[action](drawn)):
            return saved.message
    return None


def show(recommendation_id: int, *, actor: Actor) -> str | None:
    """The whole record; returns the message of a form just saved (the page flashes it and
    reruns). A missing record says so, closes it, and offers the way back."""
    try:
        v = recommendation_views.get(get_engine(), recommendation_id)
    except DomainError as exc:
        st.error(str(exc))
        recommendation_card.select(None)
        st.button(_("Back to all recommendations"), key="rec_back_missing")
        return None
    seen, seen_status = edit_versions.seen(KIND, v.id, v.version, v.status)
    if st.button(
        _("All recommendations"),
        icon=":material/arrow_back:",
        key=edit_versions.marker_key(KIND, v.id),
    ):
        recommendation_card.select(None)
        st.rerun()
    st.header(plain(v.title), anchor=False)
    facts(v)
    earlier_completions(v.id)
    linked = recommendation_referrals.show(v.id, actor=actor, key=f"rec_{v.id}_referrals")
    st.divider()
    saved = linked or actions(v, seen=seen, seen_status=seen_status, actor=actor)
    if saved is None:
        timeline(v.id)
    return saved
