"""The office's administration: users, units, reminders. Admins only.

Every write goes through the register's functions (which audit it) inside the
request's one transaction. A refused form comes back as the same page with
the reason on it and nothing written: checks run before the first write,
because the request's transaction cannot be rolled back half-way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from starlette.concurrency import run_in_threadpool

from ...accounts import (
    MIN_PASSWORD,
    ROLE_LABELS,
    ROLES,
    create_user,
    issue_token,
    set_password,
)
from ...accounts import (
    set_active as set_user_active,
)
from ...domain import Verdict
from ...register.assign import UnitRow, import_units, read_unit_bytes
from ...register.reminders import (
    REMINDER_LABELS,
    Duty,
    SendResult,
    load_duties,
    plan_reminders,
    record_run,
    send_reminders,
    unit_addresses,
)
from ...settings import Settings
from ...store.models import Assignment, Notice, Unit, User
from ...store.repo import StoreError, audit, snapshot
from ..auth import SESSION_VERSION, Viewer, csrf_protect, db_session, require_admin
from ..templating import page
from ..uploads import kind_of, plain_name, read_upload

router = APIRouter(prefix="/admin", include_in_schema=False)
FLASH = "admin_flash"
KINDS = {"department": "条线", "place": "板块"}
Admin = Annotated[Viewer, Depends(require_admin)]
Db = Annotated[Session, Depends(db_session)]
CSRF = [Depends(csrf_protect)]


# --- flash messages: kept in the signed session, so no link can put words on these pages --


def _flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session[FLASH] = [kind, message]


def _taken_flash(request: Request) -> dict[str, str]:
    kept = request.session.pop(FLASH, None)
    if isinstance(kept, list) and len(kept) == 2:
        return {"flash_kind": str(kept[0]), "flash": str(kept[1])}
    return {}


def _back(request: Request, path: str, message: str) -> Response:
    _flash(request, message)
    return RedirectResponse(path, status_code=303)


@router.get("")
def admin_home(user: Admin) -> Response:
    return RedirectResponse("/admin/users", status_code=303)


# --- users --------------------------------------------------------------------------------


def _users_page(request: Request, session: Session, user: Viewer, *, error: str | None = None,
                form: dict[str, str] | None = None, token: tuple[str, str] | None = None
                ) -> Response:  # fmt: skip
    users = session.scalars(select(User).options(selectinload(User.unit))
                            .order_by(User.role, User.username))  # fmt: skip
    units = session.scalars(select(Unit).order_by(Unit.kind, Unit.name))
    context: dict[str, Any] = {
        "user": user, "users": list(users), "units": list(units), "roles": ROLES,
        "role_labels": ROLE_LABELS, "form": form or {}, "token": token,
        "min_password": MIN_PASSWORD, "section": "users", **_taken_flash(request),
    }  # fmt: skip
    if error:
        context.update(flash=error, flash_kind="error")
    response = page(request, "admin_users.html", context, status=400 if error else 200)
    if token:
        response.headers["Cache-Control"] = "no-store"  # the token is shown this once
    return response


def _bad_email(email: str) -> bool:
    local, at, domain = email.partition("@")
    return not (at and local and "." in domain) or any(c.isspace() or ord(c) < 32 for c in email)


def _new_user_problem(session: Session, f: dict[str, str], password: str) -> str | None:
    """Why the new user cannot be created, in the office's words (None: it can)."""
    if not f["username"] or any(c.isspace() for c in f["username"]):
        return "用户名不能为空，也不能含空格"
    if f["role"] not in ROLES:
        return "请选择角色"
    if len(password) < MIN_PASSWORD:
        return f"初始密码至少 {MIN_PASSWORD} 位"
    taken = select(User.id).where(func.lower(User.username) == f["username"].lower())
    if session.scalar(taken) is not None:
        return f"用户名「{f['username']}」已存在"
    if f["role"] == "reporter":
        if not f["unit"]:
            return "填报员必须属于一个单位"
        if session.scalar(select(Unit.id).where(Unit.name == f["unit"])) is None:
            return f"没有名为「{f['unit']}」的单位"
    if f["email"] and _bad_email(f["email"]):
        return f"邮箱地址不正确：{f['email']}"
    return None


@router.get("/users")
def users_page(request: Request, user: Admin, session: Db) -> Response:
    return _users_page(request, session, user)


