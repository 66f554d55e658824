"""Calendar arithmetic for periods counted the way supervising offices count them."""

from __future__ import annotations

from calendar import monthrange
from datetime import date


def month_end(d: date) -> date:
    """The last day of ``d``'s month."""
    return d.replace(day=monthrange(d.year, d.month)[1])


def month_end_after(d: date, months: int) -> date:
    """The last day of the month ``months`` months after ``d``'s month (0 → its own)."""
    index = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(index, 12)
    return month_end(date(year, month0 + 1, 1))


def quarter_end(d: date) -> date:
    """The last day of ``d``'s calendar quarter."""
    return month_end_after(d, (3 - d.month % 3) % 3)


def _months(d: date, *, end_of_day: bool) -> float:
    # Months since year 0, each month worth exactly 1 whatever its length, and
    # linear in days inside a month: that is what makes 31 Mar of a calendar
    # year exactly 3/12 of it, as the offices count 序时进度.
    days = monthrange(d.year, d.month)[1]
    return d.year * 12 + d.month - 1 + (d.day if end_of_day else d.day - 1) / days


def elapsed_share(start: date, due: date, as_of: date) -> float:
    """Share of the period ``start``–``due`` elapsed at the end of day ``as_of``, in [0, 1].

    Office convention: every month counts as an equal part of the period (a
    calendar year: 25% on 31 Mar, 50% on 30 Jun, 75% on 30 Sep, 100% on
    31 Dec); within a month the share grows linearly by day. Before ``start``
    it is 0, from ``due`` on 1.
    """
    if as_of < start:
        return 0.0
    if as_of >= due:
        return 1.0
    origin = _months(start, end_of_day=False)
    return (_months(as_of, end_of_day=True) - origin) / (_months(due, end_of_day=True) - origin)
