"""luoshi (落实): turn a Chinese government's plan into targets that get carried out."""

from .extract import Mention, extract, iter_extract

__all__ = ["Mention", "__version__", "extract", "iter_extract"]
__version__ = "0.1.0"
