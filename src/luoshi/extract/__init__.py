"""Text → indicator mentions. Pure: no files, no database (see ``luoshi.ingest``)."""

from .mention import Comparator, Kind, Measure, Mention, Milestone
from .naming import task_name
from .pipeline import Extractor, extract, extract_plan, iter_extract

__all__ = [
    "Comparator",
    "Extractor",
    "Kind",
    "Measure",
    "Mention",
    "Milestone",
    "extract",
    "extract_plan",
    "iter_extract",
    "task_name",
]
