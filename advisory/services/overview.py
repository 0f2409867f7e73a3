"""The overview page's figures, read in one transaction: the organisation, its sites and
group, and where the group's recommendations stand."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from advisory.db import reads
from advisory.services import organisation, recommendation_views
from advisory.services.recommendation_views import ProgressFigures


@dataclass(frozen=True)
class Overview:
    organisation: str
    active_sites: int
    current_members: int
    progress: ProgressFigures


@reads
def at_a_glance(session: Session) -> Overview:
    """The settings row and default group are seeded by migration 0002, so this never writes."""
    group = organisation.default_group(session)
    return Overview(
        organisation=organisation.settings(session).name,
        active_sites=len(organisation.list_sites(session, active_only=True)),
        current_members=len(
            organisation.list_members(session, group_id=group.id, current_only=True)
        ),
        progress=recommendation_views.progress(session),
    )
