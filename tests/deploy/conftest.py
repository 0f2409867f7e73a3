"""A replica set on loopback: one PostgreSQL, two `streamlit run` replicas (through
serve.py), nginx in front.

nginx runs a copy of deploy/nginx/advisory.conf in which only ports, the certificate and the
log paths are substituted (bench/load_servers.py), so the committed config is what is tested.
A browser can be pinned to one replica with the routing cookie the config itself uses
(`advisory_replica=a|b`); without it, nginx assigns one and keeps the browser there.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bench.load_client import visit_main_page
from bench.load_servers import (
    Proxy,
    Server,
    free_port,
    nginx_available,
    start_proxy,
    start_replicas,
)
from tests.conftest import CHROMIUM, ROOT, PostgresCluster

DIRECTOR, DIRECTOR_PW = "dora", "the director's long passphrase"
MEMBER, MEMBER_PW = "lena", "the member's long passphrase"


@dataclass
class ReplicaSet:
    proxy: Proxy
    a: Server
    b: Server
    database_url: str
    env: dict[str, str]
    share_url: str

    def cli(self, *args: str, stdin: str = "") -> str:
        return run_cli(self.env, *args, stdin=stdin)

    def access_log(self) -> str:
        return self.proxy.access_log.read_text()


def run_cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "advisory", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        input=stdin,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"advisory {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


@pytest.fixture(scope="module")
def replica_set(postgres: PostgresCluster, tmp_path_factory) -> Iterator[ReplicaSet]:  # type: ignore[no-untyped-def]
    if not nginx_available():
        pytest.skip("nginx is absent (make test installs Debian's nginx)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is absent (it makes the test certificate)")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is absent (make test installs it)")
    work = tmp_path_factory.mktemp("replicas")
    url = postgres.new_database()
    ports = (free_port(), free_port())
    proxy = start_proxy(ports)
    env = {
        "DATABASE_URL": url,
        "ADVISORY_DATA_DIR": str(work),
        "APP_URL": proxy.url,
        "LOGIN_SLEEP_SECONDS": "0",
    }
    try:
        run_cli(env, "demo")
        for username, role, password in (
            (DIRECTOR, "director", DIRECTOR_PW),
            (MEMBER, "member", MEMBER_PW),
        ):
            add = ("user", "add", username, "--role", role, "--password-stdin")
            run_cli(env, *add, stdin=password + "\n")
        share_url = run_cli(env, "share", "create", "--label", "Replica funder").strip()
        a, b = start_replicas(
            url,
            work,
            ports=ports,
            key=secrets.token_urlsafe(32),
            cookie_secret=secrets.token_urlsafe(32),
            extra_env={"APP_URL": proxy.url, "LOGIN_SLEEP_SECONDS": "0"},
        )
    except BaseException:
        proxy.stop()
        raise
    try:
        for replica in (a, b):
            # Each replica's first visitor opens "/" (see visit_main_page: a deep link as the
            # very first request of a fresh process is routed without app.py).
            visit_main_page(replica.url)
    except BaseException:
        a.stop()
        b.stop()
        proxy.stop()
        raise
    replicas = ReplicaSet(proxy, a, b, url, env, share_url)
    try:
        yield replicas
    finally:
        a.stop()
        b.stop()
        proxy.stop()


@pytest.fixture
def new_context(browser, replica_set):  # type: ignore[no-untyped-def]
    """Factory: a fresh browser context, optionally pinned to replica "a" or "b"."""
    contexts = []

    def make(replica: str | None = None, name: str = "browser"):  # type: ignore[no-untyped-def]
        # A distinct user agent per context lets the test find its requests in the access log.
        agent = f"advisory-replica-test-{name}-{secrets.token_hex(4)}"
        ctx = browser.new_context(
            ignore_https_errors=True, viewport={"width": 1280, "height": 900}, user_agent=agent
        )
        ctx.set_default_timeout(30_000)
        if replica:
            ctx.add_cookies(
                [
                    {
                        "name": "advisory_replica",
                        "value": replica,
                        "url": replica_set.proxy.url,
                        "secure": True,
                        "httpOnly": True,
                    }
                ]
            )
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def upstreams_of(log: str, agent: str) -> set[str]:
    """The replica addresses that served the requests of one browser (by its user agent)."""
    return {
        line.rsplit("upstream=", 1)[1].strip()
        for line in log.splitlines()
        if agent in line and "upstream=" in line and not line.rstrip().endswith("upstream=-")
    }
