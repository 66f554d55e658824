"""The register at a date, computed once per change of the data.

Every write leaves an audit event, so the newest audit id is a change counter:
while it stays the same, the status of a plan at a date cannot change, and
pages and API calls can share one computation. Rows are plain frozen
dataclasses, safe to share between requests.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..register.overview import Overview, overview
from ..register.verdicts import VerdictRow, register_verdicts
from ..store import Database
from ..store.models import AuditEvent, Plan

log = logging.getLogger("luoshi.web")

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple[str, int, date, int], tuple[VerdictRow, ...]] = OrderedDict()
_FLIGHTS: dict[tuple[str, int, date, int], threading.Lock] = {}
_OVERVIEWS: dict[tuple[str, int, date, int], Overview] = {}
MAX_ENTRIES = 64


def generation(session: Session) -> int:
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def verdict_rows(session: Session, plan: Plan, as_of: date, *, unit: str | None = None
                 ) -> list[VerdictRow]:  # fmt: skip
    """``register_verdicts`` of the whole plan (filtered by unit here), cached per data change."""
    _, rows = _rows(session, plan, as_of)
    return [r for r in rows if unit in r.units] if unit else list(rows)


def plan_overview(session: Session, plan: Plan, as_of: date) -> Overview:
    """The dashboard's sums of the plan at a date, kept with the rows they add up."""
    key, rows = _rows(session, plan, as_of)
    with _LOCK:
        found = _OVERVIEWS.get(key)
    if found is None:
        found = overview(rows)
        with _LOCK:
            _OVERVIEWS[key] = found
            for stale in [k for k in _OVERVIEWS if k not in _ENTRIES]:
                del _OVERVIEWS[stale]
    return found


def warm(db: Database, today: date) -> None:
    """Compute the status of every plan as of today once, so the first visitors after a start
    do not all wait for it (run in a thread of its own)."""
    try:
        with db.transaction() as session:
            for plan in session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.id.desc())):
                _rows(session, plan, today)
    except Exception:  # a page computes it on demand anyway; a warm-up never stops a start
        log.warning("warming the status cache failed", exc_info=True)


def _rows(session: Session, plan: Plan, as_of: date
          ) -> tuple[tuple[str, int, date, int], tuple[VerdictRow, ...]]:  # fmt: skip
    url = str(session.get_bind().engine.url)
    key = (url, plan.id, as_of, generation(session))
    rows = _get(key)
    if rows is None:
        # one request computes a missing entry; the others asking for it wait for it
        with _LOCK:
            flight = _FLIGHTS.setdefault(key, threading.Lock())
        with flight:
            rows = _get(key)
            if rows is None:
                rows = tuple(register_verdicts(session, plan, as_of))
                with _LOCK:
                    _ENTRIES[key] = rows
                    while len(_ENTRIES) > MAX_ENTRIES:
                        _ENTRIES.popitem(last=False)
                    _FLIGHTS.pop(key, None)
    return key, rows


def _get(key: tuple[str, int, date, int]) -> tuple[VerdictRow, ...] | None:
    with _LOCK:
        rows = _ENTRIES.get(key)
        if rows is not None:
            _ENTRIES.move_to_end(key)
        return rows
