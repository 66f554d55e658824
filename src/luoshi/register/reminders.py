"""Reminders to the units that carry targets: a deadline ahead, a report overdue.

``plan_reminders`` is pure: it looks at each lead unit's duties at a date and
says who should be told what. ``send_reminders`` stores each reminder as a
``Notice`` (shown on the unit's page; the table's unique key makes a second
run a no-op), then delivers the undelivered ones by e-mail (one message per
unit, to its users' addresses) and to a group-chat robot (one post per run,
WeCom/DingTalk ``text`` format). A delivery that fails is logged and reported,
never raised, and leaves its notice unmarked, so the next run tries again
while the reminder still applies.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain import FREQUENCY_LABELS, Frequency, TargetSpec, Verdict, period_ends, release_date
from ..domain.states import PlanState
from ..store.models import Assignment, AuditEvent, Notice, Plan, Target, User
from .verdicts import register_verdicts, spec_of

log = logging.getLogger("luoshi.reminders")

DUE_SOON, OVERDUE = "due_soon", "overdue"
REMINDER_LABELS = {DUE_SOON: "即将到期", OVERDUE: "逾期未报"}
TIMEOUT_S = 10.0
WEBHOOK_MAX_BYTES = 2048  # WeCom's limit for a text message (DingTalk allows more)


@dataclass(frozen=True, slots=True)
class Duty:
    """A lead unit's reporting duty on one target at a date: what the planner looks at."""

    target_id: int
    target: str
    unit_id: int
    unit: str
    spec: TargetSpec
    status: Verdict
    reported_to: date | None  # as-of date of the latest report, if any


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to tell one unit; (unit, target, kind, due) is its identity as a Notice."""

    unit_id: int
    unit: str
    target_id: int
    target: str
    kind: str  # due_soon, overdue
    due: date
    message: str


# --- planning (pure) ------------------------------------------------------------------------


def period_and_deadline(spec: TargetSpec, as_of: date) -> tuple[date, date] | None:
    """The period a report is owed for next and the office's deadline for it.

    Monthly and quarterly: the end of the current month or quarter (capped at
    the due date), which is also the deadline. Annual-only: the full year,
    owed when the figure is released. None when nothing is owed any more.
    """
    if spec.frequency is Frequency.ANNUAL:
        release = release_date(spec)
        return (spec.due, release) if as_of <= release else None
    end = next((e for e in period_ends(spec.start, spec.due, spec.frequency) if e >= as_of), None)
    return (end, end) if end else None


def last_deadline(spec: TargetSpec, as_of: date) -> date:
    """The latest deadline before ``as_of`` (the one a missing report has missed)."""
    if spec.frequency is Frequency.ANNUAL:
        return release_date(spec)
    ends = period_ends(spec.start, spec.due, spec.frequency)
    return max((e for e in ends if e < as_of), default=ends[0])


def _message(d: Duty, kind: str, due: date) -> str:
    text = f"「{d.target}」应于{due.isoformat()}前报送进度（{FREQUENCY_LABELS[d.spec.frequency]}）"
    return text + ("，已逾期未报送，请尽快补报" if kind == OVERDUE else "")


def _reminder(d: Duty, kind: str, due: date) -> Reminder:
    return Reminder(d.unit_id, d.unit, d.target_id, d.target, kind, due, _message(d, kind, due))


def plan_reminders(duties: Iterable[Duty], as_of: date, days_before: int) -> list[Reminder]:
    """Who to remind of what at ``as_of``.

    A target with no report although one was due (未报送) → ``overdue``, naming
    the latest missed deadline. Otherwise a target whose next deadline is at
    most ``days_before`` days away and whose report for that period is not
    in yet → ``due_soon``. Targets already done need nothing.
    """
    out = []
    for d in duties:
        if d.status is Verdict.NOT_REPORTED:
            out.append(_reminder(d, OVERDUE, last_deadline(d.spec, as_of)))
            continue
        if d.status is Verdict.DONE or (next_ := period_and_deadline(d.spec, as_of)) is None:
            continue
        period_end, deadline = next_
        reported = d.reported_to is not None and d.reported_to >= period_end
        if not reported and 0 <= (deadline - as_of).days <= days_before:
            out.append(_reminder(d, DUE_SOON, deadline))
    return sorted(out, key=lambda r: (r.unit, r.kind != OVERDUE, r.due, r.target_id))


def load_duties(session: Session, as_of: date, plans: Sequence[Plan] | None = None) -> list[Duty]:
    """The lead units' duties at ``as_of`` in ``plans`` (default: every active plan)."""
    if plans is None:
        plans = list(session.scalars(select(Plan).where(Plan.status == PlanState.ACTIVE.value)))
    duties = []
    for plan in plans:
        rows = register_verdicts(session, plan, as_of)
        targets = {t.id: t for t in session.scalars(
            select(Target).where(Target.id.in_([r.target_id for r in rows]))
            .options(selectinload(Target.assignments).selectinload(Assignment.unit)))}  # fmt: skip
        for r in rows:
            t = targets[r.target_id]
            if not t.assignments:
                continue  # nobody to remind
            lead = t.assignments[0].unit
            latest = r.judgement.latest
            duties.append(Duty(t.id, t.name, lead.id, lead.name, spec_of(t),
                               r.judgement.verdict, latest.as_of if latest else None))  # fmt: skip
    return duties


