"""What a new share link is made with, checked before anything is written: who it is for, how
long it lasts, its sites, sections and language (field errors in the reader's language)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory import i18n
from advisory.errors import ValidationError
from advisory.i18n import N_, _
from advisory.models import Site

SECTIONS: tuple[str, ...] = ("recommendations", "attendance", "impact")
SECTION_LABELS: dict[str, str] = {
    "recommendations": N_("Recommendation progress"),
    "attendance": N_("Attendance trends"),
    "impact": N_("Impact of adaptations"),
}  # translate where shown: _(SECTION_LABELS[section])
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_LABEL = 160


def clean_label(label: str | None) -> str:
    text = " ".join((label or "").split())
    if not text:
        raise ValidationError(
            _("Enter a label saying who the link is for, e.g. the funder's name."), field="label"
        )
    if len(text) > MAX_LABEL:
        raise ValidationError(
            _("Keep the label to {limit} characters or fewer.").format(limit=MAX_LABEL),
            field="label",
        )
    return text


def clean_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        try:
            as_float = float(str(days).strip())
        except ValueError:
            as_float = float("nan")
        if not as_float.is_integer():
            raise ValidationError(
                _(
                    "Enter the number of days the link stays valid: a whole number from 1 to "
                    "{limit}."
                ).format(limit=MAX_DAYS),
                field="days",
            )
        days = int(as_float)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("A share link must expire within 1 to {limit} days; you entered {days}.").format(
                limit=MAX_DAYS, days=days
            ),
            field="days",
        )
    return days


def clean_sites(session: Session, site_ids: Iterable[int] | None) -> tuple[int, ...]:
    if site_ids is None:
        active = session.scalars(select(Site.id).where(Site.active.is_(True)).order_by(Site.id))
        return tuple(active)
    wanted = sorted({int(i) for i in site_ids})
    if not wanted:
        raise ValidationError(_("Choose at least one site the link may show."), field="site_ids")
    known = set(session.scalars(select(Site.id).where(Site.id.in_(wanted))))
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise ValidationError(
            _("Unknown site id(s): {ids}. Choose sites from the list.").format(
                ids=", ".join(map(str, unknown))
            ),
            field="site_ids",
        )
    return tuple(wanted)


def clean_language(language: str | None) -> str:
    """A language the funder view can be read in: the director's own by default (the language
    of this run), else one of the catalog's languages."""
    if language is None or language == "":
        return i18n.active()
    code = i18n.supported(language)
    if code is None or code not in i18n.available():
        raise ValidationError(
            _("{language} is not one of the app's languages. Choose one from the list.").format(
                language=language
            ),
            field="language",
        )
    return code


def clean_sections(sections: Iterable[str] | None) -> tuple[str, ...]:
    if sections is None:
        return SECTIONS
    chosen = [str(s).strip().lower() for s in sections]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ValidationError(
            _("Unknown section(s): {unknown}. Choose from: {sections}.").format(
                unknown=", ".join(unknown), sections=", ".join(SECTIONS)
            ),
            field="sections",
        )
    if not chosen:
        raise ValidationError(_("Choose at least one section the link shows."), field="sections")
    return tuple(s for s in SECTIONS if s in chosen)
