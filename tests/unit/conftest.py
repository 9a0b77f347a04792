"""Fixtures shared by the unit tests that keep conversations in a real tracker store."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pytest
from rasa.shared.core.domain import Domain

from bot.paths import DOMAIN_FILE
from tests.conftest import require_postgres
from tests.production.databases import postgres_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def tracker_url(request, tmp_path) -> Iterator[str]:
    """An empty tracker store: SQLite in a file, and PostgreSQL in a schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
        return
    with postgres_schema(require_postgres()) as url:
        yield url


@lru_cache(maxsize=1)
def project_domain() -> Domain:
    return Domain.load(str(DOMAIN_FILE))
