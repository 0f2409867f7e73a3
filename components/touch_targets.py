"""Tap targets at least 44 px high on every page, Streamlit's own widgets included.

why (issue 13): on a phone, pills, segmented controls, inputs, tabs, expanders and the menu
buttons were 16-40 px high (WCAG 2.5.5 asks for 44 px). Streamlit has no setting for this, so
app.py applies this one style sheet on every run (funder view included). Selectors use the
`data-testid` and `data-baseweb` attributes Streamlit 1.67 renders; tests/browser/test_phones.py
fails when one stops matching.
"""

from __future__ import annotations

import streamlit as st


def apply() -> None:
    """Add the style sheet to this run's page (it draws nothing: a style-only st.html).

    The sheet is one literal (no data goes into HTML: tests/unit/test_architecture.py). The
    field boxes it lists are the ones tests/browser/test_phones.py measures (FIELD_BOXES).
    """
    st.html(
        """
<style>
/* buttons: st.button, st.download_button, form submit, link buttons, pills, segmented */
[data-testid^="stBaseButton"], [data-testid="stButtonGroup"] button,
[data-testid="stPageLink"] a, [data-testid="stLinkButton"] a { min-height: 44px; }
/* the menu and sidebar buttons in the header and sidebar */
[data-testid="stExpandSidebarButton"], [data-testid="stMainMenuButton"],
[data-testid="stSidebarCollapseButton"] button { min-height: 44px; min-width: 44px; }
/* inputs, selects, multiselects, dates: the whole box is the target */
.react-aria-ComboBox > [role="group"], [data-testid="stDateInputField"],
[data-testid="stTimeInputField"], [data-testid="stTextInputRootElement"],
[data-testid="stNumberInputContainer"], [data-testid="stTextAreaRootElement"] {
  min-height: 44px; align-items: center; }
/* checkboxes, toggles and radio options: the label row is the target */
[data-testid="stCheckbox"] label, [data-testid="stRadioOption"],
[data-testid="stToggle"] label { min-height: 44px; align-items: center; }
/* tabs, expanders, the sidebar's page links */
[data-testid="stTab"], [data-testid="stTabsScrollRight"], [data-testid="stTabsScrollLeft"],
[data-testid="stExpander"] summary, [data-testid="stSidebarNavLink"] { min-height: 44px; }
[data-testid="stExpander"] summary { display: flex; align-items: center; }
/* a help "?" beside a label: a 44 px hit area around the 16 px icon, same layout */
[data-testid="stTooltipHoverTarget"] button {
  min-height: 44px; min-width: 44px; margin: -14px; }
</style>
"""
    )
