"""Log in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ...accounts import authenticate, end_sessions, normal_username
from ...store.models import User
from ..auth import (
    SESSION_USER,
    SESSION_VERSION,
    LoginRequired,
    Throttle,
    csrf_protect,
    current_user,
    db_session,
    read_session,
)
from ..client import client_address
from ..templating import page

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only local paths: a login link must not send people to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", dependencies=[Depends(csrf_protect)])
def login(
    request: Request,
    username: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/",
    session: Session = Depends(read_session),
) -> Response:
    throttle: Throttle = request.app.state.throttle
    address = client_address(request, request.app.state.settings)
    name = normal_username(username)  # the one rule login uses: "  Admin" is admin
    wait = throttle.blocked(name, address)
    if wait:
        msg = (f"登录失败次数过多，请 {int(wait) + 1} 秒后再试" if wait < 60
               else f"登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试")  # fmt: skip
        return page(request, "login.html", {"error": msg, "next": _safe_next(next),
                                            "username": username}, status=429)  # fmt: skip
    user = authenticate(session, name, password)
    if user is None:
        throttle.failed(name, address)
        return page(request, "login.html", {"error": "用户名或密码不正确", "next": _safe_next(next),
                                            "username": username}, status=401)  # fmt: skip
    throttle.succeeded(name, address)
    request.session.clear()  # a new session on login: no fixation
    request.session[SESSION_USER] = user.id
    request.session[SESSION_VERSION] = user.session_version
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_protect)])
def logout(request: Request, session: Session = Depends(db_session)) -> Response:
    uid = request.session.get(SESSION_USER)
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is not None:
        end_sessions(user)  # a copy of this cookie, or one on another device, ends too
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(request: Request, session: Session = Depends(db_session)) -> Response:
    try:
        user = current_user(request, session)
    except LoginRequired:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/unit" if user.is_reporter else "/dashboard", status_code=303)
