"""Who is asking, and may they: sessions, roles, CSRF tokens, login throttling.

Every page and API route declares its dependency here; the rules live in one
place so a test can check that no other path lets a reporter through.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import note_token_use, token_row
from ..register.plans import visible
from ..store import Database
from ..store.models import Assignment, Target, User

SESSION_USER = "uid"
SESSION_CSRF = "csrf"
SESSION_VERSION = "sv"  # the user's session_version at login: bumped, every session ends


class LoginRequired(Exception):
    """Raised for a page that needs a login; the app answers with a redirect to /login."""


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the view returns, rolled back on error.

    A request that may write takes the write lock up front (SQLite ``BEGIN IMMEDIATE``,
    waiting out a busy writer): a read that later turned into a write could otherwise fail
    at once with "database is locked" when another writer committed in between."""
    db: Database = request.app.state.db
    with db.transaction(write=request.method not in ("GET", "HEAD", "OPTIONS")) as session:
        yield session


def read_session(request: Request) -> Iterator[Session]:
    """A transaction that does not take the write lock up front, for a post that only reads:
    the login form checks a password, and its deliberately slow hash must not keep every
    other writer waiting (under load they gave up with 503)."""
    db: Database = request.app.state.db
    with db.transaction() as session:
        yield session


@dataclass(frozen=True, slots=True)
class Viewer:
    """The logged-in user as the views need it (no ORM object outlives its session)."""

    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None
    unit_name: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_reporter(self) -> bool:
        return self.role == "reporter"

    @property
    def sees_enterprise_figures(self) -> bool:
        """亩均评价: tax and energy figures of named enterprises are for the 经信局 role only."""
        return self.role == "mujun"


def viewer_of(user: User) -> Viewer:
    return Viewer(user.id, user.username, user.display_name or user.username, user.role,
                  user.unit_id, user.unit.name if user.unit else None)  # fmt: skip


def current_user(request: Request, session: Session = Depends(db_session)) -> Viewer:
    """The user of a page: from the session cookie, else a redirect to the login page."""
    user = session_user(request, session)
    if user is None:
        request.session.clear()
        raise LoginRequired()
    return viewer_of(user)


def session_user(request: Request, session: Session) -> User | None:
    """The active user of the session cookie, if the session has not been ended since."""
    uid = request.session.get(SESSION_USER)
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is None or not user.active:
        return None
    if request.session.get(SESSION_VERSION) != user.session_version:
        return None  # logged out elsewhere, or the password changed
    return user


def api_user(request: Request, session: Session = Depends(db_session)) -> Viewer:
    """The user of an API call: a bearer token, or the browser's session plus a CSRF header."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        row = token_row(session, auth[7:].strip())
        if row is None or not row.user.active:
            raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
        note_token_use(request.app.state.db.engine, row.id)  # its own short transaction
        return viewer_of(row.user)
    user = session_user(request, session)
    if user is None:
        raise HTTPException(401, "log in or send a bearer token",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check_csrf(request, request.headers.get("x-csrf-token", ""))
    return viewer_of(user)


def require_admin(user: Viewer = Depends(current_user)) -> Viewer:
    if not user.is_admin:
        raise HTTPException(403, "只有督查室管理员可以执行此操作")
    return user


def require_staff(user: Viewer = Depends(current_user)) -> Viewer:
    """Admins and viewers (leaders) see the whole register; reporters only their unit."""
    if user.is_reporter:
        raise HTTPException(403, "填报员只能查看本单位的指标")
    return user


def require_mujun(user: Viewer = Depends(current_user)) -> Viewer:
    """亩均评价 pages: the office, leaders and the 经信局; never a unit's reporter."""
    if user.is_reporter:
        raise HTTPException(403, "填报员不能查看亩均评价")
    return user


def can_read_target(session: Session, user: Viewer, target_id: int) -> Target:
    """The target, if this user may see it: 404 when it does not exist, 403 when not theirs."""
    target = session.get(Target, target_id)
    if target is None or not visible(target.plan.status, user.is_admin):
        raise HTTPException(404, "没有这个指标")
    if user.is_reporter and not _carries(session, user, target_id):
        raise HTTPException(403, "这个指标不属于您的单位")
    return target


def can_report(session: Session, user: Viewer, target_id: int) -> Target:
    """Reporters report on their own unit's targets; admins on any; viewers on none."""
    if not (user.is_admin or user.is_reporter):
        raise HTTPException(403, "查看账号不能填报")
    return can_read_target(session, user, target_id)


def _carries(session: Session, user: Viewer, target_id: int) -> bool:
    q = select(Assignment.id).where(
        Assignment.target_id == target_id, Assignment.unit_id == user.unit_id
    )
    return session.scalar(q) is not None


# --- CSRF ---------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, sent: str) -> None:
    expected = request.session.get(SESSION_CSRF)
    if not isinstance(expected, str) or not hmac.compare_digest(expected, sent or ""):
        raise HTTPException(403, "表单已过期或来源不明，请刷新页面后重试")


async def csrf_protect(request: Request) -> AsyncIterator[None]:
    """For form posts: the hidden ``csrf`` field must match the session's token.

    The form parsed here is closed when the request ends, refused or not: FastAPI closes
    only the forms its own parameters read, and an uploaded file left open would wait
    for the garbage collector.
    """
    form = await request.form()
    try:
        sent = form.get("csrf")
        check_csrf(request, sent if isinstance(sent, str) else "")
        yield
    finally:
        await form.close()


# --- login throttling -------------------------------------------------------------------


FIRST_DELAY_S = 30.0


class Throttle:
    """Growing delays after failed logins, per (account, address) — never a hard lock.

    After ``attempts`` failures of one account from one address within ``window``
    seconds, each further try waits 30 s, 1, 2, 4 … minutes (at most ``window``) after the last
    failure; the same holds, ten times looser, for one address over all accounts (password
    spraying). Someone else's failures elsewhere cannot lock an innocent user out. Callers
    pass the name through ``accounts.normal_username``, the same rule login uses.
    """

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        if not q:
            self._failures.pop(key, None)
            return deque()
        return q

    def _keys(self, username: str, address: str) -> tuple[tuple[str, int], ...]:
        return ((f"u:{username}|a:{address}", self.attempts), (f"a:{address}", 10 * self.attempts))

    def blocked(self, username: str, address: str) -> float:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        wait = 0.0
        for key, allowed in self._keys(username, address):
            q = self._recent(key, now)
            over = len(q) - allowed
            if over >= 0:
                delay = min(self.window, FIRST_DELAY_S * 2.0**over)
                wait = max(wait, delay - (now - q[-1]))
        return max(wait, 0.0)

    def failed(self, username: str, address: str) -> None:
        now = time.monotonic()
        for key, _ in self._keys(username, address):
            self._failures[key].append(now)
            self._recent(key, now)

    def succeeded(self, username: str, address: str) -> None:
        self._failures.pop(self._keys(username, address)[0][0], None)
