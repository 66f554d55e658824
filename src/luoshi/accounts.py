"""People and scripts that use luoshi: users with roles, passwords, API tokens.

Passwords are hashed with argon2id; API tokens are random and stored only as
their SHA-256, so a copy of the database gives away neither.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .domain.states import MIN_PASSWORD, ROLE_LABELS, ROLES, Role
from .settings import password_hashing
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


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same cost either way)."""
    user = session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
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
    row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _sha(token)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = datetime.now(UTC)
    return row.user


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
