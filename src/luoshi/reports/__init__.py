"""Documents for the supervising office: 督查通报, the year-end assessment (考核) and 数说.

Each is computed from the register by pure functions (``bulletin``,
``assessment``, ``numbers``), laid out as a ``document.Document`` and
written as Word, PDF, HTML, Excel or a PNG by the writer its file extension
names (``publish``).
"""

from .assessment import Rules, UnitScore, load_rules
from .config import ReportConfig, load_config
from .errors import ReportError
from .publish import publish_assessment, publish_bulletin, publish_numbers, year_end

__all__ = [
    "ReportConfig",
    "ReportError",
    "Rules",
    "UnitScore",
    "load_config",
    "load_rules",
    "publish_assessment",
    "publish_bulletin",
    "publish_numbers",
    "year_end",
]
