"""Rasa's SQL tracker store, configured by one SQLAlchemy URL.

Rasa's own SQLTrackerStore takes dialect, host, port and database separately; operators think in
URLs (`postgresql://user@host:5432/db`, `sqlite:///var/tracker.sqlite3`), so this accepts one,
from endpoints.yml (`url: ${TRACKER_STORE_URL}`) or the environment.
"""

from __future__ import annotations

import os
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from bot.settings import DEFAULTS

FORGET_ACTION = "action_forget_me"


def forget_requested(tracker: DialogueStateTracker) -> bool:
    """Did the user confirm "delete my data" in the turn being saved?"""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


class UrlSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose connection is given as a SQLAlchemy URL, and which forgets a
    conversation when the user asks (the deletion happens here, at save time, because Rasa
    would otherwise write the whole tracker back after any action ran)."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        # Rasa passes the endpoint's `url:` as `host`.
        url = make_url(
            host or os.environ.get("TRACKER_STORE_URL") or DEFAULTS["TRACKER_STORE_URL"]
        )
        if url.get_backend_name() == "sqlite" and url.database:
            os.makedirs(os.path.dirname(os.path.abspath(url.database)), exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database or "rasa.db",
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
            **kwargs,
        )
        # SQLAlchemy puts a failed statement's parameters (the user's words) into its error
        # messages, and those reach the logs: never let it (Legal Aid Law art. 21).
        self.engine.hide_parameters = True

    async def save(self, tracker: DialogueStateTracker) -> None:
        if forget_requested(tracker):
            self.forget(tracker.sender_id)
            return
        await super().save(tracker)

    def forget(self, sender_id: str) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
