"""Reminders: who is told what and when, stored once, sent to a real SMTP server and webhook."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from sqlalchemy import func, select, update

from luoshi.cli.remind import remind
from luoshi.domain import Frequency, TargetSpec, Verdict
from luoshi.register.demo import build_demo
from luoshi.register.reminders import (
    Duty,
    Reminder,
    load_duties,
    plan_reminders,
    send_reminders,
    webhook_text,
)
from luoshi.settings import Settings
from luoshi.store import Database
from luoshi.store.models import AuditEvent, Notice, Unit, User

JUNE_25, JULY_5 = date(2024, 6, 25), date(2024, 7, 5)
EMAILS = {"renshe": "renshe@example.org", "jiaoyu": "jiaoyu@example.org"}


# --- the pure planner -------------------------------------------------------------------------


def duty(frequency: Frequency = Frequency.MONTHLY, status: Verdict = Verdict.ON_TRACK,
         reported_to: date | None = None, release: date | None = None) -> Duty:  # fmt: skip
    spec = TargetSpec.for_year(2024, 100, "个", frequency=frequency, release=release)
    return Duty(1, "新增高新技术企业", 7, "区科技局", spec, status, reported_to)


def test_due_soon_counts_days_to_the_period_end() -> None:
    d = duty(reported_to=date(2024, 5, 31))
    [r] = plan_reminders([d], date(2024, 6, 25), days_before=5)
    assert (r.kind, r.due, r.unit_id, r.target_id) == ("due_soon", date(2024, 6, 30), 7, 1)
    assert r.message == "「新增高新技术企业」应于2024-06-30前报送进度（每月）"
    assert plan_reminders([d], date(2024, 6, 24), days_before=5) == []  # six days ahead
    assert plan_reminders([d], date(2024, 6, 30), days_before=0)[0].due == date(2024, 6, 30)
    # the report for the period is already in (dated its end): nothing to remind
    assert plan_reminders([duty(reported_to=date(2024, 6, 30))], date(2024, 6, 28), 5) == []
    assert plan_reminders([duty(status=Verdict.DONE)], date(2024, 6, 28), 5) == []


def test_quarterly_and_annual_deadlines() -> None:
    q = duty(Frequency.QUARTERLY, reported_to=date(2024, 3, 31))
    assert plan_reminders([q], date(2024, 5, 28), 5) == []  # June is still the same quarter
    [r] = plan_reminders([q], date(2024, 6, 27), 5)
    assert r.message == "「新增高新技术企业」应于2024-06-30前报送进度（每季）"
    # annual-only: owed at the release of the year's figure, not at each month end
    a = duty(Frequency.ANNUAL, status=Verdict.NOT_DUE, release=date(2025, 2, 20))
    assert plan_reminders([a], date(2024, 12, 28), 5) == []
    [r] = plan_reminders([a], date(2025, 2, 16), 5)
    assert (r.kind, r.due) == ("due_soon", date(2025, 2, 20))
    assert r.message == "「新增高新技术企业」应于2025-02-20前报送进度（每年）"
    assert plan_reminders([duty(Frequency.ANNUAL, reported_to=date(2024, 12, 31),
                                release=date(2025, 2, 20))], date(2025, 2, 16), 5) == []  # fmt: skip


def test_not_reported_is_overdue_at_the_latest_missed_deadline() -> None:
    late = duty(status=Verdict.NOT_REPORTED)
    [r] = plan_reminders([late], date(2024, 7, 5), 5)
    assert (r.kind, r.due) == ("overdue", date(2024, 6, 30))
    assert (
        r.message
        == "「新增高新技术企业」应于2024-06-30前报送进度（每月），已逾期未报送，请尽快补报"
    )
    # past the due date the last deadline is the due date itself
    assert plan_reminders([late], date(2025, 3, 1), 5)[0].due == date(2024, 12, 31)
    a = duty(Frequency.ANNUAL, status=Verdict.NOT_REPORTED, release=date(2025, 2, 20))
    assert plan_reminders([a], date(2025, 3, 1), 5)[0].due == date(2025, 2, 20)


def test_webhook_text_fits_the_robot_limit() -> None:
    many = [Reminder(i % 3, f"单位{i % 3}", i, f"指标{i}", "due_soon", date(2024, 6, 30),
                     f"「很长的指标名称{i}」应于2024-06-30前报送进度（每月）") for i in range(200)]  # fmt: skip
    text = webhook_text(many, date(2024, 6, 25))
    assert len(text.encode("utf-8")) <= 2048
    assert text.startswith("督查提醒(2024-06-25):3个单位共200项指标需报送进度\n【单位0】")
    assert text.endswith("……更多提醒请登录落实系统查看")


# --- the planner on the demo register ---------------------------------------------------------


@pytest.fixture
def demo(db: Database) -> Database:
    with db.transaction() as s:
        build_demo(s)
        for username, address in EMAILS.items():
            s.execute(update(User).where(User.username == username).values(email=address))
    return db


def planned(db: Database, day: date, days: int = 5) -> list[Reminder]:
    with db.transaction() as s:
        found: list[Reminder] = plan_reminders(load_duties(s, day), day, days)
        return found


def test_demo_at_june_25_every_unit_is_due_soon_and_three_are_overdue(demo: Database) -> None:
    rs = planned(demo, JUNE_25)
    by_target = {r.target: r for r in rs}
    assert len(rs) == 21
    assert sum(r.kind == "overdue" for r in rs) == 3
    jobs = by_target["城镇新增就业"]
    assert (jobs.unit, jobs.kind, jobs.message) == (
        "区人社局", "due_soon", "「城镇新增就业」应于2024-06-30前报送进度（每月）")  # fmt: skip
    hospital = by_target["武进医院南院二期投入运行"]
    assert hospital.message == "「武进医院南院二期投入运行」应于2024-06-30前报送进度（每季）"
    late = by_target["净增高新技术企业"]
    assert (late.unit, late.kind, late.due) == ("区科技局", "overdue", date(2024, 5, 31))
    assert (
        late.message
        == "「净增高新技术企业」应于2024-05-31前报送进度（每月），已逾期未报送，请尽快补报"
    )


def test_demo_at_july_5_only_the_unreported_are_reminded(demo: Database) -> None:
    rs = planned(demo, JULY_5)
    assert [(r.unit, r.target, r.kind, r.due) for r in rs] == [
        ("区住建局", "新建或改造保障性租赁住房", "overdue", date(2024, 6, 30)),
        ("区生态环境局", "生态湿地修复", "overdue", date(2024, 6, 30)),
        ("区科技局", "净增高新技术企业", "overdue", date(2024, 6, 30)),
    ]
    assert (
        rs[1].message
        == "「生态湿地修复」应于2024-06-30前报送进度（每月），已逾期未报送，请尽快补报"
    )
    # on the 30th the June reports are in: only the unreported remain
    assert {r.kind for r in planned(demo, date(2024, 6, 30))} == {"overdue"}


# --- real servers -----------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on (bound, then released): connecting to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Mailbox:
    messages: list[tuple[list[str], email.message.EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, box
    controller.stop()


class Robot(BaseHTTPRequestHandler):
    """A group-chat robot: records each JSON post and answers like WeCom."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server: Any = self.server
        server.posts.append((self.path, self.headers["Content-Type"], json.loads(body)))
        answer = json.dumps(server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def robot() -> Iterator[Any]:
    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
    server.posts, server.answer = [], {"errcode": 0, "errmsg": "ok"}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def settings(smtp_port: int, webhook_port: int, **more: Any) -> Settings:
    return Settings(secret_key="test", smtp_host="127.0.0.1", smtp_port=smtp_port,
                       smtp_from="督查室 <duchashi@example.org>",
                       webhook_url=f"http://127.0.0.1:{webhook_port}/cgi-bin/webhook/send?key=k1",
                       **more)  # fmt: skip


def run(db: Database, day: date, conf: Settings) -> Any:
    with db.transaction() as s:
        return send_reminders(s, plan_reminders(load_duties(s, day), day, 5), conf, as_of=day)


def notices(db: Database) -> dict[str, tuple[bool, bool]]:
    """Each stored notice's message → (sent by e-mail, sent to the robot)."""
    with db.transaction() as s:
        return {n.message: (n.sent_email, n.sent_webhook) for n in s.scalars(select(Notice))}


def test_reminders_reach_a_real_smtp_server_and_webhook_once(
    demo: Database, smtp_server: tuple[int, Mailbox], robot: Any
) -> None:
    port, box = smtp_server
    result = run(demo, JUNE_25, settings(port, robot.server_port))
    assert (result.new_notices, result.emails_sent, result.webhook_ok, result.errors) == (
        21, 2, True, [])  # fmt: skip
    assert "区科技局" in result.no_address  # no user of it has an e-mail address
    mail = {tuple(to): msg for to, msg in box.messages}
    msg = mail[("renshe@example.org",)]
    assert msg["Subject"] == "【督查提醒】区人社局:5项指标需报送进度"
    assert msg["From"] == "督查室 <duchashi@example.org>"
    body = msg.get_content()
    assert (
        "「城镇新增就业」应于2024-06-30前报送进度（每月）" in body and "请登录落实系统填报" in body
    )
    assert "新增学位" not in body  # another unit's target
    assert (
        "「新增学位」应于2024-06-30前报送进度（每月）"
        in mail[("jiaoyu@example.org",)].get_content()
    )
    [(path, ctype, payload)] = robot.posts
    assert path == "/cgi-bin/webhook/send?key=k1" and ctype == "application/json; charset=utf-8"
    assert payload["msgtype"] == "text" and set(payload) == {"msgtype", "text"}
    content = payload["text"]["content"]
    assert content.startswith(
        "督查提醒(2024-06-25):9个单位共21项指标需报送进度\n【区人社局】\n"
        "「招引领军型创新创业人才项目」应于2024-06-30前报送进度（每月）\n"
    )
    assert (
        "「净增高新技术企业」应于2024-05-31前报送进度（每月），已逾期未报送，请尽快补报" in content
    )
    stored = notices(demo)
    assert len(stored) == 21
    assert stored["「城镇新增就业」应于2024-06-30前报送进度（每月）"] == (True, True)
    late = "「净增高新技术企业」应于2024-05-31前报送进度（每月），已逾期未报送，请尽快补报"
    assert stored[late] == (False, True)

    again = run(demo, JUNE_25, settings(port, robot.server_port))
    assert (again.new_notices, again.emails_sent, again.webhook_ok) == (0, 0, None)
    assert len(box.messages) == 2 and len(robot.posts) == 1 and len(notices(demo)) == 21


def test_servers_down_are_reported_and_notices_kept_for_the_next_run(
    demo: Database, smtp_server: tuple[int, Mailbox], robot: Any
) -> None:
    down = run(demo, JUNE_25, settings(free_port(), free_port()))
    assert (down.new_notices, down.emails_sent, down.webhook_ok) == (21, 0, False)
    assert len(down.errors) == 2
    assert down.errors[0].startswith("邮件服务器 127.0.0.1:") and "连接失败" in down.errors[0]
    assert down.errors[1].startswith("群机器人推送失败")
    assert set(notices(demo).values()) == {(False, False)}
    # the servers are back: the same reminders are delivered, and stored no second time
    port, box = smtp_server
    back = run(demo, JUNE_25, settings(port, robot.server_port))
    assert (back.new_notices, back.emails_sent, back.webhook_ok, back.errors) == (0, 2, True, [])
    assert len(box.messages) == 2 and len(robot.posts) == 1


def test_a_robot_that_refuses_is_a_failure(demo: Database, robot: Any) -> None:
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    conf = Settings(secret_key="t", webhook_url=f"http://127.0.0.1:{robot.server_port}/hook")
    result = run(demo, JULY_5, conf)
    assert result.webhook_ok is False and "errcode 93000" in result.errors[0]
    assert result.emails_sent == 0  # no SMTP server configured: e-mail is simply not sent
    assert set(notices(demo).values()) == {(False, False)}
    robot.answer = {"errcode": 0}
    assert run(demo, JULY_5, conf).webhook_ok is True


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login(demo: Database) -> None:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"ducha", b"pw-1")
        return AuthResult(success=ok, handled=False)

    with demo.transaction() as s:  # 区科技局 gets an address: its overdue notice is mailed
        keji = s.scalars(select(Unit.id).where(Unit.name == "区科技局")).one()
        s.add(User(username="keji", password_hash="x", role="reporter", unit_id=keji,
                   email="kj@example.org"))  # fmt: skip
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), authenticator=check,
                            auth_required=True, auth_require_tls=False)  # fmt: skip
    controller.start()
    try:
        conf = Settings(secret_key="t", smtp_host="127.0.0.1", smtp_port=controller.port,
                           smtp_user="ducha", smtp_password="nope")  # fmt: skip
        wrong = run(demo, JULY_5, conf)
        assert wrong.emails_sent == 0 and "535" in wrong.errors[0] and box.messages == []
        right = run(demo, JULY_5, replace(conf, smtp_password="pw-1"))
        assert (right.new_notices, right.emails_sent, right.errors) == (0, 1, [])
        [(to, msg)] = box.messages
        assert to == ["kj@example.org"]
        assert msg["Subject"] == "【督查提醒】区科技局:1项指标需报送进度(其中1项已逾期)"
    finally:
        controller.stop()


