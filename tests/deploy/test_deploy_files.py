"""The committed deployment files say what README promises (checked without running them).

The running behaviour of the nginx site is tested in test_replicas.py; these checks also run
where nginx is not installed, and fail on an edit that would weaken the config.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bench.load_servers import SITE_CONFIG, nginx_available, render_site_config
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
SITE = SITE_CONFIG.read_text()


def _without_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


CODE = _without_comments(SITE)


def test_the_access_log_format_has_neither_query_strings_nor_referrers():
    formats = re.findall(r"log_format\s+(\w+)(.*?);", CODE, flags=re.S)
    assert [name for name, _ in formats] == ["advisory_noquery"]
    body = formats[0][1]
    for leaky in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$arg_"):
        assert leaky not in body, leaky
    assert "$http_referer" not in body
    assert "$uri" in body
    logs = re.findall(r"access_log\s+([^;]+);", CODE)
    assert logs and all(line.split()[-1] == "advisory_noquery" for line in logs), logs


def _map(variable: str) -> dict[str, str]:
    body = re.search(rf"map \$uri \${variable} \{{([^}}]*)\}}", CODE)
    assert body, variable
    return dict(
        (key, value.strip('"'))
        for key, value in re.findall(r"^\s*(\S+)\s+(.+?);\s*$", body.group(1), flags=re.M)
    )


def test_every_response_carries_the_security_headers():
    for header, value in (
        ("Content-Security-Policy", "$advisory_frame_ancestors"),
        ("X-Frame-Options", "$advisory_frame_options"),
        ("X-Content-Type-Options", '"nosniff"'),
        ("Referrer-Policy", '"no-referrer"'),
    ):
        assert re.search(rf"add_header {header} {re.escape(value)} always;", CODE), header
    # Nothing may frame the app; only the app frames its own components (the login cookie).
    assert _map("advisory_frame_ancestors") == {
        "default": "frame-ancestors 'none'",
        "~^/component/": "frame-ancestors 'self'",
    }
    assert _map("advisory_frame_options") == {"default": "DENY", "~^/component/": "SAMEORIGIN"}
    # add_header in a location would drop the server-level ones there (nginx inheritance).
    for block in re.findall(r"location[^{]*\{([^}]*)\}", CODE):
        assert "add_header" not in block


def test_metrics_and_the_agent_api_are_refused_and_websockets_are_upgraded():
    assert re.search(r"location = /_stcore/metrics \{\s*return 404;\s*\}", CODE)
    assert re.search(r"location \^~ /_stcore/agent/ \{\s*return 404;\s*\}", CODE)
    stream = re.search(r"location = /_stcore/stream \{([^}]*)\}", CODE)
    assert stream
    assert "proxy_set_header Upgrade $http_upgrade;" in stream.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in stream.group(1)


def test_tls_only_modern_protocols_and_plain_http_redirects():
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in CODE
    assert "return 301 https://$host$request_uri;" in CODE


def test_the_sticky_cookie_is_secure_and_http_only_and_names_only_a_replica():
    cookies = re.findall(r'"(advisory_replica=[^"]*)"', CODE)
    assert cookies and all("Secure; HttpOnly" in c for c in cookies)


def test_upstream_connections_are_dropped_by_nginx_before_the_replica_drops_them():
    # A replica (uvicorn) closes an idle keep-alive connection after 5 s. If nginx kept it
    # longer, a request could be sent on a connection the replica is closing: nginx counts
    # that as the replica failing (max_fails=1) and sends the browser to the other replica
    # for 10 s, away from its session. This happened in CI.
    import uvicorn

    replica_idle_s = uvicorn.Config(app="x").timeout_keep_alive
    upstreams = re.findall(r"upstream\s+(\w+)\s*\{(.*?)\}", CODE, flags=re.S)
    assert len(upstreams) == 3
    for name, body in upstreams:
        assert "keepalive " in body, name
        timeout = re.search(r"keepalive_timeout\s+(\d+)s;", body)
        assert timeout is not None, name
        assert int(timeout.group(1)) < replica_idle_s, name


def test_the_test_copy_differs_only_in_ports_certificate_and_logs(tmp_path):
    rendered = render_site_config(
        https_port=1443,
        http_port=1080,
        replica_ports=(1501, 1502),
        cert=tmp_path / "c.pem",
        key=tmp_path / "k.pem",
        access_log=tmp_path / "a.log",
        error_log=tmp_path / "e.log",
    )
    kept = [line for line in SITE.splitlines() if line.strip().startswith(("add_header", "map "))]
    for line in kept:
        assert line in rendered
    assert "8501" not in rendered and "8502" not in rendered
    with pytest.raises(ValueError, match="no longer contains"):
        render_site_config(
            https_port=1,
            http_port=2,
            replica_ports=(3, 4),
            cert=Path("c"),
            key=Path("k"),
            access_log=Path("a"),
            error_log=Path("e"),
            template=SITE.replace("listen 443 ssl;", "listen 8443 ssl;"),
        )


@pytest.mark.skipif(not nginx_available(), reason="nginx is absent (make system-deps)")
def test_nginx_accepts_the_site_config():
    from bench.load_servers import start_proxy

    proxy = start_proxy((1, 2))  # runs `nginx -t` first; the replicas need not be up
    proxy.stop()


def test_the_units_run_replicas_on_loopback_with_a_private_umask_after_migrating():
    unit = (DEPLOY / "systemd" / "advisory@.service").read_text()
    assert "--server.address 127.0.0.1" in unit and "--server.port %i" in unit
    assert "UMask=0077" in unit and "EnvironmentFile=/etc/advisory/advisory.env" in unit
    assert "Requires=advisory-migrate.service" in unit
    migrate = (DEPLOY / "systemd" / "advisory-migrate.service").read_text()
    assert "-m advisory db upgrade" in migrate and "Type=oneshot" in migrate
    timer = (DEPLOY / "systemd" / "advisory-backup.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer
    target = (DEPLOY / "systemd" / "advisory.target").read_text()
    ports = set(re.findall(r"advisory@(\d+)\.service", target))
    upstreams = set(re.findall(r"server 127\.0\.0\.1:(\d+)", CODE))
    assert ports == upstreams == {"8501", "8502"}


def test_the_environment_example_names_the_settings_replicas_must_share():
    example = (DEPLOY / "advisory.env.example").read_text()
    for name in ("DATABASE_URL", "AUTH_COOKIE_KEY", "STREAMLIT_SERVER_COOKIE_SECRET", "APP_URL"):
        assert re.search(rf"^{name}=", example, flags=re.M), name
    assert "postgresql+psycopg://" in example


def test_streamlit_exposes_no_agent_api_or_static_folder():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"].get("enableAgentApi", False) is False
    assert config["server"].get("enableStaticServing", False) is False


def test_the_readme_explains_running_for_a_network_of_services():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running for a network of services", 1)
    assert len(section) == 2
    body = section[1].split("\n## ", 1)[0]
    for topic in ("pg_dump", "restore", "migrat", "rotat", "sticky", "python -m bench load"):
        assert topic in body, topic
