"""Shared fixtures: real databases, the trained model, the shared assistant."""

from __future__ import annotations

import os

import pytest
import sqlalchemy

# The real assistant shared by the end-to-end tests (REST, WeChat, Telegram).
pytest_plugins = ["tests.live_server"]

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://root@localhost:5432/test")


def require_postgres() -> str:
    """PostgreSQL's URL; on a machine without it the test skips, in CI it fails."""
    try:
        engine = sqlalchemy.create_engine(POSTGRES_URL, future=True)
        with engine.connect():
            pass
        engine.dispose()
    except sqlalchemy.exc.OperationalError as error:
        message = f"PostgreSQL not reachable at {POSTGRES_URL} ({error.orig})"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must test PostgreSQL")
        pytest.skip(message + "; set TEST_POSTGRES_URL to test it")
    return POSTGRES_URL


@pytest.fixture
def postgres_url() -> str:
    return require_postgres()


def require_model() -> None:
    """Tests that start the real servers need the trained model (`make e2e` trains it)."""
    from bot.ops.training import MODEL_FILE

    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make e2e does)")
