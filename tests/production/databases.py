"""The real databases of the production tests: throw-away PostgreSQL schemas (test runs never
see each other's conversations) and Redis, which must be there in CI."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
import sqlalchemy as sa

REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "localhost")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))


def with_search_path(url: str, schema: str) -> str:
    """`url` whose connections use `schema` (libpq `options`)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@contextmanager
def postgres_schema(base_url: str, prefix: str = "h3") -> Iterator[str]:
    """A fresh schema in the database of `base_url`, dropped afterwards; yields its URL."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url, future=True)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(base_url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def redis_problem() -> str | None:
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis not reachable at {REDIS_HOST}:{REDIS_PORT} ({error})"
    return None


def require_redis() -> None:
    """Like require_postgres: skip on a machine without Redis, fail in CI."""
    problem = redis_problem()
    if problem and os.environ.get("CI"):
        pytest.fail(problem + ": CI must test Redis")
    if problem:
        pytest.skip(problem + "; set TEST_REDIS_HOST/TEST_REDIS_PORT to test it")
