"""Rasa's RedisLockStore with its read-modify-write steps made atomic.

Rasa 3.6's RedisLockStore reads a conversation's ticket lock, changes it in Python and writes it
back. Two Rasa instances doing that at the same moment overwrite each other's tickets, both
process the same conversation at once, and one instance's events are lost (RasaHQ/rasa#9213;
tests/production/test_scale_out.py showed it: 1 of 6 simultaneous messages stored). Here every
change runs in a Redis transaction (WATCH/MULTI/EXEC, retried on conflict). Same keys and
format as Rasa's, so instances can be switched over without clearing Redis.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):
    """Configured like Rasa's `redis` lock store (endpoints.scale.yml)."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa builds custom lock stores with the endpoint config only.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        kwargs.pop("type", None)
        if kwargs.get("host") is None:
            kwargs.pop("host", None)
        super().__init__(**kwargs)

    def _change(self, conversation_id: str, change: Change) -> Result:
        """Apply `change` to the stored lock atomically; it returns the lock to store (None
        deletes it) and a result."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another instance changed the lock meanwhile: start again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, issue)

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket, and the lock once nobody waits (one step, unlike Rasa's)."""

        def release(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, release)
