"""Tap targets of at least 44 px on the account page (a phone is where passwords get changed).

why (issue 13): at 390 px the page had five targets under 32 px: the three "show password"
eye buttons (16 px) and the heading anchors (16 px, now gone: the headings have no anchor),
and the inputs and the submit button were 36-40 px. Streamlit has no setting for this, so the
page adds this style sheet (it draws nothing). Selectors are Streamlit 1.67's `data-testid`s;
tests/browser/test_account_page.py fails when one stops matching. A sheet applied to every
page (helper attendui's components/touch_targets.py) covers the inputs and buttons too; the
reveal button is the rule only this page needs.
"""

from __future__ import annotations

import streamlit as st


def apply() -> None:
    # A literal: tests/unit/test_architecture.py allows st.html only on constant text.
    st.html(
        """<style>
[data-testid="stTextInputRootElement"] { min-height: 44px; align-items: center; }
[data-testid="stTextInputRootElement"] button { min-height: 44px; min-width: 44px; }
[data-testid^="stBaseButton"] { min-height: 44px; }
</style>"""
    )