# --- storing and sending --------------------------------------------------------------------


class Delivery(Protocol):
    """Where reminders go (``luoshi.settings.Settings`` is one)."""

    @property
    def smtp_host(self) -> str | None: ...
    @property
    def smtp_port(self) -> int: ...
    @property
    def smtp_user(self) -> str | None: ...
    @property
    def smtp_password(self) -> str | None: ...
    @property
    def smtp_from(self) -> str: ...
    @property
    def smtp_starttls(self) -> bool: ...
    @property
    def webhook_url(self) -> str | None: ...


@dataclass(slots=True)
class SendResult:
    """What a run did: notices stored, e-mails sent, the robot's answer, what went wrong."""

    new_notices: int = 0
    emails_sent: int = 0
    webhook_ok: bool | None = None  # None: no robot configured, or nothing to post
    errors: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)  # units reminded without any e-mail

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        robot = {None: "未发送", True: "成功", False: "失败"}[self.webhook_ok]
        return f"新提醒 {self.new_notices} 条，发送邮件 {self.emails_sent} 封，群机器人{robot}"


def store_notices(session: Session, reminders: Iterable[Reminder]) -> tuple[list[Notice], int]:
    """Each reminder's Notice, created when new; returns (notices, how many were new).

    Checked first rather than caught: a failed INSERT would end the whole
    transaction on PostgreSQL. A concurrent run inserting the same row still
    hits the unique key at the flush, before anything is sent.
    """
    notices, new = [], 0
    for r in reminders:
        n = session.scalar(select(Notice).where(
            Notice.unit_id == r.unit_id, Notice.target_id == r.target_id,
            Notice.kind == r.kind, Notice.due == r.due))  # fmt: skip
        if n is None:
            n = Notice(unit_id=r.unit_id, target_id=r.target_id, kind=r.kind, due=r.due,
                       message=r.message, sent_email=False, sent_webhook=False)  # fmt: skip
            session.add(n)
            new += 1
        notices.append(n)
    session.flush()
    return notices, new


def send_reminders(
    session: Session,
    reminders: Sequence[Reminder],
    settings: Delivery,
    *,
    as_of: date | None = None,
) -> SendResult:
    """Store ``reminders`` as notices, then deliver those not yet delivered on each channel."""
    notices, new = store_notices(session, reminders)
    result = SendResult(new_notices=new)
    pairs = list(zip(reminders, notices, strict=True))
    if settings.smtp_host:
        _send_emails(session, [p for p in pairs if not p[1].sent_email], settings, result)
    pending = [p for p in pairs if not p[1].sent_webhook]
    if settings.webhook_url and pending:
        ok = _post_webhook(settings.webhook_url, pending, as_of, result)
        result.webhook_ok = ok
        for _, n in pending:
            n.sent_webhook = ok
    session.flush()
    return result


