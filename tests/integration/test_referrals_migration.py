"""Migration 0004_referrals: up, down and up again on SQLite and PostgreSQL (issue 12)."""

from __future__ import annotations

from sqlalchemy import inspect, select

from advisory import migrate
from advisory.db import read_scope
from advisory.models import ReferralKind

TABLES = {
    "referral_kind",
    "referral_entry",
    "referral_entry_site",
    "referral_check",
    "referral_count",
    "training",
    "network",
    "forum",
    "recommendation_referral",
}


def test_the_referral_tables_exist_with_the_seeded_kinds_at_head(engine):
    assert TABLES <= set(inspect(engine).get_table_names())
    with read_scope(engine) as s:
        names = list(s.scalars(select(ReferralKind.name).order_by(ReferralKind.id)))
    assert names[0] == "Sexual and reproductive health"
    assert "Legal aid" in names and names[-1] == "Other"
    assert len(names) == 11


def test_downgrading_0004_drops_only_its_tables_and_upgrading_again_restores_them(engine):
    migrate.downgrade(engine, "0002")
    tables = set(inspect(engine).get_table_names())
    assert not TABLES & tables
    assert {"recommendation", "meeting", "site"} <= tables
    migrate.upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())
    with read_scope(engine) as s:
        assert len(list(s.scalars(select(ReferralKind.id)))) == 11
