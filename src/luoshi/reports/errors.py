"""The one error a report raises for a user's mistake; ``str()`` is the message."""

from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be made as asked (bad option, file, font or configuration)."""
