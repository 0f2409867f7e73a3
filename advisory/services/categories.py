"""Recommendation categories: a seeded list that admins can extend, rename and retire.

The seed is the list from issue 3 (what women's advisory groups in this field ask for most).
Migration 0002 writes it, so a fresh install needs no set-up step and reading the list never
writes (why, issue 14: a read transaction may not write). Categories are never deleted, only
made inactive, because recommendations keep pointing at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from advisory.actors import Actor, authorise
from advisory.db import reads, writes
from advisory.errors import NotFound, ValidationError
from advisory.i18n import _
from advisory.models import SEEDED_CATEGORIES, Category
from advisory.services import audit

# Seeded names (stored as typed; a renamed category is the admin's words): _(name) where shown.
SEED: tuple[str, ...] = SEEDED_CATEGORIES
MAX_NAME = 160


@dataclass(frozen=True)
class CategoryView:
    id: int
    name: str
    active: bool


def _view(c: Category) -> CategoryView:
    return CategoryView(id=c.id, name=c.name, active=c.active)


@reads
def list_categories(session: Session, *, active_only: bool = False) -> list[CategoryView]:
    """Categories in seed order then by creation."""
    q = select(Category).order_by(Category.id)
    if active_only:
        q = q.where(Category.active.is_(True))
    return [_view(c) for c in session.scalars(q)]


def _row(session: Session, category_id: int) -> Category:
    row = session.get(Category, category_id)
    if row is None:
        raise NotFound(_("No such category."))
    return row


@reads
def get(session: Session, category_id: int) -> CategoryView:
    return _view(_row(session, category_id))


def _clean_name(session: Session, name: str, *, except_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the category's name."), field="category_name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("A category name is at most {limit} characters.").format(limit=MAX_NAME),
            field="category_name",
        )
    clash = session.scalar(select(Category).where(func.lower(Category.name) == name.lower()))
    if clash is not None and clash.id != except_id:
        raise ValidationError(
            _("A category named {name} already exists.").format(name=repr(name)),
            field="category_name",
        )
    return name


@writes
def add_category(session: Session, *, name: str, actor: Actor) -> CategoryView:
    authorise(session, actor, "manage_settings")
    row = Category(name=_clean_name(session, name))
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor.username, action="category.create", entity="category", entity_id=row.id
    )
    return _view(row)


@writes
def rename_category(session: Session, *, category_id: int, name: str, actor: Actor) -> CategoryView:
    authorise(session, actor, "manage_settings")
    row = _row(session, category_id)
    row.name = _clean_name(session, name, except_id=category_id)
    audit.record(
        session, actor=actor.username, action="category.rename", entity="category", entity_id=row.id
    )
    return _view(row)


@writes
def set_active(session: Session, *, category_id: int, active: bool, actor: Actor) -> CategoryView:
    """Retire (or bring back) a category. Existing recommendations keep it."""
    authorise(session, actor, "manage_settings")
    row = _row(session, category_id)
    row.active = active
    audit.record(
        session,
        actor=actor.username,
        action="category.activate" if active else "category.retire",
        entity="category",
        entity_id=row.id,
    )
    return _view(row)


@writes
def change_category(
    session: Session, *, category_id: int, new_name: str, active: bool, actor: Actor
) -> CategoryView:
    """The settings form's save: a new name (when one is typed) and in use or retired, together.

    why (issue 11): the page used to open the transaction that made these two calls one save;
    the service owns it now. A name refused as a duplicate leaves the retired flag unsaved.
    """
    if new_name.strip():
        rename_category(session, category_id=category_id, name=new_name, actor=actor)
    return set_active(session, category_id=category_id, active=active, actor=actor)
