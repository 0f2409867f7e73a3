"""serve.py: the server's connections have Nagle's algorithm off (issue 14)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys

from streamlit.web.server.starlette import starlette_server

import serve
from bench.load_client import run_sync
from tests.conftest import ROOT


def _accepted_nodelay(listening: socket.socket) -> int:
    """TCP_NODELAY on the server side of one connection accepted by asyncio, as uvicorn's are.

    In a thread of its own: a browser test earlier in the same worker leaves Playwright's
    event loop running in this one."""
    return run_sync(lambda: _accept_one(listening))


async def _accept_one(listening: socket.socket) -> int:
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def connected(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(connected, sock=listening)
    port = listening.getsockname()[1]
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(accepted, 10)
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


def _streamlit_bind() -> serve.BindSocket:
    bind = starlette_server._bind_socket
    return getattr(bind, "__wrapped__", bind)


def test_connections_accepted_on_the_launchers_socket_have_nagle_off():
    bind = serve.without_delay(_streamlit_bind())
    assert _accepted_nodelay(bind("127.0.0.1", 0, 8)) == 1


def test_streamlits_own_socket_still_leaves_nagle_on_so_the_launcher_is_still_needed():
    # When this fails, Streamlit sets TCP_NODELAY itself: serve.py can go.
    assert _accepted_nodelay(_streamlit_bind()("127.0.0.1", 0, 8)) == 0


def test_installing_twice_wraps_streamlits_bind_once():
    before = starlette_server._bind_socket
    try:
        assert serve.install() and serve.install()
        wrapped = starlette_server._bind_socket
        assert wrapped.__wrapped__ is _streamlit_bind()  # type: ignore[attr-defined]
        assert not hasattr(wrapped.__wrapped__, "__wrapped__")  # type: ignore[attr-defined]
    finally:
        starlette_server._bind_socket = before


def test_the_server_binds_through_the_installed_wrapper():
    # The function Streamlit's server calls (with its IPv6 fallback) finds the wrapped bind.
    before = starlette_server._bind_socket
    try:
        serve.install()
        listening, _address = starlette_server._bind_server_socket("127.0.0.1", "127.0.0.1", 0, 8)
        assert _accepted_nodelay(listening) == 1
    finally:
        starlette_server._bind_socket = before


def test_the_launcher_is_streamlit_run():
    out = subprocess.run(
        [sys.executable, "-m", "serve", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.startswith("Usage: streamlit run [OPTIONS]")
