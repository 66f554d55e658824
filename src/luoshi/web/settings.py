"""The web app's configuration, from the environment (and a secret kept beside the database)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..store.db import home


@dataclass(frozen=True, slots=True)
class WebSettings:
    secret_key: str
    secure_cookies: bool = False  # always Secure cookies (they are anyway on HTTPS requests)
    proxy_header: str | None = None  # e.g. X-Forwarded-For: trusted only when named here
    upload_max_bytes: int = 10 << 20
    session_hours: int = 8
    login_attempts: int = 5  # failures allowed per user and address …
    login_window_s: int = 900  # … within this many seconds
    as_of: date | None = None  # a fixed "today" (the demo's mid-year)
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "luoshi@localhost"
    smtp_starttls: bool = False
    webhook_url: str | None = None
    remind_days: int = 5  # days before a deadline when units are reminded

    def today(self) -> date:
        return self.as_of or date.today()


def _secret(path: Path) -> str:
    """A random key made once and kept next to the database (mode 600)."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def load_settings(**overrides: object) -> WebSettings:
    env = os.environ
    as_of = env.get("LUOSHI_AS_OF")
    secret = overrides.get("secret_key") or env.get("LUOSHI_SECRET_KEY")
    values: dict[str, object] = {
        "secret_key": secret or _secret(home() / "secret.key"),
        "secure_cookies": env.get("LUOSHI_SECURE_COOKIES") == "1",
        "proxy_header": env.get("LUOSHI_PROXY_HEADER") or None,
        "as_of": date.fromisoformat(as_of) if as_of else None,
        "smtp_host": env.get("LUOSHI_SMTP_HOST") or None,
        "smtp_port": int(env.get("LUOSHI_SMTP_PORT", "25")),
        "smtp_user": env.get("LUOSHI_SMTP_USER") or None,
        "smtp_password": env.get("LUOSHI_SMTP_PASSWORD") or None,
        "smtp_from": env.get("LUOSHI_SMTP_FROM", "luoshi@localhost"),
        "smtp_starttls": env.get("LUOSHI_SMTP_STARTTLS") == "1",
        "webhook_url": env.get("LUOSHI_WEBHOOK_URL") or None,
        "remind_days": int(env.get("LUOSHI_REMIND_DAYS", "5")),
    }
    values.update(overrides)
    return WebSettings(**values)  # type: ignore[arg-type]