# --- the command ------------------------------------------------------------------------------


def test_remind_command(
    demo: Database, smtp_server: tuple[int, Mailbox], robot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:  # fmt: skip
    port, box = smtp_server
    monkeypatch.setenv("LUOSHI_HOME", str(tmp_path))
    monkeypatch.setenv("LUOSHI_SECRET_KEY", "test")
    monkeypatch.setenv("LUOSHI_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LUOSHI_SMTP_PORT", str(port))
    monkeypatch.setenv("LUOSHI_WEBHOOK_URL", f"http://127.0.0.1:{robot.server_port}/send")
    obj = {"db_url": demo.url}
    dry = CliRunner().invoke(remind, ["--as-of", "2024-06-25", "--dry-run"], obj=obj)
    assert dry.exit_code == 0, dry.output
    assert (
        "区人社局\t即将到期\t2024-06-30\t「城镇新增就业」应于2024-06-30前报送进度（每月）"
        in dry.output
    )
    assert "21 reminders for 2024-06-25 (dry run" in dry.output
    assert notices(demo) == {} and box.messages == [] and robot.posts == []

    first = CliRunner().invoke(remind, ["--as-of", "2024-06-25"], obj=obj)
    assert first.exit_code == 0, first.output
    assert "新提醒 21 条，发送邮件 2 封，群机器人成功" in first.output
    second = CliRunner().invoke(remind, ["--as-of", "2024-06-25"], obj=obj)
    assert "新提醒 0 条，发送邮件 0 封，群机器人未发送" in second.output
    with demo.transaction() as s:
        runs = s.scalars(select(func.count()).where(AuditEvent.action == "remind")).one()
    assert runs == 1  # the run that did something is in the audit trail

    monkeypatch.setenv("LUOSHI_WEBHOOK_URL", f"http://127.0.0.1:{free_port()}/send")
    late = CliRunner().invoke(remind, ["--as-of", "2024-07-05", "--days", "3"], obj=obj)
    assert late.exit_code == 1 and "新提醒 3 条" in late.output
    assert "群机器人推送失败" in late.stderr
