"""Start what a load run or the replica test needs, on loopback: Streamlit servers and nginx.

- `start_streamlit`: a `streamlit run` process (the app, the trivial one-line app, or the
  same-size pages: see SAME_SIZE_APP) with its own environment, waited for until
  `/_stcore/health` says ok;
- `start_proxy`: nginx with a copy of `deploy/nginx/advisory.conf` in which only the ports,
  the certificate and the log paths are substituted (every substituted string must be present,
  so an edit of the committed config cannot silently leave the test on an old copy), and a
  throwaway self-signed certificate.

Used by `bench/load_bench.py` and `tests/deploy/test_replicas.py`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = ROOT / "deploy" / "nginx" / "advisory.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TRIVIAL_APP = 'import streamlit as st; st.write("Hello")\n'

# Pages of the app's size with none of its code: as many elements as the four benchmarked
# pages send (counted from their runs for demo-admin: 50, 145, 33 and 81, as text elements,
# buttons, bordered containers, plotly charts of two 160-point lines and small tables), under a
# navigation of the app's 17 pages; no login, no database, no language. Its p95 beside the
# trivial app's is what Streamlit itself costs for pages this size: the floor under the app's.
SAME_SIZE_APP = """\
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

SHAPES = {  # url path: (text elements, buttons, containers, charts, tables)
    "": (17, 16, 15, 2, 0),
    "recommendations": (78, 26, 41, 0, 0),
    "attendance": (17, 1, 10, 3, 2),
    "impact": (58, 1, 19, 2, 1),
}
st.set_page_config(page_title="Same size", layout="wide")


def page(path):
    def body():
        texts, buttons, containers, charts, tables = SHAPES[path]
        for i in range(texts):
            st.markdown(f"**Item {i}**: a sentence about a recommendation, *in progress*.")
        for i in range(buttons):
            st.button(f"Action {i}", key=f"b{i}")
        for _ in range(containers):
            st.container(border=True)
        x = np.arange(160)
        for i in range(charts):
            women = go.Scatter(x=x, y=np.sin(x / 9) + i, name="women")
            men = go.Scatter(x=x, y=np.cos(x / 9), name="men")
            st.plotly_chart(go.Figure([women, men]), key=f"c{i}")
        for i in range(tables):
            table = pd.DataFrame({"site": list("abcdefghij"), "visits": range(10)})
            st.dataframe(table, key=f"t{i}")
    return body


paths = [*SHAPES, *(f"other-{i}" for i in range(13))]
pages = [
    st.Page(page(p if p in SHAPES else ""), title=p or "home", url_path=p or "home", default=not p)
    for p in paths
]
st.navigation(pages).run()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        _stop(self.process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}: not healthy after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def start_streamlit(
    script: str | Path,
    *,
    name: str,
    env: dict[str, str],
    log_dir: Path,
    port: int | None = None,
    wait: bool = True,
) -> Server:
    """`streamlit run script` (through serve.py) on 127.0.0.1 with the project's
    .streamlit/config.toml."""
    port = port or free_port()
    log = log_dir / f"{name}.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "serve",  # `streamlit run`, without Nagle's delay (serve.py)
            str(script),
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
        cwd=ROOT,  # so the project's .streamlit/config.toml applies to every server
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = Server(name, f"http://127.0.0.1:{port}", port, process, log)
    if wait:
        try:
            wait_healthy(server.url, process, log)
        except BaseException:
            server.stop()
            raise
    return server


