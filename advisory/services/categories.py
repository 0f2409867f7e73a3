"""Recommendation categories: a seeded list that admins can extend, rename and retire.

The seed is the list from issue 3 (what women's advisory groups in this field ask for most).
It is written on first use (`list_categories` / `ensure_seeded`) so a fresh install needs no
set-up step; the demo loader calls `ensure_seeded` too. Categories are never deleted, only
made inactive, because recommendations keep pointing at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.errors import NotFound, ValidationError
from advisory.models import Category
from advisory.permissions import require
from advisory.services import audit

SEED: tuple[str, ...] = (
    "Opening hours",
    "Women-only space or time",
    "Women staff",
    "Outreach method and vehicle",
    "Anonymity and privacy",
    "Gender-based-violence support",
    "Sexual and reproductive health (contraception, maternal and newborn health, "
    "safe abortion and post-abortion care)",
    "Childcare and parenting",
    "Peer outreach and peer staff",
    "Referral networks",
    "Other",
)
MAX_NAME = 160


@dataclass(frozen=True)
class CategoryView:
    id: int
    name: str
    active: bool


def _view(c: Category) -> CategoryView:
    return CategoryView(id=c.id, name=c.name, active=c.active)


def ensure_seeded(session: Session, *, by: str = "system") -> int:
    """Write the seed list if the table is empty. Returns how many categories were added."""
    if session.scalar(select(func.count(Category.id))):
        return 0
    for name in SEED:
        session.add(Category(name=name))
    session.flush()
    audit.record(session, actor=by, action="category.seed", detail=f"{len(SEED)} categories")
    return len(SEED)


def list_categories(session: Session, *, active_only: bool = False) -> list[CategoryView]:
    """Categories in seed order then by creation (the seed list on first use)."""
    ensure_seeded(session)
    q = select(Category).order_by(Category.id)
    if active_only:
        q = q.where(Category.active.is_(True))
    return [_view(c) for c in session.scalars(q)]


def get(session: Session, category_id: int) -> CategoryView:
    row = session.get(Category, category_id)
    if row is None:
        raise NotFound("No such category.")
    return _view(row)


def _clean_name(session: Session, name: str, *, except_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Enter the category's name.", field="category_name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            f"A category name is at most {MAX_NAME} characters.", field="category_name"
        )
    clash = session.scalar(select(Category).where(func.lower(Category.name) == name.lower()))
    if clash is not None and clash.id != except_id:
        raise ValidationError(f"A category named {name!r} already exists.", field="category_name")
    return name


def add_category(session: Session, *, name: str, by: str, role: str) -> CategoryView:
    require(role, "manage_settings")
    ensure_seeded(session, by=by)
    row = Category(name=_clean_name(session, name))
    session.add(row)
    session.flush()
    audit.record(session, actor=by, action="category.create", entity="category", entity_id=row.id)
    return _view(row)


def rename_category(
    session: Session, *, category_id: int, name: str, by: str, role: str
) -> CategoryView:
    require(role, "manage_settings")
    row = session.get(Category, category_id)
    if row is None:
        raise NotFound("No such category.")
    row.name = _clean_name(session, name, except_id=category_id)
    audit.record(session, actor=by, action="category.rename", entity="category", entity_id=row.id)
    return _view(row)


def set_active(
    session: Session, *, category_id: int, active: bool, by: str, role: str
) -> CategoryView:
    """Retire (or bring back) a category. Existing recommendations keep it."""
    require(role, "manage_settings")
    row = session.get(Category, category_id)
    if row is None:
        raise NotFound("No such category.")
    row.active = active
    audit.record(
        session,
        actor=by,
        action="category.activate" if active else "category.retire",
        entity="category",
        entity_id=row.id,
    )
    return _view(row)
