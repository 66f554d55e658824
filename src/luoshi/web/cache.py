"""The register at a date, computed once per change of the data.

Every write leaves an audit event, so the newest audit id is a change counter:
while it stays the same, the status of a plan at a date cannot change, and
pages and API calls can share one computation. Rows are plain frozen
dataclasses, safe to share between requests.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..register.verdicts import VerdictRow, register_verdicts
from ..store.models import AuditEvent, Plan

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple[str, int, date, int], tuple[VerdictRow, ...]] = OrderedDict()
_FLIGHTS: dict[tuple[str, int, date, int], threading.Lock] = {}
MAX_ENTRIES = 64


def generation(session: Session) -> int:
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def verdict_rows(session: Session, plan: Plan, as_of: date, *, unit: str | None = None
                ) -> list[VerdictRow]:  # fmt: skip
    """``register_verdicts`` of the whole plan (filtered by unit here), cached per data change."""
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
    return [r for r in rows if unit in r.units] if unit else list(rows)


def _get(key: tuple[str, int, date, int]) -> tuple[VerdictRow, ...] | None:
    with _LOCK:
        rows = _ENTRIES.get(key)
        if rows is not None:
            _ENTRIES.move_to_end(key)
        return rows
