"""Which address a share link starts with: the one the director's browser used, or APP_URL.

Issue 13: links were built from APP_URL's default (``http://localhost:8501``), which follows
neither the port the app runs on nor the host name the director typed, so a copied link did
not open. Now:

* with ``APP_URL`` set (behind a proxy, where the public name is not the one the director
  uses), links start with it, and the Sharing page warns when it differs from the address in
  the director's browser (a typo in APP_URL would otherwise send every funder nowhere);
* without it, links start with the address the director's browser used for this page.

Pure functions over strings and a mapping of headers: the Streamlit side
(:mod:`components.share_address`) reads ``st.context`` and passes the values in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from advisory.i18n import _

FALLBACK_BASE = "http://localhost:8501"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class ShareBase:
    """The start of every share link made on this page, and why."""

    url: str  # "https://advisory.example.org" (no trailing slash)
    source: str  # "APP_URL", "browser" or "fallback"
    warning: str | None = None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower() and value:
            # A proxy chain writes "a, b": the first is the one the browser talked to.
            return str(value).split(",")[0].strip() or None
    return None


def browser_base(
    page_url: str | None, headers: Mapping[str, str], page_path: str = ""
) -> str | None:
    """The app's address as the browser used it, without the page path, query or fragment.

    ``page_url`` is what the browser shows for the page (Streamlit's ``st.context.url``, e.g.
    ``http://localhost:18601/sharing``); ``page_path`` the page's own path (``sharing``), cut
    from the end. Without a page URL (an old session, a test), the request's headers say it:
    ``X-Forwarded-Proto``/``X-Forwarded-Host`` from a proxy, else ``Host`` over http. None
    when neither says anything.
    """
    if page_url:
        parts = urlsplit(page_url)
        if parts.scheme in _DEFAULT_PORTS and parts.netloc:
            path = parts.path.rstrip("/")
            if page_path and path.endswith("/" + page_path.strip("/")):
                path = path[: -len(page_path.strip("/")) - 1]
            return f"{parts.scheme}://{parts.netloc}{path}"
    host = _header(headers, "X-Forwarded-Host") or _header(headers, "Host")
    if not host:
        return None
    scheme = (_header(headers, "X-Forwarded-Proto") or "http").lower()
    return f"{scheme if scheme in _DEFAULT_PORTS else 'http'}://{host}"


def _same_address(a: str, b: str) -> bool:
    """Same scheme, host (any case), port (80/443 implied) and path (trailing slash ignored)."""
    pa, pb = urlsplit(a), urlsplit(b)

    def key(p):
        try:
            port = p.port or _DEFAULT_PORTS.get(p.scheme)
        except ValueError:
            port = None
        return (p.scheme.lower(), (p.hostname or "").lower(), port, p.path.rstrip("/"))

    return key(pa) == key(pb)


def share_base(*, configured: str | None, browser: str | None) -> ShareBase:
    """APP_URL when set, else the browser's address, else the old default (with a warning)."""
    configured = (configured or "").strip().rstrip("/") or None
    if configured:
        warning = None
        if browser and not _same_address(configured, browser):
            warning = _(
                "Share links start with {app_url} (the APP_URL setting), but you opened this "
                "page at {browser}. Check that a funder can open {app_url}; if not, correct "
                "APP_URL or remove it so that links use the address in your browser."
            ).format(app_url=configured, browser=browser)
        return ShareBase(url=configured, source="APP_URL", warning=warning)
    if browser:
        return ShareBase(url=browser.rstrip("/"), source="browser")
    return ShareBase(
        url=FALLBACK_BASE,
        source="fallback",
        warning=_(
            "The address of this app could not be worked out from your browser, so share "
            "links start with {fallback}, which may not open for a funder. Set APP_URL to "
            "the app's public address."
        ).format(fallback=FALLBACK_BASE),
    )


def share_url(base: str, token: str) -> str:
    """The address a funder opens: ``<base>/?share=<token>`` (the token and nothing else)."""
    return f"{base.rstrip('/')}/?share={token}"
