"""Text → indicator mentions. Pure: no files, no database (see ``luoshi.ingest``)."""

from .mention import Comparator, Kind, Measure, Mention
from .pipeline import Extractor, extract, iter_extract

__all__ = ["Comparator", "Extractor", "Kind", "Measure", "Mention", "extract", "iter_extract"]
