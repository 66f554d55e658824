"""Small helpers shared by the ingest readers."""

from __future__ import annotations


def one_line(message: str, limit: int = 300) -> str:
    """Collapse a (possibly multi-line, third-party) message to one short line."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_of(exc: BaseException) -> str:
    """A one-line reason from an exception raised by a parser library."""
    text = one_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def megabytes(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB"
