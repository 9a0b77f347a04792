"""The Redis lock store of endpoints.scale.yml against real Redis, with several store instances
standing in for several Rasa instances (threads: Redis calls release the GIL, so they race)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.paths import REPO_ROOT
from bot.stores.lock_store import AtomicRedisLockStore
from tests.production.databases import REDIS_HOST, REDIS_PORT, require_redis

INSTANCES, ROUNDS = 4, 40


@pytest.fixture
def stores(monkeypatch) -> list[AtomicRedisLockStore]:
    """Stores built as Rasa builds them from endpoints.scale.yml, on a key prefix of their own."""
    require_redis()
    for name, value in {"ACTION_SERVER_URL": "http://localhost:18055/webhook",
                        "TRACKER_STORE_URL": "sqlite://", "REDIS_HOST": REDIS_HOST,
                        "REDIS_PORT": str(REDIS_PORT), "REDIS_DB": "1", "REDIS_PASSWORD": "",
                        "REDIS_KEY_PREFIX": f"test{uuid.uuid4().hex[:12]}"}.items():
        monkeypatch.setenv(name, value)
    config = read_endpoint_config(str(Path(REPO_ROOT) / "endpoints.scale.yml"), "lock_store")
    built = [LockStore.create(config) for _ in range(INSTANCES)]
    assert all(isinstance(store, AtomicRedisLockStore) for store in built)
    yield built
    for key in built[0].red.scan_iter(built[0].key_prefix + "*"):
        built[0].red.delete(key)


def run_in_threads(work, stores: list[AtomicRedisLockStore]) -> None:
    threads = [threading.Thread(target=work, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_tickets_issued_at_once_are_all_distinct(stores):
    conversation = f"tickets-{uuid.uuid4()}"
    issued: list[int] = []

    def issue(store: AtomicRedisLockStore) -> None:
        issued.extend(store.issue_ticket(conversation, 60) for _ in range(ROUNDS))

    run_in_threads(issue, stores)
    assert len(issued) == INSTANCES * ROUNDS
    assert len(set(issued)) == len(issued), "two instances got the same ticket"
    assert len(stores[0].get_lock(conversation).tickets) == len(issued), "a ticket was lost"


def test_one_holder_at_a_time_across_instances(stores):
    conversation = f"mutex-{uuid.uuid4()}"
    holders: list[int] = []
    overlaps: list[int] = []
    served: list[int] = []

    def hold_repeatedly(store: AtomicRedisLockStore) -> None:
        async def hold() -> None:
            for _ in range(ROUNDS // 4):
                async with store.lock(conversation, wait_time_in_seconds=0.002):
                    holders.append(id(store))
                    if len(holders) > 1:
                        overlaps.append(len(holders))
                    await asyncio.sleep(0.003)
                    holders.remove(id(store))
                    served.append(id(store))

        asyncio.run(hold())

    run_in_threads(hold_repeatedly, stores)
    assert len(served) == INSTANCES * (ROUNDS // 4)
    assert not overlaps, f"{len(overlaps)} times two instances held the lock together"
    assert stores[0].get_lock(conversation) is None, "the lock outlived its last holder"
