"""People and scripts that use luoshi: users with roles, passwords, API tokens.

Passwords are hashed with argon2id; API tokens are random and stored only as
their SHA-256, so a copy of the database gives away neither.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .domain.states import MIN_PASSWORD, ROLE_LABELS, ROLES, Role
from .settings import password_hashing
from .store.db import SQLITE_BUSY_MS
from .store.models import ApiToken, Unit, User
from .store.repo import StoreError, audit, snapshot

__all__ = ["MIN_PASSWORD", "ROLES", "ROLE_LABELS", "authenticate", "create_user",
           "issue_token", "set_active", "set_password", "user_for_token"]  # fmt: skip


@cache
def _hasher() -> PasswordHasher:
    """argon2id with the library's defaults, or its cheapest profile where the
    configuration asks for it (``LUOSHI_PASSWORD_HASHING=cheapest``, test suites)."""
    if password_hashing() == "cheapest":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so the timing is the same."""
    return _hasher().hash("luoshi-no-such-user")


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    actor: str,
    *,
    unit: str | None = None,
    display_name: str = "",
    email: str | None = None,
) -> User:
    username = username.strip()
    if not username or len(username) > 60:
        raise StoreError("a username has 1 to 60 characters")
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
    if session.scalar(select(User).where(func.lower(User.username) == username.lower())):
        raise StoreError(f"user「{username}」already exists")
    unit_id = None
    if role == Role.REPORTER:
        if not unit:
            raise StoreError("a reporter belongs to a unit")
        u = session.scalar(select(Unit).where(Unit.name == unit))
        if u is None:
            raise StoreError(f"no unit named「{unit}」")
        unit_id = u.id
    user = User(username=username, password_hash=_hasher().hash(password), role=role,
                unit_id=unit_id, display_name=display_name or username, email=email)  # fmt: skip
    session.add(user)
    session.flush()
    audit(session, actor, "create", user)
    return user


def normal_username(username: str) -> str:
    """The one form of a login name: login, its throttle and lookups all use it."""
    return username.strip().lower()


def end_sessions(user: User) -> None:
    """Every login session of ``user`` ends (each request compares the version)."""
    user.session_version = (user.session_version or 1) + 1


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same cost either way)."""
    name = normal_username(username)
    user = session.scalar(select(User).where(func.lower(User.username) == name))
    try:
        _hasher().verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def set_password(session: Session, user: User, password: str, actor: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
    user.password_hash = _hasher().hash(password)
    end_sessions(user)  # a new password ends every session opened with the old one
    audit(session, actor, "set_password", user)


def set_active(session: Session, user: User, active: bool, actor: str) -> bool:
    """Enable or disable a login (its API tokens follow); returns whether anything changed.

    The last active admin cannot be disabled: nobody could manage users any more.
    """
    if user.active == active:
        return False
    if not active and user.role == Role.ADMIN:
        admins = session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN.value, User.active.is_(True))
        )
        if admins == 1:
            raise StoreError(f"「{user.username}」is the last active admin: add another first")
    before = snapshot(user)
    user.active = active
    audit(session, actor, "enable" if active else "disable", user, before)
    return True


def issue_token(session: Session, user: User, name: str, actor: str) -> str:
    """A new API token for ``user``; shown once, stored as its hash."""
    token = "ls_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_sha256=_sha(token))
    session.add(row)
    session.flush()
    audit(session, actor, "issue_token", row)
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a token belongs to. Reading only: see ``note_token_use``."""
    row = token_row(session, token)
    return row.user if row is not None and row.user.active else None


def token_row(session: Session, token: str) -> ApiToken | None:
    return session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _sha(token)))


TOKEN_USE_EVERY_S = 60  # last_used_at is news to an admin at minute, not request, resolution
_noted: dict[tuple[str, int], float] = {}  # (database, token id) → when last recorded
_noted_lock = threading.Lock()


def note_token_use(engine: Engine, token_id: int) -> None:
    """Record that a token was used, at most once a minute per token, in a transaction of
    its own (a GET never holds the write lock); best effort: a busy database skips it."""
    now = time.monotonic()
    with _noted_lock:
        key = (engine.url.render_as_string(hide_password=True), token_id)
        if now - _noted.get(key, -1e9) < TOKEN_USE_EVERY_S:
            return
        _noted[key] = now
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.begin() as conn:
            # wait a moment at most for the lock: this is bookkeeping, not the request
            conn.exec_driver_sql(
                "PRAGMA busy_timeout=100" if sqlite else "SET LOCAL lock_timeout = '100ms'"
            )
            try:
                conn.execute(update(ApiToken).where(ApiToken.id == token_id)
                             .values(last_used_at=datetime.now(UTC)))  # fmt: skip
            finally:
                if sqlite:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    except OperationalError:  # locked or busy: a use after the next minute records it
        pass


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
