"""``luoshi remind``: remind units of deadlines ahead and reports overdue (run it from cron)."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click

from .common import actor, database, user_errors


@click.command("remind")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Plan the reminders for this date (default: today, or $LUOSHI_AS_OF).")  # fmt: skip
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Remind this many days before a deadline (default: 5).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the reminders; store and send nothing.")
@click.pass_context
@user_errors
def remind(ctx: click.Context, as_of: datetime | None, days: int | None, dry_run: bool) -> None:
    """Store reminders as notices on the units' pages and send them by e-mail and webhook.

    Due soon: a monthly or quarterly report whose period ends within --days days,
    an annual figure about to be released. Overdue: a target with no report
    although one was due. A reminder is stored and sent once; run it daily.
    E-mail and the group-chat robot are set by LUOSHI_SMTP_* and
    LUOSHI_WEBHOOK_URL. Exit status 1 when a delivery failed (the notices are kept).
    """
    from ..register.reminders import (
        REMINDER_LABELS,
        load_duties,
        plan_reminders,
        record_run,
        send_reminders,
    )
    from ..settings import load_settings

    settings = load_settings()
    day: date = as_of.date() if as_of else settings.today()
    before = settings.remind_days if days is None else days
    with database(ctx).transaction() as s:
        planned = plan_reminders(load_duties(s, day), day, before)
        for r in planned:
            click.echo(f"{r.unit}\t{REMINDER_LABELS[r.kind]}\t{r.due.isoformat()}\t{r.message}")
        if dry_run:
            click.echo(
                f"{len(planned)} reminders for {day.isoformat()} (dry run: nothing stored or sent)"
            )
            return
        result = send_reminders(s, planned, settings, as_of=day)
        record_run(s, actor(), day, result)
    click.echo(result.summary())
    if result.no_address:
        click.echo(f"no e-mail address: {'、'.join(result.no_address)}")
    for e in result.errors:
        click.echo(f"luoshi: {e}", err=True)
    if result.errors:
        sys.exit(1)
