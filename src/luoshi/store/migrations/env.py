"""Alembic environment: run migrations on the engine luoshi hands over."""

from __future__ import annotations

from alembic import context

from luoshi.store.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
    )
    context.run_migrations()
