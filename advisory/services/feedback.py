"""'What happened to what we asked': a summary to read aloud at the next meeting.

Since a chosen meeting (by default the latest one held) up to today: every recommendation
raised or changed in that time (raised and already closed ones included), and every one still
open, grouped by where it stands, in short plain sentences (the people listening have varied
literacy and first languages). No jargon, no status codes, no abbreviations. It comes as
plain text, and as a printable page (self-contained HTML, A4) that also makes the PDF.

why (issue 13): the summary used to be "for" a meeting and listed only what was raised at the
meetings before it, so choosing the newest meeting left out everything raised there and
closed since, and nothing was grouped.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.db import reads
from advisory.errors import NotFound
from advisory.i18n import N_, _, active, format_date, ngettext
from advisory.lifecycle import NEVER_OVERDUE, Status
from advisory.models import Meeting, RecommendationEvent
from advisory.services import meeting_views, organisation, recommendation_views
from advisory.services.recommendation_views import EventView, RecommendationView

# Where a recommendation stands, as the group hears it: (key, heading, statuses), in the order
# they are read out. Every status is in exactly one group.
GROUPS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("verified", N_("Done, and the group checked it"), frozenset({Status.VERIFIED})),
    ("done", N_("Done: the group still needs to check it"), frozenset({Status.DONE})),
    (
        "working",
        N_("The director said yes: the work is on its way"),
        frozenset({Status.ACCEPTED, Status.PARTLY_ACCEPTED, Status.IN_PROGRESS}),
    ),
    ("reopened", N_("Open again"), frozenset({Status.REOPENED})),
    (
        "waiting",
        N_("Waiting for the director's answer"),
        frozenset({Status.RAISED, Status.UNDER_REVIEW}),
    ),
    ("deferred", N_("Not now: the director will look at it again"), frozenset({Status.DEFERRED})),
    ("declined", N_("The director said no"), frozenset({Status.DECLINED})),
)
CLOSED: frozenset[str] = frozenset({Status.VERIFIED, Status.DECLINED})


@dataclass(frozen=True)
class FeedbackItem:
    recommendation_id: int
    title: str
    asked_at: str  # "the 2025 Q1 meeting"
    status: str
    status_label: str
    overdue: bool
    sentences: tuple[str, ...]  # where it stands, in plain words
    latest_update: str | None  # "Latest news, 3 March 2025, from Demo director: ..."
    news: bool = True  # raised or changed in the period the summary covers

    @property
    def text(self) -> str:
        parts = [*self.sentences]
        if self.latest_update:
            parts.append(self.latest_update)
        return " ".join(parts)


@dataclass(frozen=True)
class FeedbackGroup:
    key: str
    heading: str
    items: tuple[FeedbackItem, ...]


@dataclass(frozen=True)
class FeedbackSummary:
    since: dt.date | None  # the previous meeting's day (None: no meeting yet, everything)
    since_label: str  # "since the 2025 Q2 meeting, 12 Jun 2025 · Back room"
    today: dt.date
    intro: str
    groups: tuple[FeedbackGroup, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[FeedbackItem, ...]:
        return tuple(i for g in self.groups for i in g.items)

    @property
    def title(self) -> str:
        return _("What happened to what we asked")

    @property
    def period(self) -> str:
        return _("{since}, up to {today}").format(since=self.since_label, today=_day(self.today))

    def as_text(self) -> str:
        """The whole summary as plain text: a heading per group, one numbered item each."""
        lines = [f"{self.title}: {self.period}", "", self.intro]
        n = 0
        for group in self.groups:
            lines += ["", group.heading.upper()]
            for item in group.items:
                n += 1
                lines += ["", f"{n}. {item.title}", item.text]
        return "\n".join(lines) + "\n"

    def as_html(self, *, organisation: str = "") -> str:
        """A self-contained printable page (A4): no script, no outside file, nothing loads."""
        return printable_html(self, organisation=organisation)


def _day(d: dt.date) -> str:
    """'3 March 2025' in the run's language."""
    return format_date(d, "d MMMM y")


# Whole sentences per escalation level (lifecycle.ESCALATION_LEVELS); another level is named.
ESCALATED = {
    "service": N_("The service cannot fix it alone: it was taken to the service level."),
    "organisation": N_("The service cannot fix it alone: it was taken to the organisation level."),
    "district or national": N_(
        "The service cannot fix it alone: it was taken to the district or national level."
    ),
}


