"""Which version of a record the user's forms were drawn from.

why (issue 3): a page reads a record in one run and saves it in a later run (the button
press). To refuse a lost update the service needs the version the user *saw*, not the one the
save run happens to read, so the page remembers it here while the record stays open.

- When the record is opened (it was not on screen in the previous run), the current version
  is remembered.
- While it stays open, the remembered version is kept, even if someone else saves meanwhile:
  the user's forms are still based on what they saw, so their save is refused (StaleEdit)
  until they reload.
- After the user's own save, or Reload, the new version is remembered.

"Was it on screen in the previous run?" is answered by Streamlit itself: the state of a widget
that was not drawn in a run is dropped at the end of that run. Pages draw one widget with
`marker_key(kind, id)` (for example their Back button) whenever the record is on screen.

Use the returned version in the forms' widget keys: the keys stay the same between drawing a
form and pressing its button, and after a save or a reload the forms start again from the
record's new values.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from advisory.i18n import _
from advisory.services import edit_conflicts
from components.database import get_engine

_SEEN = "edit_versions_seen"


def _key(kind: str, record_id: int) -> str:
    return f"{kind}:{record_id}"


def marker_key(kind: str, record_id: int) -> str:
    """The widget key a page gives one widget drawn whenever this record is on screen."""
    return f"edit_versions_open_{kind}_{record_id}"


def seen(kind: str, record_id: int, current: int, state: str = "") -> tuple[int, str]:
    """(version, state) the user's forms are drawn from; call before drawing the marker.

    `state` is whatever decides which forms the page offers (a recommendation's status): the
    forms the user was filling in stay on screen after someone else's change, so their press
    reaches the service and is refused with its message, instead of vanishing silently.
    """
    store: dict[str, tuple[int, str]] = st.session_state.setdefault(_SEEN, {})
    key = _key(kind, record_id)
    still_open = marker_key(kind, record_id) in st.session_state
    if not still_open or key not in store:
        store[key] = (current, state)
    return store[key]


def changed_since_seen(kind: str, record_id: int, current: int) -> bool:
    """Someone else saved the record after this user's forms were drawn."""
    remembered = st.session_state.get(_SEEN, {}).get(_key(kind, record_id))
    return remembered is not None and remembered[0] != current


def saved(kind: str, record_id: int, new_version: int, state: str = "") -> None:
    """This user's save succeeded: their forms now start from `new_version`."""
    st.session_state.setdefault(_SEEN, {})[_key(kind, record_id)] = (new_version, state)


def reload(kind: str, record_id: int, current: int, state: str = "") -> None:
    """The user chose to see the other person's change: forms start from `current`."""
    st.session_state.setdefault(_SEEN, {})[_key(kind, record_id)] = (current, state)


def show_conflict_notice(
    kind: str, record_id: int, version: int, state: str, *, notice: str, key: str
) -> None:
    """Warn that someone else saved the record since this user opened it, with a reload button.

    `notice` is the "This was changed by NAME at TIME" sentence; `key` names the button.
    """
    st.warning(notice, icon=":material/sync_problem:")
    st.button(
        _("Reload to see their change"),
        key=key,
        on_click=reload,
        args=(kind, record_id, version, state),
        type="primary",
    )


def warn_if_changed(
    kind: str,
    record_id: int,
    version: int,
    state: str = "",
    *,
    updated_by: str,
    updated_at: dt.datetime,
    key: str,
) -> None:
    """The conflict notice and its reload button, when someone else saved since it was seen.

    One place for the recommendations, review and meetings pages (issue 11).
    """
    if not changed_since_seen(kind, record_id, version):
        return
    notice = edit_conflicts.message(get_engine(), updated_by=updated_by, updated_at=updated_at)
    show_conflict_notice(kind, record_id, version, state, notice=notice, key=key)
