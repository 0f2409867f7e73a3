"""The "DHIS2 mapping" tab: which DHIS2 code means which service, site or gender group.

Codes the last DHIS2 file could not map are added to the editor with an empty target; the
whole editor is saved as one unit (`replace_mappings`), all or nothing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisory.actors import Actor
from advisory.errors import DomainError
from advisory.i18n import N_, _, ngettext
from advisory.importers.dhis2 import MAPPING_KINDS
from advisory.models import GENDER_GROUPS
from advisory.services import dhis2_mappings
from components import forms
from components.database import get_engine

CAPTION = N_(
    "Which DHIS2 code means which service (data element), site (org unit) or gender group "
    "(category option combo). Several codes may point to the same one (for example two age "
    "bands of women): their values are added up."
)


def _table(unmapped: dict[str, list[str]]) -> tuple[pd.DataFrame, list[str]]:
    engine = get_engine()
    rows: list[tuple[str, str, str | None]] = [
        (m.kind, m.code, m.target) for m in dhis2_mappings.list_mappings(engine)
    ]
    have = {(k, c) for k, c, _target in rows}
    for k, codes in unmapped.items():
        rows += [(k, c, None) for c in codes if (k, c) not in have]
    targets = dhis2_mappings.mapping_targets(engine)
    choices = sorted({t for values in targets.values() for t in values}, key=str.lower)
    return pd.DataFrame(rows, columns=["kind", "code", "target"]), choices


def show(*, actor: Actor, unmapped: dict[str, list[str]], key: str = "att_dhis2") -> bool:
    """Draw the editor; True when the mapping was saved in this run."""
    st.caption(_(CAPTION))
    if unmapped:
        st.warning(
            _(
                "Codes from the last DHIS2 file without a mapping are added below with an empty "
                "target: choose one for each, then save."
            )
        )
    table, choices = _table(unmapped)
    edited = st.data_editor(
        table,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "kind": st.column_config.SelectboxColumn(
                _("Kind of code"), options=list(MAPPING_KINDS), required=True
            ),
            "code": st.column_config.TextColumn(_("DHIS2 code"), required=True, max_chars=64),
            "target": st.column_config.SelectboxColumn(_("Means"), options=choices, required=True),
        },
        key=f"{key}_editor",
    )
    st.caption(
        _(
            "Data elements map to a service, org units to a site, category option combos to a "
            "gender group ({groups})."
        ).format(groups=", ".join(GENDER_GROUPS))
    )
    m1, m2 = st.columns(2)
    m2.download_button(
        _("Download the mapping (CSV)"),
        dhis2_mappings.mapping_csv(get_engine()),
        file_name="dhis2-mapping.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}_download",
    )
    if not m1.button(_("Save the mapping"), type="primary", key=f"{key}_save"):
        return False
    clean = [
        (str(r.kind or ""), str(r.code or ""), str(r.target or ""))
        for r in edited.itertuples(index=False)
        if any(pd.notna(x) and str(x).strip() for x in (r.kind, r.code, r.target))
    ]
    try:
        n = dhis2_mappings.replace_mappings(get_engine(), rows=clean, actor=actor)
    except DomainError as exc:
        forms.show_error(exc)
        return False
    st.success(ngettext("Mapping saved: {n} code.", "Mapping saved: {n} codes.", n).format(n=n))
    return True
