"""One deployment for the production tests, started once (its Rasa servers load together):

- an action server (stateless, shared by every Rasa server), its knowledge base built into
  PostgreSQL by `python -m bot kb build` (SQLite when there is no PostgreSQL);
- a Rasa server on a fresh SQLite tracker store;
- two Rasa servers sharing a throw-away PostgreSQL schema and the Redis lock store
  (endpoints.scale.yml), as behind a load balancer.

Every process writes to its own log file, which the log test scans for personal data.
PostgreSQL or Redis missing: their tests skip on a developer machine and fail in CI.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from bot.paths import REPO_ROOT
from tests.conftest import POSTGRES_URL, require_model, require_postgres
from tests.production.databases import (
    REDIS_HOST,
    REDIS_PORT,
    postgres_schema,
    redis_problem,
    require_redis,
)
from tests.production.servers import (
    Deployment,
    action_server,
    kill_all,
    rasa_server,
    start_all,
)

SQLITE_PORT, POSTGRES_PORTS = 18005, (18105, 18106)


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL, future=True)
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError:
        return False
    return True


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    require_model()
    log_dir = tmp_path_factory.mktemp("production")
    sqlite_url = f"sqlite:///{log_dir / 'tracker.sqlite3'}"
    prefix = f"test{uuid.uuid4().hex[:12]}"  # Redis lock keys of this run only
    with ExitStack() as cleanup:
        postgres_url = None
        if postgres_reachable() and redis_problem() is None:
            postgres_url = cleanup.enter_context(postgres_schema(POSTGRES_URL))
        scale = {"RASA_ENDPOINTS": "endpoints.scale.yml", "REDIS_HOST": REDIS_HOST,
                 "REDIS_PORT": str(REDIS_PORT), "REDIS_KEY_PREFIX": prefix}
        postgres = [rasa_server(f"postgres-{port}", port, postgres_url, log_dir, **scale)
                    for port in POSTGRES_PORTS] if postgres_url else []
        sqlite = rasa_server("sqlite", SQLITE_PORT, sqlite_url, log_dir)
        # The knowledge base on PostgreSQL too, when there is one, as in production.
        actions = action_server(log_dir, kb_url=postgres_url)
        servers = [sqlite, *postgres, actions]
        cleanup.callback(kill_all, servers)  # before the schema is dropped

        def build_knowledge_base() -> None:
            if postgres_url:  # while the models load
                subprocess.run([sys.executable, "-m", "bot", "kb", "build", "--url",
                                postgres_url], cwd=REPO_ROOT, check=True, timeout=600,
                               stdout=subprocess.DEVNULL)
            actions.start()

        seconds = start_all([sqlite, *postgres], meanwhile=build_knowledge_base)
        actions.wait_ready()
        yield Deployment(log_dir, actions, sqlite, sqlite_url, postgres, postgres_url, seconds)


@pytest.fixture
def postgres_deployment(deployment: Deployment) -> Deployment:
    """The deployment, after making sure its PostgreSQL + Redis pair is running."""
    require_postgres()
    require_redis()
    assert deployment.postgres, "PostgreSQL and Redis came up after the deployment started"
    return deployment
