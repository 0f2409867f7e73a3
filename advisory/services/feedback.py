"""'What happened to what we asked': a summary to read aloud at a meeting.

For a chosen meeting, every recommendation the group raised at its earlier meetings, with where
it stands today and the latest news, in short plain sentences (the people listening have
varied literacy and first languages). No jargon, no status codes, no abbreviations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock
from advisory.db import reads
from advisory.errors import NotFound
from advisory.lifecycle import COMPLETED, NEVER_OVERDUE
from advisory.models import Meeting
from advisory.services import meeting_views, recommendation_views
from advisory.services.recommendation_views import EventView, RecommendationView


@dataclass(frozen=True)
class FeedbackItem:
    recommendation_id: int
    title: str
    asked_at: str  # "the 2025 Q1 meeting"
    status: str
    status_label: str
    overdue: bool
    sentences: tuple[str, ...]  # where it stands, in plain words
    latest_update: str | None  # "On 3 March 2025, Demo director wrote: ..."

    @property
    def text(self) -> str:
        parts = [*self.sentences]
        if self.latest_update:
            parts.append(self.latest_update)
        return " ".join(parts)


@dataclass(frozen=True)
class FeedbackSummary:
    meeting_id: int
    meeting_label: str
    intro: str
    items: tuple[FeedbackItem, ...]

    def as_text(self) -> str:
        """The whole summary as plain text, one numbered item per paragraph."""
        lines = [f"What happened to what we asked: {self.meeting_label}", "", self.intro]
        for n, item in enumerate(self.items, start=1):
            lines += ["", f"{n}. {item.title}", item.text]
        return "\n".join(lines) + "\n"


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _sentences(v: RecommendationView, today: dt.date) -> list[str]:
    s = v.status
    said: list[str] = [f"We asked for this at the {v.meeting_label}."]
    if s == "raised":
        said.append("The director has not answered yet.")
    elif s == "under_review":
        said.append("The director is looking at it and has not answered yet.")
    elif s == "deferred":
        when = f" on {_day(v.deferred_until)}" if v.deferred_until else " later"
        said.append(f"The director said: not now. They will look at it again{when}.")
        if v.response_rationale:
            said.append(f"The reason: {v.response_rationale}")
    elif s == "declined":
        said.append("The director said no.")
        if v.response_rationale:
            said.append(f"The reason: {v.response_rationale}")
    elif s in ("accepted", "partly_accepted"):
        said.append(
            "The director said yes." if s == "accepted" else "The director said yes to part of it."
        )
        if v.response_rationale:
            said.append(f"They said: {v.response_rationale}")
        said.append("The work has not started yet.")
    elif s == "in_progress":
        said.append("The director said yes, and the work has started.")
    elif s == "done":
        when = f" on {_day(v.done_on)}" if v.done_on else ""
        said.append(f"The service says it was done{when}: {v.what_changed}")
        said.append("The group has not checked it yet. Is it really happening?")
    elif s == "verified":
        said.append(f"It was done: {v.what_changed}")
        where = f" at the {v.verified_at_meeting_label}" if v.verified_at_meeting_label else ""
        said.append(f"The group checked it{where} and agreed it is happening.")
        if v.verification_comment:
            said.append(f"The group said: {v.verification_comment}")
    elif s == "reopened":
        said.append("It was done, but it stopped or needs more work, so it is open again.")
    if v.needs_funding and s not in NEVER_OVERDUE:
        said.append("It needs money before it can happen.")
    if v.escalation_level and s not in NEVER_OVERDUE:
        said.append(
            f"The service cannot fix it alone: it was taken to the {v.escalation_level} level."
        )
    if v.overdue and v.due_on:
        said.append(f"It is late: it should have been done by {_day(v.due_on)}.")
    elif v.due_on and s not in NEVER_OVERDUE and v.due_on >= today:
        said.append(f"It should be done by {_day(v.due_on)}.")
    return [x.strip() for x in said]


def _latest(events: list[EventView], already_said: str) -> str | None:
    """The newest event that carries words, unless the sentences already say them."""
    for e in reversed(events):
        if e.comment and e.kind in ("comment", "progress", "status", "escalation"):
            if e.comment in already_said:
                return None
            return f"Latest news, {_day(e.at.date())}, from {e.by}: {e.comment}"
    return None


@reads
def what_happened(
    session: Session, *, meeting_id: int, today: dt.date | None = None
) -> FeedbackSummary:
    """The summary for `meeting_id`: recommendations from the group's earlier meetings."""
    today = today or clock.today()
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("No such meeting.")
    label = meeting_views.get(session, meeting_id).label
    earlier = list(
        session.scalars(
            select(Meeting.id)
            .where(Meeting.group_id == meeting.group_id, Meeting.held_on < meeting.held_on)
            .order_by(Meeting.held_on, Meeting.id)
        )
    )
    items: list[FeedbackItem] = []
    for earlier_id in earlier:
        for v in recommendation_views.list_recommendations(
            session, meeting_id=earlier_id, today=today
        ):
            sentences = tuple(_sentences(v, today))
            items.append(
                FeedbackItem(
                    recommendation_id=v.id,
                    title=v.title,
                    asked_at=f"the {v.meeting_label}",
                    status=v.status,
                    status_label=v.status_label,
                    overdue=v.overdue,
                    sentences=sentences,
                    latest_update=_latest(
                        recommendation_views.timeline(session, v.id), " ".join(sentences)
                    ),
                )
            )
    if not items:
        intro = (
            "The group did not ask for anything at earlier meetings, "
            "so there is nothing to report yet."
        )
    else:
        finished = sum(i.status in COMPLETED for i in items)
        late = sum(i.overdue for i in items)
        intro = (
            f"At earlier meetings the group asked for {len(items)} "
            f"{'change' if len(items) == 1 else 'changes'}. "
            f"{finished} {'is' if finished == 1 else 'are'} done. "
            f"{late} {'is' if late == 1 else 'are'} late."
        )
    return FeedbackSummary(
        meeting_id=meeting_id, meeting_label=label, intro=intro, items=tuple(items)
    )
