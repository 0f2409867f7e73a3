"""Refusing lost updates on editable records (meetings, recommendations).

why (issue 3): SQLAlchemy's `version_id_col` only protects a read and a write made in the same
session. In Streamlit the read (drawing the form) and the save (pressing the button) happen in
different runs, so the page keeps the version the user saw and the service compares it here.

The row is read with SELECT ... FOR UPDATE (PostgreSQL), so two saves racing on the same
version queue up and the second one sees the first one's version and name. SQLite takes the
write lock at BEGIN (see advisory.db), which serialises them the same way. `version_id_col`
stays as the last line of defence: `flush_or_refuse` turns its StaleDataError into StaleEdit.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from advisory.db import reads
from advisory.errors import NotFound, StaleEdit
from advisory.i18n import N_, _
from advisory.services import users


class Versioned(Protocol):
    version: int
    updated_at: dt.datetime
    updated_by: str


T = TypeVar("T")

# Whole sentences per kind of record (`what` of load_for_update), not a noun glued in.
NOT_FOUND = {
    "adaptation": N_("No such adaptation. It may have been removed; go back to the list."),
    "directory entry": N_(
        "No such directory entry. It may have been removed; go back to the list."
    ),
    "meeting": N_("No such meeting. It may have been removed; go back to the list."),
    "recommendation": N_("No such recommendation. It may have been removed; go back to the list."),
}


@reads
def message(session: Session, *, updated_by: str, updated_at: dt.datetime) -> str:
    """'This was changed by NAME at TIME; reload to see their change' (TIME in UTC).

    A read service: pages call it with the engine to word the notice beside a stale form.
    """
    user = users.get_by_username(session, updated_by) if updated_by else None
    name = user.display_name if user else (updated_by or _("someone else"))
    return _("This was changed by {name} at {time} UTC; reload to see their change").format(
        name=name, time=f"{updated_at:%Y-%m-%d %H:%M}"
    )


def load_for_update(session: Session, model: type[T], row_id: int, *, what: str) -> T:
    """The current row, locked until the end of the transaction; NotFound if absent."""
    row = session.get(model, row_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound(
            _(
                NOT_FOUND.get(
                    what, N_("No such {what}. It may have been removed; go back to the list.")
                )
            ).format(what=what)
        )
    return row


def refuse_if_stale(session: Session, row: Versioned, expected_version: int) -> None:
    """Raise StaleEdit naming who saved last, unless the row is still at `expected_version`."""
    if row.version != expected_version:
        raise StaleEdit(message(session, updated_by=row.updated_by, updated_at=row.updated_at))


def flush_or_refuse(session: Session) -> None:
    """Flush; a concurrent save caught by version_id_col becomes StaleEdit."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit(
            _("This was changed by someone else just now; reload to see their change")
        ) from None
