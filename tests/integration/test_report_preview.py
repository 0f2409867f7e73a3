"""The Reports page's preview is remembered until the data it reads change (issue 13)."""

from __future__ import annotations

from sqlalchemy import select

from advisory import i18n
from advisory.db import read_scope
from advisory.models import ReferralKind
from advisory.periods import Quarter
from advisory.reports import report_preview
from advisory.services import referral_work
from tests.factories import TEST_ADMIN

Q1 = Quarter(2025, 1)


def _kind(engine) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with read_scope(engine) as s:
        row = s.execute(select(ReferralKind.id, ReferralKind.name).limit(1)).one()
    return row.id, row.name


def _referrals(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert report.work is not None
    return dict(report.work.referrals)


def test_the_preview_is_remembered_and_made_again_when_a_count_is_edited_in_place(
    engine, share_world
):
    report_preview.forget()
    kind_id, kind = _kind(engine)
    first = report_preview.internal(engine, quarter=Q1)
    assert report_preview.internal(engine, quarter=Q1) is first  # remembered
    referral_work.set_referral_count(engine, quarter=Q1, kind_id=kind_id, count=7, actor=TEST_ADMIN)
    second = report_preview.internal(engine, quarter=Q1)
    assert second is not first and _referrals(second)[kind] == "7"
    # The same row edited again (no new id, no version column): still noticed.
    referral_work.set_referral_count(engine, quarter=Q1, kind_id=kind_id, count=9, actor=TEST_ADMIN)
    assert _referrals(report_preview.internal(engine, quarter=Q1))[kind] == "9"


def test_each_quarter_and_language_has_its_own_preview(engine, share_world):
    report_preview.forget()
    english = report_preview.internal(engine, quarter=Q1)
    assert report_preview.internal(engine, quarter=Quarter(2024, 4)) is not english
    with i18n.use("fr"):
        assert report_preview.internal(engine, quarter=Q1) is not english


def test_the_version_read_with_the_quarters_finds_the_same_preview(engine, share_world):
    report_preview.forget()
    choices = report_preview.choices(engine)
    assert Q1 in choices.quarters
    first = report_preview.internal(engine, quarter=Q1, version=choices.version)
    assert report_preview.internal(engine, quarter=Q1) is first
    kind_id, _name = _kind(engine)
    referral_work.set_referral_count(engine, quarter=Q1, kind_id=kind_id, count=7, actor=TEST_ADMIN)
    newer = report_preview.choices(engine)
    assert newer.version != choices.version
    assert report_preview.internal(engine, quarter=Q1, version=newer.version) is not first
