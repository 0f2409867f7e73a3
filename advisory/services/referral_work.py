"""Working with other services (issue 12): referrals made, trainings given, networks, forums.

- Referral counts are aggregates per quarter and kind of service, entered by staff (directors
  and admins, "record_referral_counts"): a count of people, never a person.
- Trainings given to other services, networks the group links women to and forums where
  members represented the community are logged by members too ("log_outreach_work").
- `summary` is the "Working with other services" section of a quarter; with `shared=True` its
  counts of people (participants, referrals) have small-number protection and it carries no
  typed text about what was raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import clock, privacy
from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import ValidationError
from advisory.i18n import N_, _, format_number
from advisory.models import Forum, Network, ReferralCount, ReferralEntry, ReferralKind, Training
from advisory.periods import Quarter
from advisory.services import audit, organisation, referrals
from advisory.services.referrals import known_kind

# Stored keys -> display names (translate where shown: _(TOPICS[key])).
TOPICS: dict[str, str] = {
    "gender": N_("Gender"),
    "drugs": N_("Drug use and harm reduction"),
    "stigma": N_("Stigma and discrimination"),
    "gbv": N_("Gender-based violence"),
    "other": N_("Other"),
}
DELIVERED_BY: dict[str, str] = {"peers": N_("Peer women"), "staff": N_("Staff"), "both": N_("Both")}
LEVELS: dict[str, str] = {
    "local": N_("Local"),
    "national": N_("National"),
    "regional": N_("Regional"),
    "international": N_("International"),
}
MAX_COUNT = 1_000_000


def _quarter(value: Quarter | str) -> Quarter:
    if isinstance(value, Quarter):
        return value
    try:
        return Quarter.parse(value)
    except ValueError:
        raise ValidationError(_("Write the quarter like 2025 Q2."), field="quarter") from None


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValidationError(_("Enter a whole number."), field=field)
    n = int(value)
    if n < 0:
        raise ValidationError(_("A count cannot be negative; enter 0 or more."), field=field)
    if n > MAX_COUNT:
        raise ValidationError(_("That number is too large; check it."), field=field)
    return n


def _past(day: dt.date | None, field: str, missing: str) -> dt.date:
    """`day`, unless it is missing (ValidationError `missing`) or in the future."""
    if day is None:
        raise ValidationError(missing, field=field)
    if day > clock.today():
        raise ValidationError(
            _("That date is in the future; log it once it has happened."), field=field
        )
    return day


def _required(value: str | None, field: str, message: str, limit: int) -> str:
    clean = " ".join((value or "").split())
    if not clean:
        raise ValidationError(message, field=field)
    if len(clean) > limit:
        raise ValidationError(
            _("This is at most {limit} characters; shorten it.").format(limit=limit), field=field
        )
    return clean


def _short_text(value: str | None, field: str) -> str:
    clean = " ".join((value or "").split())
    if len(clean) > 300:
        raise ValidationError(_("This is at most 300 characters; shorten it."), field=field)
    return clean


def _long_text(value: str | None, field: str) -> str:
    clean = (value or "").strip()
    if len(clean) > 4000:
        raise ValidationError(_("This is at most 4,000 characters; shorten it."), field=field)
    return clean


# --- referral counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    quarter: str
    kind: str
    count: int


@writes
def set_referral_count(
    session: Session, *, quarter: Quarter | str, kind_id: int, count: object, actor: Actor
) -> CountRow:
    """Record how many referrals were made in `quarter` to `kind_id` (replacing an earlier
    figure). Refused at the field: an unknown kind, a negative or fractional count, a quarter
    that has not started yet."""
    authorise(session, actor, "record_referral_counts")
    q = _quarter(quarter)
    if q.start > clock.today():
        raise ValidationError(_("That quarter has not started yet."), field="quarter")
    kind = known_kind(session, kind_id)
    n = _count(count, "count")
    row = session.scalar(
        select(ReferralCount).where(
            ReferralCount.quarter_start == q.start, ReferralCount.kind_id == kind.id
        )
    )
    if row is None:
        row = ReferralCount(quarter_start=q.start, kind_id=kind.id, count=n)
        session.add(row)
    row.count, row.updated_by, row.updated_at = n, actor.username, clock.now()
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="referral_count.set",
        entity="referral_count",
        entity_id=row.id,
        detail=f"{q.label} {kind.name}: {n}",
    )
    return CountRow(q.label, kind.name, n)


@reads
def referral_counts(session: Session) -> list[CountRow]:
    """Every count, by quarter then kind."""
    q = (
        select(ReferralCount.quarter_start, ReferralKind.name, ReferralCount.count)
        .join(ReferralKind, ReferralKind.id == ReferralCount.kind_id)
        .order_by(ReferralCount.quarter_start, ReferralKind.id)
    )
    return [CountRow(Quarter.of(d).label, k, n) for d, k, n in session.execute(q)]


def counts_frame(rows: Iterable[CountRow]) -> pd.DataFrame:
    """Quarters (rows, in order) x kinds (columns), zeros where nothing was entered."""
    frame = pd.DataFrame([r.__dict__ for r in rows], columns=["quarter", "kind", "count"])
    if frame.empty:
        return pd.DataFrame()
    return frame.pivot_table(
        index="quarter", columns="kind", values="count", aggfunc="sum", fill_value=0, sort=False
    ).sort_index()


# --- trainings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingView:
    id: int
    held_on: dt.date
    quarter: str
    organisation: str
    kind: str
    topics: tuple[str, ...]
    delivered_by: str
    participants: int
    follow_up: str
    outcome_notes: str
    entry_id: int | None
    entry_name: str

    @property
    def topic_words(self) -> str:
        return ", ".join(_(TOPICS[t]) for t in self.topics)


@writes
def log_training(
    session: Session,
    *,
    held_on: dt.date | None,
    organisation: str,
    kind_id: int | None,
    topics: Iterable[str],
    delivered_by: str,
    participants: object,
    follow_up: str = "",
    outcome_notes: str = "",
    entry_id: int | None = None,
    actor: Actor,
) -> TrainingView:
    """Log a training given to another service. Refused at the field: a date in the future,
    an empty organisation, an unknown kind or topic, a negative number of participants."""
    authorise(session, actor, "log_outreach_work")
    day = _past(held_on, "held_on", _("Enter the date the training was held."))
    org = _required(organisation, "organisation", _("Enter the organisation trained."), 160)
    kind = known_kind(session, kind_id) if kind_id is not None else None
    chosen = tuple(t for t in TOPICS if t in set(topics or ()))
    if not chosen or set(topics) - set(TOPICS):
        raise ValidationError(_("Choose at least one topic from the list."), field="topics")
    if delivered_by not in DELIVERED_BY:
        raise ValidationError(_("Choose who delivered the training."), field="delivered_by")
    n = _count(participants, "participants")
    if entry_id is not None and session.get(ReferralEntry, entry_id) is None:
        raise ValidationError(_("Choose a directory entry from the list."), field="entry")
    row = Training(
        held_on=day,
        organisation=org,
        kind_id=kind.id if kind else None,
        topics=",".join(chosen),
        delivered_by=delivered_by,
        participants=n,
        follow_up=_short_text(follow_up, "follow_up"),
        outcome_notes=_long_text(outcome_notes, "outcome_notes"),
        entry_id=entry_id,
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor.username, action="training.log", entity="training", entity_id=row.id
    )
    return list_trainings(session, ids=[row.id])[0]


@reads
def list_trainings(
    session: Session, *, quarter: Quarter | None = None, ids: list[int] | None = None
) -> list[TrainingView]:
    """Trainings, newest first (of one quarter when given)."""
    kinds = dict(session.execute(select(ReferralKind.id, ReferralKind.name)).all())
    entries = {e.id: e.name for e in referrals.list_entries(session)}
    q = select(Training).order_by(Training.held_on.desc(), Training.id.desc())
    if quarter is not None:
        q = q.where(Training.held_on >= quarter.start, Training.held_on <= quarter.end)
    if ids is not None:
        q = q.where(Training.id.in_(ids))
    return [
        TrainingView(
            id=t.id,
            held_on=t.held_on,
            quarter=Quarter.of(t.held_on).label,
            organisation=t.organisation,
            kind=kinds.get(t.kind_id, "") if t.kind_id else "",
            topics=tuple(x for x in t.topics.split(",") if x),
            delivered_by=t.delivered_by,
            participants=t.participants,
            follow_up=t.follow_up,
            outcome_notes=t.outcome_notes,
            entry_id=t.entry_id,
            entry_name=entries.get(t.entry_id, "") if t.entry_id else "",
        )
        for t in session.scalars(q)
    ]


# --- networks and forums --------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkView:
    id: int
    name: str
    level: str
    link: str
    active: bool


@dataclass(frozen=True)
class ForumView:
    id: int
    held_on: dt.date
    forum: str
    level: str
    raised: str
    outcome: str


def _level(level: str) -> str:
    if level not in LEVELS:
        raise ValidationError(
            _("Choose the level: local, national, regional or international."), field="level"
        )
    return level


@writes
def add_network(session: Session, *, name: str, level: str, link: str, actor: Actor) -> NetworkView:
    """Add a network women are linked to; `link` is a public web address (https://...)."""
    authorise(session, actor, "log_outreach_work")
    clean = _required(name, "name", _("Enter the network's name."), 160)
    if session.scalar(select(Network).where(Network.name == clean)) is not None:
        raise ValidationError(_("This network is already listed."), field="name")
    url = (link or "").strip()
    if url and (not url.startswith(("https://", "http://")) or " " in url or len(url) > 300):
        raise ValidationError(
            _("Enter the network's public web address, starting with https://."), field="link"
        )
    row = Network(name=clean, level=_level(level), link=url, created_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor.username, action="network.add", entity="network", entity_id=row.id
    )
    return NetworkView(row.id, row.name, row.level, row.link, row.active)


@reads
def list_networks(session: Session) -> list[NetworkView]:
    q = select(Network).where(Network.active.is_(True)).order_by(Network.level, Network.name)
    return [NetworkView(n.id, n.name, n.level, n.link, n.active) for n in session.scalars(q)]


@writes
def log_forum(
    session: Session,
    *,
    held_on: dt.date | None,
    forum: str,
    level: str,
    raised: str = "",
    outcome: str = "",
    actor: Actor,
) -> ForumView:
    """Log a forum where group members represented the community. Name no woman here unless
    she is a group member who chose to be named."""
    authorise(session, actor, "log_outreach_work")
    day = _past(held_on, "held_on", _("Enter the date of the forum."))
    name = _required(forum, "forum", _("Enter the forum's name."), 200)
    row = Forum(
        held_on=day,
        forum=name,
        level=_level(level),
        raised=_long_text(raised, "raised"),
        outcome=_long_text(outcome, "outcome"),
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor.username, action="forum.log", entity="forum", entity_id=row.id
    )
    return ForumView(row.id, row.held_on, row.forum, row.level, row.raised, row.outcome)


@reads
def list_forums(session: Session, *, quarter: Quarter | None = None) -> list[ForumView]:
    q = select(Forum).order_by(Forum.held_on.desc(), Forum.id.desc())
    if quarter is not None:
        q = q.where(Forum.held_on >= quarter.start, Forum.held_on <= quarter.end)
    return [
        ForumView(f.id, f.held_on, f.forum, f.level, f.raised, f.outcome)
        for f in session.scalars(q)
    ]


# --- the quarter's summary ------------------------------------------------------------------


@dataclass(frozen=True)
class WorkSummary:
    """'Working with other services' for one quarter. With `shared`, people counts are the
    protected strings only ("<5") and forums carry no typed text."""

    quarter: str
    shared: bool
    k: int
    trainings_held: int  # a count of trainings: exact everywhere
    participants: str  # "37", or "<5" when shared and small
    referrals: tuple[tuple[str, str], ...]  # (kind, count as shown), then ("Total", ...)
    networks: tuple[NetworkView, ...]
    forums: tuple[ForumView, ...]
    entries_needing_check: int

    @property
    def note(self) -> str:
        return privacy.suppression_note(self.k) if self.shared else ""


@reads
def summary(session: Session, *, quarter: Quarter, shared: bool) -> WorkSummary:
    """The quarter's section. Shared: participants and referral counts by kind go through
    small-number protection (with secondary suppression across kinds and total)."""
    k = organisation.small_number_k(session)
    trainings = list_trainings(session, quarter=quarter)
    people = sum(t.participants for t in trainings)
    counts = [r for r in referral_counts(session) if r.quarter == quarter.label]
    referral_rows: tuple[tuple[str, str], ...] = ()
    if counts:
        table = pd.DataFrame({"count": [r.count for r in counts]}, index=[r.kind for r in counts])
        if shared:
            shown = privacy.suppress_small_counts(table, k).display()["count"]
            referral_rows = tuple(
                (_(privacy.TOTAL) if i == privacy.TOTAL else str(i), str(v))
                for i, v in shown.items()
            )
        else:
            total = sum(r.count for r in counts)
            referral_rows = tuple((r.kind, format_number(r.count)) for r in counts) + (
                (_(privacy.TOTAL), format_number(total)),
            )
    forums = list_forums(session, quarter=quarter)
    if shared:
        forums = [ForumView(f.id, f.held_on, f.forum, f.level, "", "") for f in forums]
    return WorkSummary(
        quarter=quarter.label,
        shared=shared,
        k=k,
        trainings_held=len(trainings),
        participants=privacy.format_count(people, k) if shared else format_number(people),
        referrals=referral_rows,
        networks=tuple(list_networks(session)),
        forums=tuple(forums),
        entries_needing_check=len(referrals.entries_needing_check(session)),
    )
