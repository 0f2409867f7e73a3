"""The very first request a freshly started server gets is a deep link (a replica restarted
under traffic): app.py should still be the one that answers it.

Streamlit 1.67 treats a project with a `pages/` folder as an old-style multipage app until
some session has called `st.navigation` (`PagesManager.uses_pages_directory`). Until then a
deep link runs `pages/<name>.py` on its own: no login form, a sidebar listing every file in
`pages/`, and none of app.py. Every page's guard (components/guard.py) sends such a run back
through app.py, which ends that mode.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.load_client import StreamlitSession, run_sync
from bench.load_servers import start_streamlit
from tests.deploy.conftest import run_cli


def test_a_deep_link_as_the_first_request_of_a_fresh_server_gets_the_login_form():
    with tempfile.TemporaryDirectory(prefix="advisory-fresh-") as tmp:
        env = {"ADVISORY_DATA_DIR": tmp, "DATABASE_URL": "", "LOGIN_SLEEP_SECONDS": "0"}
        add = ("user", "add", "ada", "--role", "admin", "--password-stdin")
        run_cli(env, *add, stdin="a long enough passphrase\n")
        server = start_streamlit("app.py", name="fresh", env=env, log_dir=Path(tmp))
        try:

            async def first_request() -> tuple[set[str], list[str]]:
                async with StreamlitSession(server.url) as session:
                    result = await session.run("attendance")
                    return set(session.hashes), result.texts

            pages, texts = run_sync(first_request)
        finally:
            server.stop()
    assert "attendance-import" in pages, sorted(pages)  # app.py's url paths...
    assert "attendance_import" not in pages  # ...not the file names in pages/
    assert "Log in" in texts  # the login form, not the page's own refusal
    assert "You don't have access to this page." not in texts
