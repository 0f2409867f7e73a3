"""Showing data inside Streamlit's markdown without it being read as markup.

The one escaper for user text (issue 11: a second copy lived in recommendation_card). Every
name, title, comment or note a person typed goes through `plain` (or `plain_lines`) before it
reaches `st.markdown`, a header or a table.
"""

from __future__ import annotations

import re

import pandas as pd

from advisory.i18n import _

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """``text`` with every markdown character backslash-escaped.

    why: titles, site and adaptation names are typed by people; in ``st.markdown`` /
    ``st.title`` a name like ``[see here](http://...)`` would become a link. Escaped, it shows
    exactly as typed.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def plain_lines(text: str | None) -> str:
    """Like `plain`, keeping the line breaks the person typed (as Markdown line breaks)."""
    return "  \n".join(plain(line) for line in (text or "").splitlines())


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.table`` (which reads Markdown in every cell and label), with
    every cell, index label and column label escaped by :func:`plain`."""
    out = frame.map(plain).astype("str") if not frame.empty else frame.astype("str")
    out.index = [plain(label) for label in frame.index]
    out.columns = [plain(label) for label in frame.columns]
    return out


# ![alt](url), ![alt](<url>), ![alt](url "title"): alt without brackets, url without spaces or
# parentheses. Anything fancier is caught by _IMAGE_START below.
_INLINE_IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]\n]*)\]"
    r"\(\s*(?:<[^<>\n]*>|[^\s()<>]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
# ![alt][ref] and ![alt][]
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\[\]\n]*)\]\[[^\[\]\n]*\]")
_IMAGE_START = "!["


def _image_text(match: re.Match[str]) -> str:
    alt = " ".join(match.group("alt").split())
    return _("\\[image: {alt}\\]").format(alt=plain(alt)) if alt else _("\\[image\\]")


def markdown_without_images(text: str | None) -> str:
    """``text`` for ``st.markdown`` with its formatting kept but no image that would load.

    why (review finding 4): minutes are Markdown typed by members. An image such as
    ``![](https://tracker.example/pixel.png)`` would make every reader's browser fetch it from
    a third party, telling it their IP address and when they read the minutes. Inline and
    reference images become the words ``[image: alt]``; then every remaining ``![`` (nested or
    unusual image syntax) gets its bracket escaped, and an image cannot start without ``![``,
    so nothing in the result loads. Links stay (they need a click); raw HTML is already off in
    ``st.markdown``.
    """
    out = _INLINE_IMAGE.sub(_image_text, text or "")
    out = _REFERENCE_IMAGE.sub(_image_text, out)
    # Escaping the bracket, not the "!": an escape in front of the "!" could itself be escaped
    # by a backslash the person typed ("\\![...]"), whereas "!\[" is always a literal "![".
    return out.replace(_IMAGE_START, "!\\[")
