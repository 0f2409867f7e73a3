"""Where share links start: the director's browser address (``st.context``) or APP_URL.

The rule is :func:`advisory.share_address.share_base`; this reads the browser's side of it.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from advisory import config, share_address
from advisory.share_address import ShareBase
from components.markdown_text import plain


def _context_url() -> str | None:
    url = st.context.url  # AppTest gives a mock here: anything but a string is "unknown"
    return url if isinstance(url, str) else None


def _context_headers() -> Mapping[str, str]:
    headers = st.context.headers
    if not isinstance(headers, Mapping):
        return {}
    return {str(k): str(v) for k, v in headers.items()}


def current(page_path: str = "sharing") -> ShareBase:
    """The base of share links made on this page (``page_path``: the page's own url path)."""
    browser = share_address.browser_base(_context_url(), _context_headers(), page_path)
    return share_address.share_base(configured=config.configured_app_url(), browser=browser)


def show(page_path: str = "sharing") -> ShareBase:
    """:func:`current`, with its warning drawn when APP_URL and the browser disagree."""
    base = current(page_path)
    if base.warning:
        st.warning(plain(base.warning), icon=":material/link_off:")
    return base
