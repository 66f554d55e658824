"""``luoshi serve`` and ``luoshi demo``: the web app, on any database or on the seed's demo."""

from __future__ import annotations

import socket
import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import click

from .common import user_errors

if TYPE_CHECKING:
    import uvicorn

    from ..register.demo import DemoLogin
    from ..store import Database


def demo_url() -> str:
    from ..settings import home

    return f"sqlite:///{home() / 'demo.sqlite3'}"


def fresh_demo(url: str) -> Database:
    """A new demo database: the seed's plan, units, users and half a year of reports, and a
    district's 亩均评价 (so every page of the menu has something to show)."""
    from ..mujun.demo import build_mujun_demo
    from ..register.demo import build_demo
    from ..store import Database

    if url.startswith("sqlite:///"):
        from pathlib import Path

        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    db = Database(url)
    with db.transaction() as s:
        build_demo(s)
        # two years of 亩均评价 of a synthetic district, and the 经信局 login
        build_mujun_demo(s, n=300)
    return db


@click.command("demo")
@click.option("--db", "url", default=None, help="Where to build it (default: the demo database).")
@user_errors
def demo(url: str | None) -> None:
    """(Re)build the demo database from the seed document."""
    url = url or demo_url()
    fresh_demo(url).dispose()
    click.echo(f"demo data written to {url}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--demo",
    "with_demo",
    is_flag=True,
    help="Serve a fresh demo database built from the seed, as of mid-2024.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Treat this date as today (default: today; the demo uses 2024-06-30).",
)
@click.pass_context
@user_errors
def serve(ctx: click.Context, host: str, port: int, with_demo: bool, as_of: object) -> None:
    """Start the web app (pages, JSON API under /api)."""
    import uvicorn

    from ..register.demo import AS_OF
    from ..settings import load_settings
    from ..store import Database
    from ..web.app import create_app
    from ..web.cache import warm

    if with_demo:
        # the address and logins first: building the demo takes a while, and the user should
        # know where to look and how to sign in while it does
        _say_where(host, port, "演示数据库")
        _say_logins(demo_logins())
        click.echo("正在由种子文件生成演示数据，完成后即可访问……")
        db = fresh_demo(demo_url())
        today: date | None = AS_OF
    else:
        db = Database(ctx.obj.get("db_url"))
        today = None
        _say_where(host, port, db.engine.url.render_as_string(hide_password=True))
    if as_of is not None:
        today = as_of.date()  # type: ignore[attr-defined]
    settings = load_settings(**({"as_of": today} if today else {}))
    app = create_app(db, settings)
    # the status of every plan as of today, computed while the first visitors log in
    threading.Thread(target=warm, args=(db, settings.today()), daemon=True).start()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=False)
    server = uvicorn.Server(config)
    _announce_when_listening(server, f"http://{host}:{port}/")
    server.run()


def demo_logins() -> list[DemoLogin]:
    """Every login of the demo: the register's and the 经信局's for 亩均评价."""
    from ..mujun.demo import JINGXIN
    from ..register.demo import LOGINS, DemoLogin

    return [*LOGINS, DemoLogin(*JINGXIN, "mujun", None)]


def _say_where(host: str, port: int, database: str) -> None:
    click.echo(f"落实：http://{host}:{port}/（数据库：{database}）")


def _say_logins(logins: Sequence[DemoLogin]) -> None:
    from ..domain.states import ROLE_LABELS

    click.echo("演示账号（用户名／密码／角色）：")
    for login in logins:
        click.echo(f"  {login.username:<8} {login.password:<16} {ROLE_LABELS[login.role]}"
                   + (f"：{login.unit}" if login.unit else ""))  # fmt: skip


def _announce_when_listening(server: uvicorn.Server, url: str) -> None:
    """Say so the moment the socket listens (uvicorn's own start-up line is silenced)."""
    startup = server.startup

    async def announced(sockets: list[socket.socket] | None = None) -> None:
        await startup(sockets=sockets)
        if server.started:
            click.echo(f"已启动，请在浏览器中打开 {url}")

    server.startup = announced  # type: ignore[method-assign]
