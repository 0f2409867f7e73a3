"""Where a share link starts: the director's browser address, or APP_URL when it is set."""

from __future__ import annotations

from advisory.share_address import browser_base, share_base, share_url


def test_the_browser_address_keeps_scheme_host_port_and_prefix_and_drops_the_page():
    assert browser_base("http://localhost:18601/sharing", {}, "sharing") == "http://localhost:18601"
    assert (
        browser_base("https://example.org/advisory/sharing", {}, "sharing")
        == "https://example.org/advisory"
    )
    assert browser_base("http://10.0.0.5:8501/", {}, "sharing") == "http://10.0.0.5:8501"


def test_without_a_page_address_the_forwarded_headers_then_host_say_it():
    forwarded = {"Host": "127.0.0.1:8501", "X-Forwarded-Host": "advisory.example.org",
                 "X-Forwarded-Proto": "https, http"}  # fmt: skip
    assert browser_base(None, forwarded, "sharing") == "https://advisory.example.org"
    assert browser_base(None, {"host": "localhost:18601"}, "sharing") == "http://localhost:18601"
    assert browser_base(None, {}, "sharing") is None


def test_an_unset_app_url_follows_the_browser_without_a_warning():
    base = share_base(configured=None, browser="http://localhost:18601")
    assert (base.url, base.source, base.warning) == ("http://localhost:18601", "browser", None)
    assert share_url(base.url, "tok") == "http://localhost:18601/?share=tok"


def test_a_set_app_url_wins_and_warns_only_when_it_differs_from_the_browser():
    same = share_base(
        configured="https://Advisory.example.org:443/", browser="https://advisory.example.org"
    )
    assert (same.url, same.source, same.warning) == (
        "https://Advisory.example.org:443",
        "APP_URL",
        None,
    )
    other = share_base(configured="https://advisory.example.org", browser="http://localhost:18601")
    assert other.url == "https://advisory.example.org"
    assert "http://localhost:18601" in other.warning and "APP_URL" in other.warning


def test_with_neither_the_old_default_is_used_and_a_warning_says_so():
    base = share_base(configured="", browser=None)
    assert base.url == "http://localhost:8501" and base.source == "fallback"
    assert "Set APP_URL" in base.warning
