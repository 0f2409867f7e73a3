"""languages: a user's chosen language, the organisation's default, a share link's language

Revision ID: 0006
Revises: 0002
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
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    with op.batch_alter_table("organisation_settings") as batch:
        batch.add_column(
            sa.Column("default_language", sa.String(length=8), nullable=False, server_default="en")
        )
    with op.batch_alter_table("share_link") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("share_link") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("organisation_settings") as batch:
        batch.drop_column("default_language")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("language")