def _sentences(v: RecommendationView, today: dt.date) -> list[str]:
    s = v.status
    said: list[str] = [_("We asked for this at the {meeting}.").format(meeting=v.meeting_label)]
    if s == "raised":
        said.append(_("The director has not answered yet."))
    elif s == "under_review":
        said.append(_("The director is looking at it and has not answered yet."))
    elif s == "deferred":
        if v.deferred_until:
            said.append(
                _("The director said: not now. They will look at it again on {day}.").format(
                    day=_day(v.deferred_until)
                )
            )
        else:
            said.append(_("The director said: not now. They will look at it again later."))
        if v.response_rationale:
            said.append(_("The reason: {reason}").format(reason=v.response_rationale))
    elif s == "declined":
        said.append(_("The director said no."))
        if v.response_rationale:
            said.append(_("The reason: {reason}").format(reason=v.response_rationale))
    elif s in ("accepted", "partly_accepted"):
        said.append(
            _("The director said yes.")
            if s == "accepted"
            else _("The director said yes to part of it.")
        )
        if v.response_rationale:
            said.append(_("They said: {words}").format(words=v.response_rationale))
        said.append(_("The work has not started yet."))
    elif s == "in_progress":
        said.append(_("The director said yes, and the work has started."))
    elif s == "done":
        if v.done_on:
            said.append(
                _("The service says it was done on {day}: {what_changed}").format(
                    day=_day(v.done_on), what_changed=v.what_changed
                )
            )
        else:
            said.append(
                _("The service says it was done: {what_changed}").format(
                    what_changed=v.what_changed
                )
            )
        said.append(_("The group has not checked it yet. Is it really happening?"))
    elif s == "verified":
        said.append(_("It was done: {what_changed}").format(what_changed=v.what_changed))
        if v.verified_at_meeting_label:
            said.append(
                _("The group checked it at the {meeting} and agreed it is happening.").format(
                    meeting=v.verified_at_meeting_label
                )
            )
        else:
            said.append(_("The group checked it and agreed it is happening."))
        if v.verification_comment:
            said.append(_("The group said: {words}").format(words=v.verification_comment))
    elif s == "reopened":
        said.append(_("It was done, but it stopped or needs more work, so it is open again."))
    if v.needs_funding and s not in NEVER_OVERDUE:
        said.append(_("It needs money before it can happen."))
    if v.escalation_level and s not in NEVER_OVERDUE:
        level = v.escalation_level
        said.append(
            _(ESCALATED[level])
            if level in ESCALATED
            else _("The service cannot fix it alone: it was taken to the {level} level.").format(
                level=_(level)
            )
        )
    if v.overdue and v.due_on:
        said.append(_("It is late: it should have been done by {day}.").format(day=_day(v.due_on)))
    elif v.due_on and s not in NEVER_OVERDUE and v.due_on >= today:
        said.append(_("It should be done by {day}.").format(day=_day(v.due_on)))
    return [x.strip() for x in said]


def _latest(events: list[EventView], already_said: str) -> str | None:
    """The newest event that carries words, unless the sentences already say them."""
    for e in reversed(events):
        if e.comment and e.kind in ("comment", "progress", "status", "escalation"):
            if e.comment in already_said:
                return None
            return _("Latest news, {day}, from {name}: {words}").format(
                day=_day(e.at.date()), name=e.by, words=e.comment
            )
    return None


def _changed_since(session: Session, since: dt.date) -> set[int]:
    """Recommendations with any timeline entry on or after `since` (a comment counts)."""
    start = dt.datetime.combine(since, dt.time.min)
    return set(
        session.scalars(
            select(RecommendationEvent.recommendation_id)
            .where(RecommendationEvent.at >= start)
            .group_by(RecommendationEvent.recommendation_id)
        )
    )


def _previous_meeting(session: Session, today: dt.date) -> int | None:
    return session.scalar(
        select(Meeting.id)
        .where(Meeting.held_on <= today)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    )


def _intro(items: list[FeedbackItem], since: dt.date | None) -> str:
    if not items:
        if since is None:
            return _("The group has not asked for anything yet, so there is nothing to report.")
        return _("Nothing was asked for or changed since then, and nothing is still open.")
    new = sum(i.news for i in items)
    finished = sum(i.status in (Status.DONE, Status.VERIFIED) for i in items)
    late = sum(i.overdue for i in items)
    return " ".join(
        (
            ngettext(
                "This is about {count} thing the group asked for.",
                "This is about {count} things the group asked for.",
                len(items),
            ).format(count=len(items)),
            ngettext("{count} has news since then.", "{count} have news since then.", new).format(
                count=new
            ),
            ngettext("{count} is done.", "{count} are done.", finished).format(count=finished),
            ngettext("{count} is late.", "{count} are late.", late).format(count=late),
        )
    )


