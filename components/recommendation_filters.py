"""The recommendations table's search box and six filters: status, category, site, owner,
meeting, overdue. The search looks for every word typed in the title and the description."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from advisory.i18n import N_, _
from advisory.lifecycle import STATUS_LABELS, status_label
from advisory.services import recommendation_views
from components.database import get_engine

ALL = "all"
OVERDUE_WORDS = {"yes": N_("Overdue only"), "no": N_("Not overdue")}


@dataclass(frozen=True)
class Filters:
    """The choices made, as recommendation_views.list_recommendations takes them."""

    status: str | None
    category_id: int | None
    site_id: int | None
    owner: str | None
    meeting_id: int | None
    overdue: bool | None
    text: str | None = None


def _pick(
    where: DeltaGenerator, label: str, words: Mapping[Any, str], anything: str, key: str
) -> Any:
    """One dropdown: "Any…" first, then `words` (value -> what is shown); None for "Any".

    `label`, `anything` and `words` are shown as given: the caller translates them.
    """
    chosen = where.selectbox(
        label,
        [ALL, *words],
        format_func=lambda x: anything if x == ALL else words[x],
        key=key,
    )
    return None if chosen == ALL else chosen


def search_box(*, key: str) -> str | None:
    """A search box; the words typed (stripped), None when empty."""
    typed = st.text_input(
        _("Search title and description"),
        key=key,
        placeholder=_("For example: childcare"),
        help=_("Shows the recommendations with every word you type, in any case."),
        max_chars=200,
    )
    return typed.strip() or None


def show(*, key: str = "rec_filter") -> Filters:
    """A search box, then two rows of three dropdowns, each starting at "Any"."""
    choices = recommendation_views.filter_choices(get_engine())
    text = search_box(key=f"{key}_text")
    col1, col2, col3 = st.columns(3)
    statuses = {s: status_label(s) for s in STATUS_LABELS}
    status = _pick(col1, _("Status"), statuses, _("Any"), f"{key}_status")
    category_id = _pick(col2, _("Category"), choices.categories, _("Any"), f"{key}_category")
    site_id = _pick(col3, _("Site"), choices.sites, _("Any"), f"{key}_site")
    col4, col5, col6 = st.columns(3)
    owners = {o: o for o in choices.owners}
    owner = _pick(col4, _("Owner"), owners, _("Any"), f"{key}_owner")
    meeting_id = _pick(col5, _("Raised at"), choices.meetings, _("Any meeting"), f"{key}_meeting")
    overdue_words = {value: _(word) for value, word in OVERDUE_WORDS.items()}
    overdue = _pick(col6, _("Overdue"), overdue_words, _("Any"), f"{key}_overdue")
    return Filters(
        status=status,
        category_id=category_id,
        site_id=site_id,
        owner=owner,
        meeting_id=meeting_id,
        overdue=None if overdue is None else overdue == "yes",
        text=text,
    )
