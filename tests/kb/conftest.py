"""Fixtures for the knowledge-base tests: fixture data, a real-data KB, PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # spaCy's thinc imports TensorFlow

FIXTURES = Path(__file__).with_name("fixtures")
GOOD = FIXTURES / "good"
REAL_DATA = REPO / "data" / "regulations"
DEFAULT_POSTGRES_URL = "postgresql://root@localhost:5432/test"


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/kb/fixtures/good (tests may corrupt it)."""
    target = tmp_path / "data"
    shutil.copytree(GOOD, target)
    return target


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """edit(path, old, new): replace exactly one occurrence of *old* in a text file."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return replace


@pytest.fixture(scope="session")
def real_kb(tmp_path_factory: pytest.TempPathFactory):
    """KnowledgeBase over the real data/regulations, in a session-wide SQLite file."""
    from bot.kb import KnowledgeBase
    from bot.kb.builder import build

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'real.sqlite3'}"
    build(url, REAL_DATA, strict=False)
    return KnowledgeBase.from_url(url)


def _postgres_problem(url: str) -> str | None:
    """None if *url* accepts connections, else why not."""
    try:
        import psycopg2
    except ImportError as exc:  # pragma: no cover - psycopg2 is in the lock
        return f"psycopg2 not importable: {exc}"
    try:
        psycopg2.connect(url, connect_timeout=3).close()
    except psycopg2.OperationalError as exc:
        return f"PostgreSQL at {url} unreachable: {str(exc).strip()}"
    return None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a throw-away schema in $TEST_POSTGRES_URL (default: local `test` database).

    Unreachable PostgreSQL skips the test on a developer machine and fails it when $CI is set.
    The schema is dropped afterwards.
    """
    base = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    problem = _postgres_problem(base)
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI is set: PostgreSQL tests must run)")
        pytest.skip(f"{problem}; set TEST_POSTGRES_URL to run the PostgreSQL tests")
    import psycopg2

    schema = f"kb_test_{uuid.uuid4().hex[:10]}"
    with psycopg2.connect(base) as conn, conn.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        conn = psycopg2.connect(base)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            conn.close()


@pytest.fixture
def clear_kb_cache() -> Iterator[None]:
    from bot.kb import KnowledgeBase

    KnowledgeBase.clear_cache()
    yield
    KnowledgeBase.clear_cache()
