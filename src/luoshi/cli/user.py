"""``luoshi user``: accounts for the web app and API tokens for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..domain.states import MIN_PASSWORD, ROLES
from .common import actor, database, fail, user_errors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..store.models import User


@click.group()
def user() -> None:
    """Users: admins (the office), reporters (one unit), viewers (leaders); API tokens."""


def _find(session: Session, username: str) -> User:
    from sqlalchemy import func, select

    from ..store.models import User
    from ..store.repo import StoreError

    found = session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if found is None:
        raise StoreError(f"no user named「{username}」")
    return found


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="admin: the office; reporter: one unit; viewer: reads everything.")  # fmt: skip
@click.option("--unit", default=None, help="The reporter's unit (its name, as in `units list`).")
@click.option("--password", default=None,
              help=f"At least {MIN_PASSWORD} characters; asked for (twice, hidden) if not given.")  # fmt: skip
@click.option("--display-name", default="", help="The name shown on pages (default: USERNAME).")
@click.pass_context
@user_errors
def user_add(ctx: click.Context, username: str, role: str, unit: str | None,
             password: str | None, display_name: str) -> None:  # fmt: skip
    """Create a user who logs in with USERNAME and a password."""
    from ..accounts import create_user

    if unit and role != "reporter":
        fail("--unit is for reporters: admins and viewers see every unit")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with database(ctx).transaction() as s:
        u = create_user(s, username, password, role, actor(), unit=unit,
                        display_name=display_name)  # fmt: skip
        click.echo(f"user {u.id}「{u.username}」created: {u.role}"
                   + (f" of {u.unit.name}" if u.unit else ""))  # fmt: skip


@user.command("list")
@click.pass_context
@user_errors
def user_list(ctx: click.Context) -> None:
    """Every user: id, name, role, unit, whether active, API tokens."""
    from sqlalchemy import func, select

    from ..store.models import ApiToken, User

    with database(ctx).transaction() as s:
        q = select(ApiToken.user_id, func.count()).group_by(ApiToken.user_id)
        tokens = {uid: n for uid, n in s.execute(q)}
        for u in s.scalars(select(User).order_by(User.id)):
            state = "active" if u.active else "disabled"
            unit = u.unit.name if u.unit else "-"
            click.echo(f"{u.id:>4}  {u.username}  {u.role}  {unit}  {state}  "
                       f"{tokens.get(u.id, 0)} token(s)")  # fmt: skip


@user.command("token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (a script's name).")
@click.pass_context
@user_errors
def user_token(ctx: click.Context, username: str, name: str) -> None:
    """Issue an API token for USERNAME and print it: it is shown this once only."""
    from ..accounts import issue_token
    from ..store.repo import StoreError

    with database(ctx).transaction() as s:
        u = _find(s, username)
        if not u.active:
            raise StoreError(f"user「{u.username}」is disabled")
        token = issue_token(s, u, name[:100], actor())
    click.echo(token)
    click.echo("Keep it safe: only its hash is stored. Send it as "
               "`Authorization: Bearer <token>`.", err=True)  # fmt: skip


@user.command("disable")
@click.argument("username")
@click.pass_context
@user_errors
def user_disable(ctx: click.Context, username: str) -> None:
    """Stop USERNAME from logging in; their API tokens stop working too."""
    from ..accounts import set_active

    with database(ctx).transaction() as s:
        u = _find(s, username)
        if not set_active(s, u, False, actor()):
            click.echo(f"user「{u.username}」is already disabled")
            return
        click.echo(f"user「{u.username}」disabled")
