"""Links from a recommendation to referral directory entries (issue 12): "find a clinic that
offers post-abortion care without ID" points at the entry it found."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import _
from advisory.models import Recommendation, RecommendationReferral, ReferralEntry
from advisory.services import audit
from advisory.services.referrals import EntryView, entry_views


@writes
def link_recommendation(
    session: Session, *, recommendation_id: int, entry_ids: Iterable[int], actor: Actor
) -> None:
    """Link a recommendation to directory entries (replacing its links)."""
    authorise(session, actor, "raise_recommendations")
    if session.get(Recommendation, recommendation_id) is None:
        raise NotFound(_("No such recommendation. Reload the page."))
    ids = sorted(set(entry_ids))
    known = set(session.scalars(select(ReferralEntry.id).where(ReferralEntry.id.in_(ids))))
    if set(ids) - known:
        raise ValidationError(_("Choose directory entries from the list."), field="referrals")
    session.execute(
        delete(RecommendationReferral).where(
            RecommendationReferral.recommendation_id == recommendation_id
        )
    )
    session.add_all(
        RecommendationReferral(recommendation_id=recommendation_id, entry_id=i) for i in ids
    )
    audit.record(
        session,
        actor=actor.username,
        action="recommendation.link_referrals",
        entity="recommendation",
        entity_id=recommendation_id,
        detail=",".join(map(str, ids)),
    )


@reads
def entries_for_recommendation(session: Session, recommendation_id: int) -> list[EntryView]:
    q = (
        select(ReferralEntry)
        .join(RecommendationReferral, RecommendationReferral.entry_id == ReferralEntry.id)
        .where(RecommendationReferral.recommendation_id == recommendation_id)
        .order_by(ReferralEntry.organisation)
    )
    return entry_views(session, list(session.scalars(q)))
