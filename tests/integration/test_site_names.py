"""Site names differ by more than case: adding one and matching one (share links) agree."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from advisory.db import session_scope
from advisory.errors import ValidationError
from advisory.models import Site
from advisory.services import organisation
from tests.factories import TEST_ADMIN


def _site_names(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return list(s.scalars(select(Site.name).order_by(Site.name)))


def test_a_site_name_differing_only_by_case_from_another_is_refused(engine):
    with session_scope(engine) as s:
        organisation.add_site(s, name="Clinic", kind="clinic", actor=TEST_ADMIN)
    for typed in ("clinic", " CLINIC ", "Clinic"):
        with pytest.raises(ValidationError) as info, session_scope(engine) as s:
            organisation.add_site(s, name=typed, kind="clinic", actor=TEST_ADMIN)
        assert (str(info.value), info.value.field) == (
            "A site named 'Clinic' already exists.",
            "name",
        )
    with session_scope(engine) as s:
        organisation.add_site(s, name="Clinic north", kind="clinic", actor=TEST_ADMIN)
    assert _site_names(engine) == ["Clinic", "Clinic north"]


def test_a_name_matching_several_sites_without_case_is_refused_as_ambiguous(engine):
    # Rows made directly: add_site now refuses the second, but older databases may hold both.
    with session_scope(engine) as s:
        s.add_all([Site(name="Clinic", kind="clinic"), Site(name="CLINIC", kind="clinic")])
        s.add(Site(name="Harbour", kind="outreach route"))
    with session_scope(engine) as s:
        ids = dict(s.execute(select(Site.name, Site.id)).all())
        with pytest.raises(ValidationError) as info:
            organisation.site_ids_by_name(s, ["harbour", "clinic"])
        assert (str(info.value), info.value.field) == (
            "Ambiguous site name(s): 'clinic' could be 'CLINIC' or 'Clinic'. "
            "Type the name exactly as the site is spelt.",
            "site_ids",
        )
        # Typed exactly as spelt, each is that site; a name with one match needs no case.
        assert organisation.site_ids_by_name(s, ["Clinic", "CLINIC", "HARBOUR"]) == (
            ids["Clinic"],
            ids["CLINIC"],
            ids["Harbour"],
        )
        assert s.scalar(select(func.count(Site.id))) == 3


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x","y")', "+1 clinic", "-clinic", "@clinic"])
def test_a_site_name_a_spreadsheet_would_run_as_a_formula_is_refused(engine, typed):
    with pytest.raises(ValidationError) as info, session_scope(engine) as s:
        organisation.add_site(s, name=typed, kind="clinic", actor=TEST_ADMIN)
    assert (str(info.value), info.value.field) == (
        "A site name cannot start with =, +, -, @, a tab or a line break: a spreadsheet could "
        "run it as a formula. Start the name with a letter or a number.",
        "name",
    )
    assert _site_names(engine) == []