def start_replicas(
    database_url: str,
    work: Path,
    *,
    ports: tuple[int, int],
    key: str,
    cookie_secret: str,
    extra_env: dict[str, str] | None = None,
) -> tuple[Server, Server]:
    """Two `streamlit run app.py` on one database with the same cookie key and cookie secret
    (what deploy/systemd/advisory@.service runs), started together."""
    env = {
        "DATABASE_URL": database_url,
        "AUTH_COOKIE_KEY": key,
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
        "ADVISORY_DATA_DIR": str(work),
        **(extra_env or {}),
    }
    started = [
        start_streamlit("app.py", name=name, env=env, log_dir=work, port=port, wait=False)
        for name, port in zip(("replica-a", "replica-b"), ports, strict=True)
    ]
    try:
        for server in started:
            wait_healthy(server.url, server.process, server.log)
    except BaseException:
        for server in started:
            server.stop()
        raise
    return started[0], started[1]


def write_trivial_app(directory: Path) -> Path:
    """The one-line app the load benchmark compares against (same server, same config)."""
    path = directory / "trivial_app.py"
    path.write_text(TRIVIAL_APP)
    return path


def write_same_size_app(directory: Path) -> Path:
    """SAME_SIZE_APP in `directory`."""
    path = directory / "same_size_app.py"
    path.write_text(SAME_SIZE_APP)
    return path


# --- nginx ---------------------------------------------------------------------------------


def nginx_available() -> bool:
    return Path(NGINX).exists()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def render_site_config(
    *,
    https_port: int,
    http_port: int,
    replica_ports: tuple[int, int],
    cert: Path,
    key: Path,
    access_log: Path,
    error_log: Path,
    template: str | None = None,
) -> str:
    """The committed site config with loopback ports, the test certificate and log paths."""
    text = SITE_CONFIG.read_text() if template is None else template
    a, b = replica_ports
    substitutions = {
        "listen [::]:443 ssl;": "",
        "listen [::]:80;": "",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "127.0.0.1:8501": f"127.0.0.1:{a}",
        "127.0.0.1:8502": f"127.0.0.1:{b}",
        "/etc/letsencrypt/live/advisory.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/advisory.example.org/privkey.pem": str(key),
        "/var/log/nginx/advisory.access.log": str(access_log),
        # The test reads the error log, so it keeps more than the production "crit".
        "/var/log/nginx/advisory.error.log crit;": f"{error_log} warn;",
    }
    for old, new in substitutions.items():
        if old not in text:
            raise ValueError(f"deploy/nginx/advisory.conf no longer contains {old!r}")
        text = text.replace(old, new)
    return text


@dataclass
class Proxy:
    url: str
    http_url: str
    directory: Path
    access_log: Path
    error_log: Path
    process: subprocess.Popen

    def stop(self) -> None:
        _stop(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_proxy(replica_ports: tuple[int, int]) -> Proxy:
    """nginx in the foreground, serving the committed site config on loopback ports."""
    directory = Path(tempfile.mkdtemp(prefix="advisory-nginx-"))
    cert, key = self_signed_certificate(directory)
    https_port, http_port = free_port(), free_port()
    access_log, error_log = directory / "access.log", directory / "error.log"
    (directory / "site.conf").write_text(
        render_site_config(
            https_port=https_port,
            http_port=http_port,
            replica_ports=replica_ports,
            cert=cert,
            key=key,
            access_log=access_log,
            error_log=error_log,
        )
    )
    temp = directory / "temp"
    temp.mkdir()
    # The main config stands in for Debian's /etc/nginx/nginx.conf (which includes the site
    # inside http { }); it only moves pid, logs and temporary files into the test directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (directory / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/main-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/site.conf;
}}
"""
    )
    conf = directory / "nginx.conf"
    check = subprocess.run(
        [NGINX, "-t", "-p", str(directory), "-c", str(conf)], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
    process = subprocess.Popen(
        [NGINX, "-p", str(directory), "-c", str(conf), "-g", "daemon off;"],
        stdout=(directory / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{(directory / 'main-error.log').read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", https_port)) == 0:
                break
        time.sleep(0.1)
    return Proxy(
        url=f"https://127.0.0.1:{https_port}",
        http_url=f"http://127.0.0.1:{http_port}",
        directory=directory,
        access_log=access_log,
        error_log=error_log,
        process=process,
    )
