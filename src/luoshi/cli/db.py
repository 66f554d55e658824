"""``luoshi db``: create and migrate the database."""

from __future__ import annotations

import click

from ..store.db import current_revision, default_url, make_engine, upgrade
from .common import user_errors


@click.group()
def db() -> None:
    """The register's database (SQLite by default, PostgreSQL by URL)."""


@db.command("upgrade")
@click.pass_context
@user_errors
def db_upgrade(ctx: click.Context) -> None:
    """Create the database or migrate it to the latest schema."""
    url = ctx.obj.get("db_url") or default_url()
    engine = make_engine(url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    engine.dispose()
    shown = engine.url.render_as_string(hide_password=True)
    click.echo(f"{shown}: {before or 'empty'} → {after}")
