"""Typed SQLAlchemy models: the whole schema, no business logic.

Privacy rule (product.md): no table holds a person who uses the service. Attendance is stored
as aggregate counts only; members are pseudonyms or first names.

The tables live in cohesive modules (`base`: the declarative base, naming convention and
enums; `organisation`, `meetings`, `attendance`, `sharing`, `referrals`; `seeded`: the names
the app seeds, marked for the catalog, and their display); this package
re-exports every name, so `from advisory.models import X` and `models.Base.metadata` (which
holds every table once this package is imported) keep working. The modules import from
`.base` only, never from this package, so the import graph stays acyclic.
"""

from __future__ import annotations

from .attendance import (
    Adaptation,
    AdaptationRecommendation,
    AttendanceRecord,
    Dhis2Mapping,
    ImportBatch,
    OpenTime,
    Service,
)
from .base import (
    GENDER_GROUPS,
    NAMING,
    ROLES,
    Base,
    GenderGroup,
    Period,
    Role,
)
from .meetings import (
    Category,
    Meeting,
    MeetingAttendee,
    MeetingRevision,
    Recommendation,
    RecommendationCompletion,
    RecommendationEvent,
    RecommendationSite,
)
from .organisation import (
    AdvisoryGroup,
    AuditEvent,
    Member,
    OrganisationSettings,
    Site,
    User,
)
from .referrals import (
    Forum,
    Network,
    RecommendationReferral,
    ReferralCheck,
    ReferralCount,
    ReferralEntry,
    ReferralEntrySite,
    ReferralKind,
    Training,
)
from .seeded import (
    GENDER_GROUP_LABELS,
    SEEDED_ADAPTATION_TYPES,
    SEEDED_CATEGORIES,
    SEEDED_REFERRAL_KINDS,
    SEEDED_SERVICES,
    gender_group_label,
    seeded_name,
)
from .sharing import ShareLink, ShareView

__all__ = [
    "GENDER_GROUPS",
    "GENDER_GROUP_LABELS",
    "NAMING",
    "ROLES",
    "SEEDED_ADAPTATION_TYPES",
    "SEEDED_CATEGORIES",
    "SEEDED_REFERRAL_KINDS",
    "SEEDED_SERVICES",
    "Adaptation",
    "AdaptationRecommendation",
    "AdvisoryGroup",
    "AttendanceRecord",
    "AuditEvent",
    "Base",
    "Category",
    "Dhis2Mapping",
    "Forum",
    "GenderGroup",
    "ImportBatch",
    "Meeting",
    "MeetingAttendee",
    "MeetingRevision",
    "Member",
    "Network",
    "OpenTime",
    "OrganisationSettings",
    "Period",
    "Recommendation",
    "RecommendationCompletion",
    "RecommendationEvent",
    "RecommendationReferral",
    "RecommendationSite",
    "ReferralCheck",
    "ReferralCount",
    "ReferralEntry",
    "ReferralEntrySite",
    "ReferralKind",
    "Role",
    "Service",
    "ShareLink",
    "ShareView",
    "Site",
    "Training",
    "User",
    "gender_group_label",
    "seeded_name",
]
