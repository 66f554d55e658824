"""File → text: read .docx, PDF, HTML and plain-text files into Documents.

No extraction logic lives here; see ``luoshi.extract`` for that.
"""

from luoshi.ingest.document import Document, IngestError
from luoshi.ingest.encoding import decode_bytes
from luoshi.ingest.reader import read_document, read_text_stream

__all__ = ["Document", "IngestError", "decode_bytes", "read_document", "read_text_stream"]
