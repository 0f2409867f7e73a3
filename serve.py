"""Starts a Streamlit server: `python -m serve app.py [options]` is `streamlit run app.py
[options]`, with Nagle's algorithm off on every connection.

why (issue 14): Streamlit 1.67 binds its listening socket itself (`socket.socket(family)`, so
its protocol number is 0), and asyncio sets TCP_NODELAY on accepted connections only when
that number is IPPROTO_TCP. Without TCP_NODELAY a page run that sends its elements as a few
dozen websocket messages stalls for the receiver's delayed acknowledgement, about 40 ms: seen
with tcpdump on loopback (the server held a segment until the client's delayed ACK came).
Runs that follow each other quickly (a person pressing through a form) wait almost every time:
every page of the app took a median 48 ms back to back whatever its script took (12-27 ms),
22-40 ms with this (README, "Development", the load benchmark). Setting the option on
the listening socket is enough on Linux, because accepted sockets inherit it
(tests/unit/test_serve.py checks that on this machine). Everything else is Streamlit's own
`streamlit run`.
"""

from __future__ import annotations

import socket
import sys
import warnings
from collections.abc import Callable

from streamlit.web import cli

BindSocket = Callable[[str, int, int], socket.socket]


def without_delay(bind: BindSocket) -> BindSocket:
    """`bind`, with TCP_NODELAY set on the listening socket it returns."""

    def bind_without_delay(address: str, port: int, backlog: int) -> socket.socket:
        sock = bind(address, port, backlog)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    bind_without_delay.__wrapped__ = bind  # type: ignore[attr-defined]
    return bind_without_delay


def install() -> bool:
    """Make Streamlit's server bind its socket without delay; False if this Streamlit has no
    such function (a newer release: the server still runs, as plain `streamlit run`)."""
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        bind = None
    else:
        bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:
        warnings.warn(
            "serve.py: streamlit.web.server.starlette.starlette_server._bind_socket is gone; "
            "connections keep Nagle's algorithm (see serve.py)",
            stacklevel=2,
        )
        return False
    if not hasattr(bind, "__wrapped__"):
        # A module function replaced by a wrapper of the same signature (typed as a plain callable).
        starlette_server._bind_socket = without_delay(bind)  # type: ignore[assignment]
    return True


def main(argv: list[str]) -> int:
    install()
    sys.argv = ["streamlit", "run", *argv]
    return cli.main()  # click exits itself (SystemExit)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
