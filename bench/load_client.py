"""A Streamlit client that speaks the browser's websocket protocol, without a browser.

why (issue 14): a load test with real browsers spends the machine's two cores on Chromium, not
on the server being measured. This client does what the browser's JavaScript does, and nothing
more: it opens `/_stcore/stream` (subprotocol "streamlit") with the browser's cookies, sends a
`BackMsg.rerun_script` naming the page (its url path, then the `page_script_hash` the server
told it, exactly like the frontend after the first run), and reads `ForwardMsg`s until the
`script_finished` message that ends the run. It never renders anything; it only looks for
what a person would see as failure: an exception element ("This app has encountered an
error"), a "page not found", a compile error, a closed connection or a run that never ends.

Used by `bench/load_bench.py` and by the replica test (tests/deploy).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookies
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

T = TypeVar("T")
ERROR_TEXT = "This app has encountered an error"
FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class RunResult:
    """One page run as the reader experienced it."""

    page: str
    seconds: float
    error: str | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _insecure_tls() -> ssl.SSLContext:
    # Loopback tests and benchmarks use a throwaway self-signed certificate.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


#: What Debian's Chromium sends in an English locale.
ACCEPT_LANGUAGE = "en-US,en;q=0.9"


def first_visit_cookies(base_url: str, *, extra: dict[str, str] | None = None) -> dict[str, str]:
    """GET the app's page like a browser's first visit; return the cookies it was given.

    Behind the proxy this is where the sticky-session cookie comes from (deploy/nginx); a
    direct `streamlit run` sets its XSRF cookie here.
    """
    request = urllib.request.Request(base_url + "/")  # noqa: S310 - our own test server
    if extra:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in extra.items()))
    context = _insecure_tls() if base_url.startswith("https") else None
    jar: dict[str, str] = dict(extra or {})
    with urllib.request.urlopen(request, timeout=30, context=context) as response:  # noqa: S310
        for header in response.headers.get_all("Set-Cookie") or []:
            parsed = http.cookies.SimpleCookie()
            parsed.load(header)
            jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


class StreamlitSession:
    """One browser tab: one websocket, one Streamlit session on the server."""

    def __init__(
        self,
        base_url: str,
        *,
        cookies: dict[str, str] | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.hashes: dict[str, str] = {}  # url path -> page_script_hash, learnt from the server
        self._ws: websockets.ClientConnection | None = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        parts = urllib.parse.urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        # A browser's handshake carries its languages (Chromium: "en-US,en;q=0.9"); the app
        # reads them every run, and without them it looks up the organisation's default.
        headers = {"Origin": f"{parts.scheme}://{parts.netloc}", "Accept-Language": ACCEPT_LANGUAGE}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            additional_headers=headers,
            ssl=_insecure_tls() if scheme == "wss" else None,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            compression=None,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def run(self, page: str = "", *, query_string: str = "") -> RunResult:
        """Rerun `page` (its url path; "" is the default page) and wait for the run to end."""
        if self._ws is None:
            raise RuntimeError("connect() first")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_name = page
        state.page_script_hash = self.hashes.get(page, "")
        state.widget_states.SetInParent()
        state.context_info.CopyFrom(
            ContextInfo(
                url=f"{self.base_url}/{page}" + (f"?{query_string}" if query_string else ""),
                timezone="UTC",
                timezone_offset=0,
                locale="en-GB",
            )
        )
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        texts: list[str] = []
        error: str | None = None
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await self._ws.recv())
                    kind = fwd.WhichOneof("type")
                    if kind == "navigation":
                        # The latest navigation is the app's page list now.
                        self.hashes = {
                            p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages
                        }
                    elif kind == "page_not_found":
                        error = error or "page not found"
                    elif kind == "delta":
                        error = error or _delta_error(fwd, texts)
                    elif kind == "script_finished":
                        status = fwd.script_finished
                        if status in DONE:
                            break
                        if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                            error = error or "compile error"
                            break
                        # FINISHED_EARLY_FOR_RERUN: the page called st.rerun(); the server
                        # starts the next run itself, as the browser would see it.
        except TimeoutError:
            error = f"no script_finished within {self.timeout:.0f} s"
        except websockets.ConnectionClosed as exc:
            error = f"connection closed: {exc}"
        return RunResult(page, time.perf_counter() - started, error, texts)


def _delta_error(fwd: ForwardMsg, texts: list[str]) -> str | None:
    element = fwd.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        return f"exception: {element.exception.type or ''} {element.exception.message}".strip()
    if kind == "markdown":
        texts.append(element.markdown.body)
    elif kind == "alert":
        texts.append(element.alert.body)
        if ERROR_TEXT in element.alert.body:
            return element.alert.body
    elif kind == "heading":
        texts.append(element.heading.body)
    return None


def visit_main_page(base_url: str, *, cookies: dict[str, str] | None = None) -> RunResult:
    """One run of the app's main page (`/`), as a browser's first visit to the address.

    why: until some session has run app.py's `st.navigation`, Streamlit 1.67 routes a
    project with a `pages/` folder the old way (PagesManager.uses_pages_directory): a deep
    link then runs `pages/<name>.py` directly, without app.py, and lists every file in the
    sidebar. A fresh server's first visitor to a deep link meets that (reported in issue 14's
    closing note); the benchmark and the replica test make this first visit to `/` so they
    measure and test the app as everyone after that first visitor sees it.
    """

    async def visit() -> RunResult:
        async with StreamlitSession(base_url, cookies=cookies) as session:
            return await session.run("")

    return run_sync(visit)


def run_sync(coroutine_function: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from synchronous code, in a thread of its own.

    (The caller may already run an event loop: Playwright's sync API does, in tests.)
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function())).result()
