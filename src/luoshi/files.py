"""Extraction from files: ``ingest`` turns a file into text, ``extract`` reads it.

Plain text is streamed chunk by chunk, so a 100 MB file never sits in memory;
other formats are small enough to read whole.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .extract import Extractor, Mention
from .ingest import decode_bytes, read_text_stream

STDIN = "-"


class FileExtraction(Iterable[Mention]):
    """The mentions of one file (``-`` is stdin), with what was learnt on the way.

    Reading errors surface as ``IngestError`` when iteration starts.
    ``base_year`` and ``warnings`` are complete once iteration has ended.
    """

    def __init__(self, path: str | Path, base_year: int | None = None) -> None:
        self.path = str(path)
        self.warnings: list[str] = []
        self._extractor = Extractor(base_year, name_hint="" if self.path == STDIN else
                                    Path(self.path).name)  # fmt: skip

    @property
    def base_year(self) -> int | None:
        cal = self._extractor.calendar
        return cal.base if cal else None

    def __iter__(self) -> Iterator[Mention]:
        for chunk in self._chunks():
            yield from self._extractor.feed(chunk)
        yield from self._extractor.close()

    def _chunks(self) -> Iterator[str]:
        if self.path == STDIN:
            text, _, warnings = decode_bytes(sys.stdin.buffer.read(), path="<stdin>")
            self.warnings.extend(warnings)
            yield text
            return
        stream = read_text_stream(self.path)
        yield from stream
        self.warnings.extend(getattr(stream, "warnings", ()))
