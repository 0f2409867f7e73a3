"""languages: a user's chosen language, the organisation's default, a share link's language

Revision ID: 0006
Revises: 0004_referrals
Create Date: 2026-12-02

why (issue 10): the language a person reads in is resolved per run (their choice this
session, else the one stored with their account, else their browser's, else the
organisation's default); a funder's share link opens in the language it was made for.
NULL means "not chosen": the next rule in that order decides.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004_referrals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # why plain ADD/DROP COLUMN, not batch mode: batch mode rebuilds a table on SQLite, and
    # rebuilding app_user, which other tables reference, fails with foreign keys on. SQLite
    # 3.35+ and PostgreSQL both add and drop a column in place.
    op.add_column("app_user", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column(
        "organisation_settings",
        sa.Column("default_language", sa.String(length=8), nullable=False, server_default="en"),
    )
    op.add_column("share_link", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column("share_link", "language")
    op.drop_column("organisation_settings", "default_language")
    op.drop_column("app_user", "language")