@router.post("/users", dependencies=CSRF)
def add_user(
    request: Request,
    user: Admin,
    session: Db,
    username: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=12)] = "",  # none chosen: said on the page
    display_name: Annotated[str, Form(max_length=100)] = "",
    unit: Annotated[str, Form(max_length=100)] = "",
    email: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    f = {"username": username.strip(), "display_name": display_name.strip(), "role": role,
         "unit": unit.strip(), "email": email.strip()}  # fmt: skip
    problem = _new_user_problem(session, f, password)
    if problem is not None:
        return _users_page(request, session, user, error=problem, form=f)
    try:
        create_user(session, f["username"], password, role, user.username,
                    unit=f["unit"] if role == "reporter" else None,
                    display_name=f["display_name"], email=f["email"] or None)  # fmt: skip
    except StoreError as e:  # raised before anything is written
        return _users_page(request, session, user, error=str(e), form=f)
    return _back(request, "/admin/users", f"已创建用户「{f['username']}」（{ROLE_LABELS[role]}）")


def _user(session: Session, user_id: int) -> User:
    found = session.get(User, user_id)
    if found is None:
        raise HTTPException(404, "没有这个用户")
    return found


@router.post("/users/{user_id}/active", dependencies=CSRF)
def set_active(
    request: Request,
    user_id: int,
    user: Admin,
    session: Db,
    active: Annotated[str, Form(max_length=1)],
) -> Response:
    target = _user(session, user_id)
    enable = active == "1"
    if target.id == user.id and not enable:
        return _users_page(request, session, user, error="不能停用自己的账号")
    try:
        set_user_active(session, target, enable, user.username)
    except StoreError as e:
        return _users_page(request, session, user, error=str(e))
    word = "启用" if enable else "停用"
    return _back(request, "/admin/users", f"已{word}用户「{target.username}」")


