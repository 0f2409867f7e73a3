"""The names the app seeds into the database, marked for the catalog, and their display.

The database keeps the English name (a key code and imports compare against, and what an
older database already holds); a person reads it through `seeded_name()`, which translates a
name the app seeded and leaves a name someone typed or renamed as it is. Gender groups are
stored as keys (`GenderGroup`) and read through `gender_group_label()`.

why here: every layer reads these tables, and the models are the bottom of the import graph.
The lists repeat the seeds of migrations 0002 and 0004 (a migration never imports app code):
change them together. The services seed from these lists (`services.categories.SEED`,
`services.service_list.DEFAULT_SERVICES`, `services.adaptations.ADAPTATION_TYPES`).
"""

from __future__ import annotations

from advisory.i18n import N_, _

from .base import GenderGroup

# Recommendation categories (migration 0002).
SEEDED_CATEGORIES: tuple[str, ...] = (
    N_("Opening hours"),
    N_("Women-only space or time"),
    N_("Women staff"),
    N_("Outreach method and vehicle"),
    N_("Anonymity and privacy"),
    N_("Gender-based-violence support"),
    N_(
        "Sexual and reproductive health (contraception, maternal and newborn health, "
        "safe abortion and post-abortion care)"
    ),
    N_("Childcare and parenting"),
    N_("Peer outreach and peer staff"),
    N_("Referral networks"),
    N_("Other"),
)
# Attendance services (migration 0002, services.service_list.DEFAULT_SERVICES).
SEEDED_SERVICES: tuple[str, ...] = (
    N_("drop-in visit"),
    N_("needle and syringe programme"),
    N_("opioid agonist therapy"),
    N_("outreach contact"),
    N_("HIV/hepatitis testing"),
    N_("sexual and reproductive health"),
    N_("gender-based-violence referral"),
    N_("other"),
)
# Kinds of service in the referral directory (migration 0004).
SEEDED_REFERRAL_KINDS: tuple[str, ...] = (
    N_("Sexual and reproductive health"),
    N_("Contraception"),
    N_("Maternal and newborn health, prevention of mother-to-child transmission"),
    N_("Safe abortion and post-abortion care"),
    N_("Gender-based-violence support"),
    N_("Shelter"),
    N_("HIV treatment"),
    N_("Hepatitis treatment"),
    N_("Legal aid"),
    N_("Childcare"),
    N_("Other"),
)
# Types of adaptation (services.adaptations.ADAPTATION_TYPES).
SEEDED_ADAPTATION_TYPES: tuple[str, ...] = (
    N_("women-only day or hours"),
    N_("discreet/unmarked outreach vehicle"),
    N_("women staff"),
    N_("childcare"),
    N_("changed opening hours"),
    N_("new sexual and reproductive health service"),
    N_("gender-based-violence support"),
    N_("peer outreach"),
    N_("other"),
)
_SEEDED = frozenset(
    SEEDED_CATEGORIES + SEEDED_SERVICES + SEEDED_REFERRAL_KINDS + SEEDED_ADAPTATION_TYPES
)

# The words for each gender group (the stored value is the key).
GENDER_GROUP_LABELS: dict[str, str] = {
    GenderGroup.woman: N_("Women"),
    GenderGroup.trans_woman: N_("Trans women"),
    GenderGroup.man: N_("Men"),
    GenderGroup.trans_man: N_("Trans men"),
    GenderGroup.non_binary: N_("Non-binary"),
    GenderGroup.not_recorded: N_("Not recorded"),
}


def seeded_name(name: str) -> str:
    """A stored category, service, referral kind or adaptation type as a person reads it:
    translated when the app seeded it, else exactly as it was typed."""
    return _(name) if name in _SEEDED else name


def gender_group_label(group: str) -> str:
    """'trans_woman' -> 'Trans women' in the reader's language (an unknown key as it is)."""
    label = GENDER_GROUP_LABELS.get(str(group))
    return _(label) if label else str(group)
