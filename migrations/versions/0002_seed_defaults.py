"""seed the defaults that reads used to write on first use

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

why (issue 14): a read transaction may not write, so the settings row, the default advisory
group, the seeded categories and the default services list are written here, once, instead of
by the first page that reads them. The lists are copied as they were on this date: a migration
must not change when the code's lists change later.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = (
    "Opening hours",
    "Women-only space or time",
    "Women staff",
    "Outreach method and vehicle",
    "Anonymity and privacy",
    "Gender-based-violence support",
    "Sexual and reproductive health (contraception, maternal and newborn health, "
    "safe abortion and post-abortion care)",
    "Childcare and parenting",
    "Peer outreach and peer staff",
    "Referral networks",
    "Other",
)
SERVICES = (
    "drop-in visit",
    "needle and syringe programme",
    "opioid agonist therapy",
    "outreach contact",
    "HIV/hepatitis testing",
    "sexual and reproductive health",
    "gender-based-violence referral",
    "other",
)

settings = sa.table(
    "organisation_settings",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("small_number_k", sa.Integer),
    sa.column("updated_at", sa.DateTime),
)
group = sa.table("advisory_group", sa.column("name", sa.String))
category = sa.table("category", sa.column("name", sa.String), sa.column("active", sa.Boolean))
service = sa.table("service", sa.column("name", sa.String), sa.column("active", sa.Boolean))


def _empty(conn: sa.Connection, table: sa.TableClause) -> bool:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0


def upgrade() -> None:
    conn = op.get_bind()
    if _empty(conn, settings):
        now = sa.func.current_timestamp()
        conn.execute(
            settings.insert().values(id=1, name="Our service", small_number_k=5, updated_at=now)
        )
    if _empty(conn, group):
        conn.execute(group.insert().values(name="Women's advisory group"))
    if _empty(conn, category):
        conn.execute(category.insert(), [{"name": n, "active": True} for n in CATEGORIES])
    if _empty(conn, service):
        conn.execute(service.insert(), [{"name": n, "active": True} for n in SERVICES])


def downgrade() -> None:
    # The seeded rows stay: recommendations, members and attendance may point at them, and the
    # code of revision 0001 wrote the same rows on first use.
    pass