@router.post("/users/{user_id}/password", dependencies=CSRF)
def reset_password(
    request: Request,
    user_id: int,
    user: Admin,
    session: Db,
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    target = _user(session, user_id)
    if len(password) < MIN_PASSWORD:
        return _users_page(request, session, user, error=f"新密码至少 {MIN_PASSWORD} 位")
    set_password(session, target, password, user.username)  # ends the target's sessions
    if target.id == user.id:  # … but not the one the admin is using to change it
        request.session[SESSION_VERSION] = target.session_version
    return _back(request, "/admin/users", f"已重置「{target.username}」的密码")


@router.post("/users/{user_id}/email", dependencies=CSRF)
def set_email(
    request: Request,
    user_id: int,
    user: Admin,
    session: Db,
    email: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    target = _user(session, user_id)
    email = email.strip()
    if email and _bad_email(email):
        return _users_page(request, session, user, error=f"邮箱地址不正确：{email}")
    if (target.email or "") != email:
        before = snapshot(target)
        target.email = email or None
        audit(session, user.username, "update", target, before)
    return _back(request, "/admin/users", f"已更新「{target.username}」的邮箱")


@router.post("/users/{user_id}/token", dependencies=CSRF)
def new_token(
    request: Request,
    user_id: int,
    user: Admin,
    session: Db,
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    target = _user(session, user_id)
    if not target.active:
        return _users_page(request, session, user, error="停用的账号不能签发令牌")
    token = issue_token(session, target, name.strip() or "web", user.username)
    return _users_page(request, session, user, token=(target.username, token))


# --- units --------------------------------------------------------------------------------


def _units_page(request: Request, session: Session, user: Viewer, *, error: str | None = None,
                status: int = 400, form: dict[str, str] | None = None) -> Response:  # fmt: skip
    units = list(session.scalars(select(Unit).order_by(Unit.kind, Unit.name)))
    names = {u.id: u.name for u in units}
    people = dict(session.execute(select(User.unit_id, func.count()).group_by(User.unit_id)).all())
    carried = dict(session.execute(select(Assignment.unit_id, func.count())
                                   .group_by(Assignment.unit_id)).all())  # fmt: skip
    context: dict[str, Any] = {
        "user": user, "units": units, "names": names, "people": people, "carried": carried,
        "kinds": KINDS, "form": form or {}, "section": "units", **_taken_flash(request),
    }  # fmt: skip
    if error:
        context.update(flash=error, flash_kind="error")
    return page(request, "admin_units.html", context, status=status if error else 200)


@router.get("/units")
def units_page(request: Request, user: Admin, session: Db) -> Response:
    return _units_page(request, session, user)


@router.post("/units", dependencies=CSRF)
def add_unit(
    request: Request,
    user: Admin,
    session: Db,
    name: Annotated[str, Form(max_length=100)],
    kind: Annotated[str, Form(max_length=20)] = "department",
    code: Annotated[str, Form(max_length=50)] = "",
    parent: Annotated[str, Form(max_length=100)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    f = {"name": name.strip(), "kind": kind, "code": code.strip(), "parent": parent.strip(),
         "contact": contact.strip()}  # fmt: skip
    existing = set(session.scalars(select(Unit.name)))
    problem = None
    if not f["name"]:
        problem = "请填写单位名称"
    elif f["name"] in existing:
        problem = f"单位「{f['name']}」已存在"
    elif kind not in KINDS:
        problem = "类型应为条线或板块"
    elif f["parent"] and f["parent"] not in existing:
        problem = f"没有名为「{f['parent']}」的上级单位"
    if problem:
        return _units_page(request, session, user, error=problem, form=f)
    row = UnitRow(1, f["name"], kind, f["code"] or None, f["parent"] or None, f["contact"] or None)
    import_units(session, [row], user.username)
    return _back(request, "/admin/units", f"已添加{KINDS[kind]}「{f['name']}」")


def _missing_parents(session: Session, rows: list[UnitRow]) -> list[str]:
    known = set(session.scalars(select(Unit.name))) | {r.name for r in rows}
    return [f"第 {r.line} 行「{r.name}」的上级单位「{r.parent}」不存在"
            for r in rows if r.parent and r.parent not in known]  # fmt: skip


@router.post("/units/import", dependencies=CSRF)
async def import_unit_list(
    request: Request, user: Admin, session: Db, file: Annotated[UploadFile, File()]
) -> Response:
    shown = plain_name(file)
    try:
        data = await read_upload(request, file, kinds=("txt", "xlsx"))
        xlsx = kind_of(data) == "xlsx"  # parsed in a worker thread within UNIT_LIST's caps
        rows = await run_in_threadpool(read_unit_bytes, data, shown, xlsx=xlsx)
    except HTTPException as e:
        return _units_page(request, session, user, error=str(e.detail), status=e.status_code)
    except StoreError as e:
        return _units_page(request, session, user, error=f"单位名单有问题，未导入：{e}")
    problems = _missing_parents(session, rows)
    if problems:
        return _units_page(request, session, user, error=";".join(problems[:10]))
    created, updated = import_units(session, rows, user.username)
    return _back(request, "/admin/units",
                 f"已导入「{shown}」：新增 {created} 个单位，更新 {updated} 个")  # fmt: skip


# --- reminders ----------------------------------------------------------------------------


def _reminders_page(request: Request, session: Session, user: Viewer,
                    result: SendResult | None = None) -> Response:  # fmt: skip
    settings: Settings = request.app.state.settings
    today = settings.today()
    duties = load_duties(session, today)
    planned = plan_reminders(duties, today, settings.remind_days)
    late: dict[str, list[Duty]] = defaultdict(list)
    for d in duties:
        if d.status is Verdict.NOT_REPORTED:
            late[d.unit].append(d)
    stored = {(n.unit_id, n.target_id, n.kind, n.due) for n in session.scalars(
        select(Notice).where(Notice.due.in_(sorted({r.due for r in planned}))))}  # fmt: skip
    recent = session.execute(select(Notice, Unit.name).join(Unit, Notice.unit_id == Unit.id)
                             .order_by(Notice.id.desc()).limit(30)).all()  # fmt: skip
    return page(request, "admin_reminders.html", {
        "user": user, "today": today, "days": settings.remind_days, "planned": planned,
        "stored": stored, "addresses": unit_addresses(session, {r.unit_id for r in planned}),
        "late": dict(sorted(late.items())), "recent": recent, "kind_labels": REMINDER_LABELS,
        "smtp": f"{settings.smtp_host}:{settings.smtp_port}" if settings.smtp_host else None,
        # the robot's URL carries its key: show the host only
        "webhook": urlsplit(settings.webhook_url).hostname if settings.webhook_url else None,
        "result": result, "section": "reminders", **_taken_flash(request),
    })  # fmt: skip


@router.get("/reminders")
def reminders_page(request: Request, user: Admin, session: Db) -> Response:
    return _reminders_page(request, session, user)


@router.post("/reminders", dependencies=CSRF)
def run_reminders(request: Request, user: Admin, session: Db) -> Response:
    settings: Settings = request.app.state.settings
    today = settings.today()
    planned = plan_reminders(load_duties(session, today), today, settings.remind_days)
    result = send_reminders(session, planned, settings, as_of=today)
    record_run(session, user.username, today, result)
    return _reminders_page(request, session, user, result)