@reads
def what_happened(
    session: Session, *, since_meeting_id: int | None = None, today: dt.date | None = None
) -> FeedbackSummary:
    """Since `since_meeting_id` (default: the latest meeting held by today) up to today.

    Covers every recommendation raised on or after that meeting's day, every one with a
    timeline entry since then (so one raised and closed since is there), and every one still
    open; grouped as in GROUPS, oldest raised first in each group. NotFound for a meeting
    that does not exist.
    """
    today = today or clock.today()
    meeting_id = since_meeting_id or _previous_meeting(session, today)
    since: dt.date | None = None
    since_label = _("since the group started")
    if meeting_id is not None:
        if session.get(Meeting, meeting_id) is None:
            raise NotFound(_("No such meeting."))
        meeting = meeting_views.get(session, meeting_id)
        since = meeting.held_on
        since_label = _("since the {meeting}").format(meeting=meeting.label)
    changed = _changed_since(session, since) if since else set()
    items: list[FeedbackItem] = []
    for v in recommendation_views.list_recommendations(session, today=today):
        news = since is None or v.raised_on >= since or v.id in changed
        if not news and v.status in CLOSED:
            continue  # closed before the period: already reported
        sentences = _sentences(v, today)
        if not news:
            sentences.append(_("Nothing new since then."))
        items.append(
            FeedbackItem(
                recommendation_id=v.id,
                title=v.title,
                asked_at=_("the {meeting}").format(meeting=v.meeting_label),
                status=v.status,
                status_label=v.status_label,
                overdue=v.overdue,
                sentences=tuple(sentences),
                latest_update=_latest(
                    recommendation_views.timeline(session, v.id), " ".join(sentences)
                ),
                news=news,
            )
        )
    groups = tuple(
        FeedbackGroup(key, _(heading), tuple(i for i in items if i.status in statuses))
        for key, heading, statuses in GROUPS
    )
    return FeedbackSummary(
        since=since,
        since_label=since_label,
        today=today,
        intro=_intro(items, since),
        groups=tuple(g for g in groups if g.items),
    )


_STYLE = """
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 12pt;
       line-height: 1.45; color: #111; margin: 0 auto; max-width: 180mm; padding: 8mm 4mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999;
     page-break-after: avoid; break-after: avoid; }
h3 { font-size: 12pt; margin: 0 0 1mm; }
p { margin: 0 0 2mm; }
.period, .org { color: #333; }
.intro { font-weight: bold; }
.item { margin: 0 0 4mm; page-break-inside: avoid; break-inside: avoid; }
.late { font-weight: bold; }
@media print { body { padding: 0; max-width: none; } }
"""


def printable_html(summary: FeedbackSummary, *, organisation: str = "") -> str:
    """The summary as one HTML page that prints on A4; every typed text is escaped.

    why self-contained: it is opened from a phone's downloads or printed offline; the
    Content-Security-Policy forbids loading anything (no image, font or script) from anywhere.
    """
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(active())}"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(summary.title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
    ]
    if organisation:
        parts.append(f'<p class="org">{esc(organisation)}</p>')
    parts += [
        f"<h1>{esc(summary.title)}</h1>",
        f'<p class="period">{esc(summary.period)}</p>',
        f'<p class="intro">{esc(summary.intro)}</p>',
    ]
    n = 0
    for group in summary.groups:
        parts.append(f"<h2>{esc(group.heading)} ({len(group.items)})</h2>")
        for item in group.items:
            n += 1
            late = ' class="late"' if item.overdue else ""
            parts.append(
                f'<div class="item"><h3>{n}. {esc(item.title)}</h3>'
                f"<p{late}>{esc(' '.join(item.sentences))}</p>"
                + (f"<p>{esc(item.latest_update)}</p>" if item.latest_update else "")
                + "</div>"
            )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


@reads
def printable(
    session: Session, *, since_meeting_id: int | None = None, today: dt.date | None = None
) -> str:
    """`what_happened` as the printable page, headed with the organisation's name."""
    summary = what_happened(session, since_meeting_id=since_meeting_id, today=today)
    return summary.as_html(organisation=organisation.settings(session).name)
