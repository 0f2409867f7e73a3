"""a history of completions: each time a recommendation was done, checked and reopened

Revision ID: 0003_completion_history
Revises: 0002
Create Date: 2026-12-02

why (issue 13): reopening a recommendation cleared its evidence and the group's verification
(the timeline kept only "what changed"). Each completion now has its own row. Existing data is
carried over: the timeline's done, verified and reopened entries give each earlier completion
(what changed, the group's words, why it was reopened), and a recommendation that is done or
verified now keeps its full details (evidence, the meeting where the group checked it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_completion_history"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

recommendation = sa.table(
    "recommendation",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("done_on", sa.Date),
    sa.column("what_changed", sa.Text),
    sa.column("evidence", sa.Text),
    sa.column("verified_at_meeting_id", sa.Integer),
    sa.column("verified_on", sa.Date),
    sa.column("verification_comment", sa.Text),
)
event = sa.table(
    "recommendation_event",
    sa.column("id", sa.Integer),
    sa.column("recommendation_id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("by", sa.String),
    sa.column("kind", sa.String),
    sa.column("to_status", sa.String),
    sa.column("comment", sa.Text),
)

COMPLETION = sa.table(
    "recommendation_completion",
    sa.column("recommendation_id", sa.Integer),
    sa.column("done_on", sa.Date),
    sa.column("what_changed", sa.Text),
    sa.column("evidence", sa.Text),
    sa.column("done_by", sa.String),
    sa.column("done_at", sa.DateTime),
    sa.column("verified_at_meeting_id", sa.Integer),
    sa.column("verified_on", sa.Date),
    sa.column("verification_comment", sa.Text),
    sa.column("verified_by", sa.String),
    sa.column("reopened_at", sa.DateTime),
    sa.column("reopened_by", sa.String),
    sa.column("reopen_reason", sa.Text),
)


def _completion_table() -> None:
    op.create_table(
        "recommendation_completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("what_changed", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("verified_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("verification_comment", sa.Text(), nullable=True),
        sa.Column("verified_by", sa.String(length=64), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by", sa.String(length=64), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_completion_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_at_meeting_id"],
            ["meeting.id"],
            name=op.f("fk_recommendation_completion_verified_at_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_completion")),
    )
    with op.batch_alter_table("recommendation_completion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_completion_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )


def _history(conn: sa.Connection) -> list[dict[str, object]]:
    """Completions rebuilt from the timeline, then the current one from the record itself."""
    records = {r.id: r for r in conn.execute(sa.select(recommendation))}
    steps = conn.execute(
        sa.select(event)
        .where(event.c.kind == "status", event.c.to_status.in_(("done", "verified", "reopened")))
        .order_by(event.c.recommendation_id, event.c.at, event.c.id)
    )
    rows: list[dict[str, object]] = []
    open_row: dict[int, dict[str, object]] = {}
    for e in steps:
        current = open_row.get(e.recommendation_id)
        if e.to_status == "done":
            current = {
                "recommendation_id": e.recommendation_id,
                "done_on": e.at.date(),
                "what_changed": e.comment or "",
                "evidence": None,
                "done_by": e.by,
                "done_at": e.at,
                "verified_at_meeting_id": None,
                "verified_on": None,
                "verification_comment": None,
                "verified_by": None,
                "reopened_at": None,
                "reopened_by": None,
                "reopen_reason": None,
            }
            rows.append(current)
            open_row[e.recommendation_id] = current
        elif current is not None and e.to_status == "verified":
            current.update(
                verified_on=e.at.date(), verification_comment=e.comment or None, verified_by=e.by
            )
        elif current is not None and e.to_status == "reopened":
            current.update(reopened_at=e.at, reopened_by=e.by, reopen_reason=e.comment or None)
            del open_row[e.recommendation_id]
    for rec_id, current in open_row.items():
        rec = records.get(rec_id)
        if rec is None or rec.status not in ("done", "verified") or rec.done_on is None:
            continue
        current.update(
            done_on=rec.done_on,
            what_changed=rec.what_changed or current["what_changed"],
            evidence=rec.evidence,
            verified_at_meeting_id=rec.verified_at_meeting_id,
            verified_on=rec.verified_on or current["verified_on"],
            verification_comment=rec.verification_comment or current["verification_comment"],
        )
    return rows


def upgrade() -> None:
    conn = op.get_bind()
    rows = _history(conn)
    _completion_table()
    if rows:
        conn.execute(COMPLETION.insert(), rows)


def downgrade() -> None:
    with op.batch_alter_table("recommendation_completion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_completion_recommendation_id"))
    op.drop_table("recommendation_completion")
