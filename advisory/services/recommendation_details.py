"""The details a recommendation is raised or edited with, checked before anything is written:
title, category, sites, priority, owner and due date (field errors in the reader's language)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from advisory.errors import ValidationError
from advisory.i18n import _, format_date
from advisory.lifecycle import PRIORITIES
from advisory.models import Category, Meeting, Site, User

MAX_TITLE = 200


def text(value: str | None) -> str:
    return (value or "").strip()


@dataclass(frozen=True)
class Details:
    title: str
    category_id: int
    site_ids: tuple[int, ...]
    owner_role: str | None


def validate_details(
    session: Session,
    *,
    meeting: Meeting,
    title: str,
    category_id: int | None,
    site_ids: Iterable[int],
    priority: str,
    owner_user_id: int | None,
    owner_role: str | None,
    due_on: dt.date | None,
) -> Details:
    clean_title = " ".join(text(title).split())
    if not clean_title:
        raise ValidationError(
            _("Enter a short title saying what the group asks for."), field="title"
        )
    if len(clean_title) > MAX_TITLE:
        raise ValidationError(
            _("Keep the title under {limit} characters; put the rest in the description.").format(
                limit=MAX_TITLE
            ),
            field="title",
        )
    if category_id is None or session.get(Category, category_id) is None:
        raise ValidationError(_("Choose a category."), field="category_id")
    if priority not in PRIORITIES:
        raise ValidationError(
            _("Choose a priority: {priorities}.").format(
                priorities=", ".join(_(p) for p in PRIORITIES)
            ),
            field="priority",
        )
    ids = tuple(sorted({int(i) for i in site_ids or ()}))
    if ids and set(session.scalars(select(Site.id).where(Site.id.in_(ids)))) != set(ids):
        raise ValidationError(_("Choose sites from the list."), field="site_ids")
    role_text = text(owner_role)[:80] or None
    if owner_user_id is not None:
        if session.get(User, owner_user_id) is None:
            raise ValidationError(_("Choose the owner from the list of users."), field="owner")
        role_text = None
    if due_on is not None and due_on < meeting.held_on:
        raise ValidationError(
            _(
                "The due date is before the meeting ({day}) where this was raised. "
                "Choose a later date."
            ).format(day=format_date(meeting.held_on, "dd MMM y")),
            field="due_on",
        )
    return Details(clean_title, category_id, ids, role_text)
