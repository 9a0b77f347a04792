"""Database URL defaults and engine creation (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

from bot.paths import REGULATIONS_DIR
from bot.settings import kb_database_url

DEFAULT_DATA_DIR = REGULATIONS_DIR


def default_url() -> str:
    """KB_DATABASE_URL (bot/settings.py), else the SQLite file var/kb.sqlite3 in the repository."""
    return kb_database_url()


def make_engine(url: str) -> Engine:
    """A 2.0-style engine; creates the folder of a SQLite file if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=parsed.get_backend_name() != "sqlite")


def redact(url: str) -> str:
    """URL fit for printing (password hidden)."""
    return make_url(url).render_as_string(hide_password=True)
