"""Download buttons whose file is built when the button is pressed, not on every rerun.

why (issue 11): the recommendations and meetings pages built every export (CSV and a whole
workbook, with every recommendation's history) on each rerun of each session, whether or not
anyone downloaded anything. Streamlit 1.67's `st.download_button` takes a callable `data`,
which it runs only when the button is pressed (in another thread, without Streamlit commands).

The file may be built long after the page was drawn, so the callable checks again that the
account is still active and may open the page; if not, it raises and nothing is sent.

Every download button in the app passes `on_click="ignore"` (tests/unit/test_architecture.py):
a download changes nothing on the page, so pressing one does not rerun it. why: in Streamlit
1.67 the rerun a press starts by default races the file it asks for. When the server finishes
that rerun before it looks the file up, the run has replaced the callable and the browser gets
"Failed to generate file for download": a websocket probe sending what a press sends (the
file request, then the rerun) got that for 24 of 60 presses, 39 of 60 with Nagle's algorithm
off, none of 60 with "ignore". And the run clears the session's outgoing queue when it
starts, where a deferred file's answer is not one of the messages kept. The browser tests saw
such downloads never come; without the rerun the file also comes sooner (0.06 s against 0.2 s
in Chromium on a busy machine).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from advisory import i18n
from advisory.actors import Actor
from advisory.errors import PermissionDenied
from advisory.permissions import may_open
from advisory.services import users
from components.database import get_engine

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def deferred(actor: Actor, page: str, build: Callable[[Engine], bytes]) -> Callable[[], bytes]:
    """`build(engine)`, run later, for `actor` only while the account may still open `page`."""
    engine = get_engine()  # the callable runs outside the script thread: take the engine now
    # why (issue 10): the callable runs in another thread, whose language is English; the file
    # is built in the language of the run that drew the button.
    language = i18n.active()

    def data() -> bytes:
        with i18n.use(language):
            account = users.get_view(engine, actor.username)
            if account is None or not account.active or not may_open(account.role, page):
                raise PermissionDenied(i18n._("Your account no longer allows this download."))
            return build(engine)

    return data
