"""The sites to choose from in a form, as (id, name) pairs."""

from __future__ import annotations

from advisory.db import reads
from advisory.services import organisation
from components.database import get_engine

# why (issue 11): organisation's services are converted to @reads on another branch; wrapping
# list_sites in `reads` makes this a read transaction either way (a decorated service given a
# Session joins it), so this component owns no transaction of its own.
_list_sites = reads(organisation.list_sites)


def show(*, active_only: bool = False) -> list[tuple[int, str]]:
    """(id, name) of the sites, by name (only the active ones when `active_only`)."""
    return [(s.id, s.name) for s in _list_sites(get_engine(), active_only=active_only)]
