"""Configuration from the environment, read by the CLI and the web app alike.

``LUOSHI_HOME`` is where the SQLite register, the demo and the secret key live
(default ``~/.local/share/luoshi``); ``LUOSHI_DATABASE_URL`` chooses another
database. The rest (cookies, reminders by e-mail and webhook, a fixed "today")
is read by ``load_settings``. Standard library only: every command reads it.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ENV_URL = "LUOSHI_DATABASE_URL"
ENV_HOME = "LUOSHI_HOME"
# argon2 parameters for passwords: "default" (RFC 9106 low-memory) or "cheapest"
# (for test suites only: it makes a stolen hash easy to crack)
ENV_PASSWORD_HASHING = "LUOSHI_PASSWORD_HASHING"
PASSWORD_HASHING = ("default", "cheapest")


def home() -> Path:
    base = os.environ.get(ENV_HOME) or os.path.join(
        os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share", "luoshi"
    )
    return Path(base)


def default_url() -> str:
    return os.environ.get(ENV_URL) or f"sqlite:///{home() / 'luoshi.sqlite3'}"


def password_hashing() -> str:
    profile = os.environ.get(ENV_PASSWORD_HASHING, "default")
    if profile not in PASSWORD_HASHING:
        raise ValueError(f"{ENV_PASSWORD_HASHING} must be one of {', '.join(PASSWORD_HASHING)}")
    return profile


@dataclass(frozen=True, slots=True)
class Settings:
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


def load_settings(**overrides: object) -> Settings:
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
    return Settings(**values)  # type: ignore[arg-type]
