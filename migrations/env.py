"""Alembic environment: migrates the configured database, or the connection handed in by
`advisory.migrate.upgrade` (tests and start-up pass their own engine's connection)."""

from alembic import context

from advisory import models
from advisory.db import make_engine

target_metadata = models.Base.metadata


def run_migrations_offline() -> None:
    from advisory import config as app_config

    context.configure(
        url=app_config.database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine()
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # why: SQLite cannot ALTER most constraints; batch mode rebuilds the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
