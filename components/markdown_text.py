"""Showing data inside Streamlit's markdown without it being read as markup."""

from __future__ import annotations

import re

import pandas as pd

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """``text`` with every markdown character backslash-escaped.

    why: titles, site and adaptation names are typed by people; in ``st.markdown`` /
    ``st.title`` a name like ``[see here](http://...)`` would become a link. Escaped, it shows
    exactly as typed.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for ``st.table`` (which reads Markdown in every cell and label), with
    every cell, index label and column label escaped by :func:`plain`."""
    out = frame.map(plain).astype("str") if not frame.empty else frame.astype("str")
    out.index = [plain(label) for label in frame.index]
    out.columns = [plain(label) for label in frame.columns]
    return out