def unit_addresses(session: Session, unit_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mail addresses of each unit's active users (every unit id is a key)."""
    ids = list(unit_ids)
    out: dict[int, list[str]] = {uid: [] for uid in ids}
    q = select(User.unit_id, User.email).where(
        User.unit_id.in_(ids), User.active.is_(True), User.email.is_not(None)
    ).order_by(User.id)  # fmt: skip
    for unit_id, email in session.execute(q):
        address = (email or "").strip()
        if unit_id in out and address and address not in out[unit_id]:
            out[unit_id].append(address)
    return out


def record_run(session: Session, actor: str, as_of: date, result: SendResult) -> None:
    """An audit event for a run that stored or sent anything: who reminded whom, when."""
    if result.new_notices or result.emails_sent or result.webhook_ok is not None:
        session.add(AuditEvent(actor=actor, action="remind", entity="notice", entity_id=None,
                               before=None, after={"as_of": as_of.isoformat(),
                                                   "new_notices": result.new_notices,
                                                   "emails_sent": result.emails_sent,
                                                   "webhook_ok": result.webhook_ok,
                                                   "errors": result.errors[:20]}))  # fmt: skip


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _email(settings: Delivery, unit: str, to: list[str], items: list[Reminder]) -> EmailMessage:
    msg = EmailMessage()
    late = sum(r.kind == OVERDUE for r in items)
    what = f"{len(items)}项指标需报送进度" + (f"(其中{late}项已逾期)" if late else "")
    msg["Subject"] = f"【督查提醒】{_one_line(unit)}:{what}"
    msg["From"] = settings.smtp_from
    msg["To"] = ", ".join(to)
    lines = [f"{i}. {r.message}" for i, r in enumerate(items, start=1)]
    msg.set_content(f"{unit}:\n\n" + "\n".join(lines) + "\n\n请登录落实系统填报。\n"
                    "(本邮件由系统自动发送，请勿直接回复。)\n")  # fmt: skip
    return msg


def _send_emails(
    session: Session, pairs: list[tuple[Reminder, Notice]], settings: Delivery, result: SendResult
) -> None:
    """One e-mail per unit over one SMTP connection; a failure skips that unit (or all, if
    the server cannot be reached) and is recorded in ``result``."""
    by_unit: dict[int, list[tuple[Reminder, Notice]]] = defaultdict(list)
    for r, n in pairs:
        by_unit[r.unit_id].append((r, n))
    if not by_unit:
        return
    addresses = unit_addresses(session, by_unit)
    result.no_address = sorted({ps[0][0].unit for uid, ps in by_unit.items() if not addresses[uid]})
    todo = {uid: ps for uid, ps in by_unit.items() if addresses[uid]}
    if not todo:
        return
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as e:
        _failed(result, f"邮件服务器 {settings.smtp_host}:{settings.smtp_port} 连接失败：{e}")
        return
    with smtp:
        for uid, ps in todo.items():
            unit = ps[0][0].unit
            try:
                refused = smtp.send_message(
                    _email(settings, unit, addresses[uid], [r for r, _ in ps])
                )
            except (OSError, ValueError, smtplib.SMTPException) as e:
                _failed(result, f"发给{unit}的邮件未发出：{e}")
                continue
            if refused:  # delivered to the others
                _failed(result, f"{unit}的部分收件人被拒收：{'、'.join(sorted(refused))}")
            result.emails_sent += 1
            for _, n in ps:
                n.sent_email = True


def _connect(settings: Delivery) -> smtplib.SMTP:
    assert settings.smtp_host
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S)
    try:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def webhook_text(reminders: Sequence[Reminder], as_of: date | None,
                 limit: int = WEBHOOK_MAX_BYTES) -> str:  # fmt: skip
    """The robot's message: the reminders by unit, cut to ``limit`` UTF-8 bytes."""
    units = sorted({r.unit for r in reminders})
    day = f"({as_of.isoformat()})" if as_of else ""
    lines = [f"督查提醒{day}:{len(units)}个单位共{len(reminders)}项指标需报送进度"]
    for unit in units:
        lines.append(f"【{_one_line(unit)}】")
        lines.extend(r.message for r in reminders if r.unit == unit)
    text = "\n".join(lines)
    if len(text.encode("utf-8")) <= limit:
        return text
    tail = "\n……更多提醒请登录落实系统查看"
    budget = limit - len(tail.encode("utf-8"))
    kept: list[str] = []
    for line in lines:
        if len("\n".join([*kept, line]).encode("utf-8")) > budget:
            break
        kept.append(line)
    return "\n".join(kept) + tail


def _post_webhook(url: str, pairs: list[tuple[Reminder, Notice]], as_of: date | None,
                  result: SendResult) -> bool:  # fmt: skip
    if urlsplit(url).scheme not in ("http", "https"):
        _failed(result, "群机器人地址须以 http:// 或 https:// 开头")
        return False
    payload = {"msgtype": "text", "text": {"content": webhook_text([r for r, _ in pairs], as_of)}}
    request = urllib.request.Request(
        url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"})  # fmt: skip
    try:  # the scheme is http(s): checked above
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body = response.read(65536)
    except (OSError, ValueError) as e:  # URLError and HTTPError are OSErrors
        _failed(result, f"群机器人推送失败：{e}")
        return False
    problem = _robot_error(body)
    if problem:
        _failed(result, f"群机器人拒绝了消息：{problem}")
        return False
    return True


def _robot_error(body: bytes) -> str | None:
    """WeCom and DingTalk answer 200 with ``{"errcode": 0}``; anything else non-zero is a refusal."""
    try:
        answer = json.loads(body)
    except ValueError:
        return None  # not JSON: a plain receiver that said 2xx
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        return f"errcode {answer.get('errcode')} {str(answer.get('errmsg', ''))[:200]}"
    return None


def _failed(result: SendResult, message: str) -> None:
    log.warning("reminders: %s", message)
    result.errors.append(message)
