"""Text layer of a PDF via pypdfium2; pages joined by a blank line."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from luoshi.ingest._common import one_line, reason_of
from luoshi.ingest.document import IngestError

__all__ = ["read_pdf"]

NO_TEXT_LAYER = "no text layer (scanned PDF?); OCR it first"
# Producers fill in placeholders that are not titles.
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "microsoft word", "无标题"}


def _open(path: str | Path) -> pdfium.PdfDocument:
    name = str(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = one_line(str(exc))
        if "password" in message.lower():
            raise IngestError(name, f"encrypted PDF (password required): {message}") from None
        raise IngestError(name, f"broken PDF: {message}") from None


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    # PDFium ends lines with \r\n and may emit NULs for unmapped glyphs.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip("\n")


def _title(document: pdfium.PdfDocument) -> str | None:
    title = (document.get_metadata_dict().get("Title") or "").strip()
    return title if title and title.lower() not in _PLACEHOLDER_TITLES else None


def read_pdf(path: str | Path) -> tuple[str, str | None, list[str]]:
    """``(text, title, warnings)`` of a PDF; IngestError when there is no text."""
    name = str(path)
    document = _open(path)
    try:
        pages = [_page_text(document, i) for i in range(len(document))]
        title = _title(document)
    except IngestError:
        raise
    except Exception as exc:  # PDFium surfaces damage in a page as various errors
        raise IngestError(name, f"broken PDF: {reason_of(exc)}") from None
    finally:
        document.close()
    empty = sum(1 for page in pages if not page.strip())
    if not pages or empty == len(pages):
        raise IngestError(name, NO_TEXT_LAYER)
    warnings = []
    if empty:
        warnings.append(f"{empty} of {len(pages)} pages have no text layer (scanned?)")
    # Blank pages would only add runs of empty lines.
    return "\n\n".join(page for page in pages if page.strip()), title, warnings
