"""A real `streamlit run` server per test module (started through serve.py, as in production)
and Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisory.db import make_engine
from tests.conftest import ROOT, free_port, migrated_sqlite


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    process: subprocess.Popen
    log: Path

    def engine(self):  # type: ignore[no-untyped-def]
        return make_engine(f"sqlite:///{self.data_dir / 'advisory.db'}")


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()[-3000:]}")


def start_server(extra_env: dict[str, str] | None = None) -> LiveServer:
    data_dir = Path(tempfile.mkdtemp(prefix="advisory-live-"))
    migrated_sqlite(data_dir / "advisory.db")
    port = free_port()
    env = {
        **os.environ,
        "ADVISORY_DATA_DIR": str(data_dir),
        "LOGIN_SLEEP_SECONDS": "0",
        "APP_URL": f"http://127.0.0.1:{port}",
        **(extra_env or {}),
    }
    env.pop("DATABASE_URL", None)
    log = data_dir / "server.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "serve",  # `streamlit run`, without Nagle's delay (serve.py)
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process, log)
    return LiveServer(url=url, data_dir=data_dir, process=process, log=log)


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
    shutil.rmtree(server.data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def live_server() -> Iterator[LiveServer]:
    server = start_server()
    yield server
    stop_server(server)


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """Factory: a page in a fresh context (no cookies). Closed after the test."""
    contexts = []

    def make(viewport: dict | None = None):  # type: ignore[no-untyped-def]
        ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
