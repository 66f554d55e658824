"""Two saved years of the synthetic district and a 经信局 login: for the demo, web and browser tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .method import load_method
from .score import evaluate, indicator_averages
from .storage import save_evaluation
from .synthetic import a_year_before, synthetic_district

__all__ = ["JINGXIN", "build_mujun_demo"]

JINGXIN = ("jingxin", "luoshi-jingxin")  # the 经信局's demo login (role mujun)


def build_mujun_demo(session: Session, n: int = 600, year: int = 2024, actor: str = "demo") -> None:
    from ..accounts import create_user

    method = load_method("huaian-2024")
    now = synthetic_district(n, seed=year, year=year)
    before = a_year_before(now, year, seed=year)
    save_evaluation(session, evaluate(method, before, year - 1), {}, actor)
    previous = indicator_averages(method, before, year - 1)
    save_evaluation(session, evaluate(method, now, year, previous), previous, actor)
    create_user(session, *JINGXIN, "mujun", actor, display_name="区经信局")
