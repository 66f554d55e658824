"""Storage of the register: SQLAlchemy models, migrations, repositories, audit."""

from .db import Database, default_url, make_engine, upgrade

__all__ = ["Database", "default_url", "make_engine", "upgrade"]
