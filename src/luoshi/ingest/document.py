"""A decoded source document: its text and what we know about where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """Text of one file after decoding, plus metadata.

    ``text`` is what the extractor sees; mention offsets refer to it.
    ``warnings`` holds non-fatal problems (e.g. undecodable bytes replaced).
    """

    path: str
    text: str
    format: str  # "txt", "docx", "pdf", "html"
    encoding: str | None = None  # for txt/html: the detected encoding
    title: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


class IngestError(Exception):
    """A file that cannot be read; ``str()`` is a one-line message for the user."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}：{reason}")
        self.path = path
        self.reason = reason
