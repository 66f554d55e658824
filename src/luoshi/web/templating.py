"""Jinja2 templates (autoescape on: every value is escaped) and the filters pages share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..domain import FREQUENCY_LABELS, VERDICT_LABELS, Margins, Verdict
from ..figures import number, percent, quantity
from .auth import csrf_token

HERE = Path(__file__).resolve().parent
# autoescape on for every template: names of units and targets come from users and files
# auto_reload off: the templates ship with the package, and checking each file's time on
# every page cost a system call per template under load
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False)
)


def pct(x: float | None, digits: int = 1) -> str:
    return percent(x, digits, blank="—")


def num(x: float | None) -> str:
    """A bare number (a count of rows, a step of a schedule): 12,345, never 1.2e+04."""
    return "—" if x is None else number(x)


def amount(value: float | None, unit: str) -> str:
    """A figure with its unit as every surface shows it (``luoshi.figures``): 2.6万人."""
    return quantity(value, unit, blank="—")


def target_value(value: float | None, unit: str, comparator: str = "=") -> str:
    return "里程碑" if value is None else quantity(value, unit, comparator)


def _csrf(request: Request) -> str:
    return csrf_token(request)


templates.env.filters.update(pct=pct, num=num)
templates.env.globals.update(
    csrf_token=_csrf,
    target_value=target_value,
    amount=amount,
    VERDICT_LABELS=VERDICT_LABELS,
    FREQUENCY_LABELS=FREQUENCY_LABELS,
    Verdict=Verdict,
    status_light={s.value: Margins().light(s).value for s in Verdict},
)
# <script type="application/json"> blocks carry data; tojson escapes < > & so text cannot end them
templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}


def _plan_menu(request: Request, context: dict[str, Any]) -> Any:
    """The header's plan switcher: from the view that chose the plan, else read here."""
    from ..register.plans import plan_refs
    from .views.common import SESSION_PLAN, plan_menu

    menu = getattr(request.state, "plan_menu", None)
    if menu is not None:
        return menu
    with request.app.state.db.transaction() as session:
        refs = plan_refs(session)
    shown = getattr(context.get("plan"), "id", None) or request.session.get(SESSION_PLAN)
    return plan_menu(request, context["user"], refs, shown if isinstance(shown, int) else None)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    if context.get("user") is not None and "plan_menu" not in context:
        context = {**context, "plan_menu": _plan_menu(request, context)}
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response
