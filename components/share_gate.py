"""`require_share()`: the only way into the funder view.

The funder arrives at ``/?share=<token>``. The token is kept in session state (clicking a
navigation link drops query parameters: streamlit-notes pitfall 4) and checked again on
every run, so pausing or revoking a link takes effect on the funder's next click.

Anything that is not a valid link (unknown, expired, paused, revoked, altered, empty) gets
the same page, with the same wording, after at least the same delay: the hash lookup is
always made, then the run waits until ``MIN_INVALID_SECONDS`` have passed. Each further
invalid attempt in the same session waits longer (capped), which slows down anyone trying
tokens by hand. 256-bit tokens cannot be guessed anyway; the delay is there so that nothing
about the page tells one kind of invalid link from another.
"""

from __future__ import annotations

import time

import streamlit as st

from advisory.errors import DomainError
from advisory.i18n import N_, _
from advisory.services import share_links
from advisory.services.share_links import ShareScope
from components.database import get_engine

TOKEN_KEY = "advisory_share_token"  # noqa: S105 - a session-state key, not a secret
FAILURES_KEY = "advisory_share_failures"
COUNTED_KEY = "advisory_share_counted_link"
INVALID_MESSAGE = N_("This link is not valid. Ask the service for a new one.")
MIN_INVALID_SECONDS = 0.4
STEP_SECONDS = 0.5
MAX_INVALID_SECONDS = 5.0


def arriving_with_share_link() -> bool:
    """True when this session is a funder's: a ``share`` parameter now or a token kept earlier."""
    return "share" in st.query_params or TOKEN_KEY in st.session_state


def invalid_delay(failures: int) -> float:
    """Seconds an invalid attempt takes in total: 0.4, 0.9, 1.4, ... capped at 5."""
    return min(MIN_INVALID_SECONDS + STEP_SECONDS * max(failures - 1, 0), MAX_INVALID_SECONDS)


def _token() -> str:
    raw = st.query_params.get("share")
    if raw is not None:
        # A new link opened in this session replaces the one kept before.
        if raw != st.session_state.get(TOKEN_KEY):
            st.session_state.pop(COUNTED_KEY, None)
        st.session_state[TOKEN_KEY] = raw
    value = st.session_state.get(TOKEN_KEY)
    return value if isinstance(value, str) else ""


def current_token() -> str:
    """The token this session opened (kept in session state), for deferred downloads that
    check the link again when clicked. Only called after :func:`require_share` succeeded."""
    value = st.session_state.get(TOKEN_KEY)
    return value if isinstance(value, str) else ""


def _count_view(scope: ShareScope) -> None:
    """Record this visit's view once. A busy database only postpones the count to the next
    run of the visit: the funder still sees the page (the link was checked)."""
    try:
        share_links.record_link_view(get_engine(), link_id=scope.link_id)
    except DomainError:
        return
    st.session_state[COUNTED_KEY] = scope.link_id


def require_share() -> ShareScope:
    """The scope of the link this session opened, or the "not valid" page and ``st.stop()``.

    A view is counted once per visit (the first valid run of a session); later reruns of the
    same visit re-check the link without counting again.
    """
    started = time.monotonic()
    token = _token()
    # why (issue 14): checking the link is a read (no write lock, whatever the token); only
    # the first run of a visit to a valid link writes, to count the view.
    scope = share_links.resolve(get_engine(), token)
    if scope is not None:
        if st.session_state.get(COUNTED_KEY) is None:
            _count_view(scope)
        return scope
    failures = int(st.session_state.get(FAILURES_KEY, 0)) + 1
    st.session_state[FAILURES_KEY] = failures
    st.session_state.pop(COUNTED_KEY, None)
    remaining = invalid_delay(failures) - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    st.error(_(INVALID_MESSAGE))
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises; this keeps type checkers honest
