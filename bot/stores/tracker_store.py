"""Rasa's SQL tracker store, configured by one SQLAlchemy URL.

Rasa's own SQLTrackerStore takes dialect, host, port and database separately; operators think in
URLs (`postgresql://user@host:5432/db`, `sqlite:///var/tracker.sqlite3`), so this accepts one,
from endpoints.yml (`url: ${TRACKER_STORE_URL}`) or the environment.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from bot.channels.conversation_ids import migrate
from bot.rasa_patches import version_is_tested
from bot.settings import tracker_store_url

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
        url = make_url(host or tracker_store_url())
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
        if url.get_backend_name() == "sqlite":
            self.engine.dispose()  # Rasa's engine has created the table; ours takes over
            self.engine = sqlite_engine(url)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        # SQLAlchemy puts a failed statement's parameters (the user's words) into its error
        # messages, and those reach the logs: never let it (Legal Aid Law art. 21).
        self.engine.hide_parameters = True

        self._latest_session_data, self._latest_session_count = latest_session_queries(
            self.SQLEvent.__table__)
        # Conversations stored before ids named their channel ("123" -> "telegram:123").
        migrate(self.engine, self.SQLEvent.__table__)
        # The Core statements below stand in for private parts of Rasa's store: only on the Rasa
        # they were tested against (bot/rasa_patches/); elsewhere Rasa's own reads and writes.
        self._core_statements = version_is_tested()

    # Rasa builds an ORM query with a subquery twice per message (read, then count before
    # writing) and writes through the ORM's unit of work; these read and write the same rows
    # with Core statements built once (a tenth of the Rasa server's time per message went to
    # building and loading ORM objects; docs/benchmarks.md).
    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions or not self._core_statements:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.engine.connect() as connection:
            rows = connection.execute(self._latest_session_data, {"sender_id": sender_id})
            events = [json.loads(data) for (data,) in rows]
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the events not stored yet, as Rasa's save does, in one Core insert."""
        if forget_requested(tracker):
            self.forget(tracker.sender_id)
            return
        if not self._core_statements:
            await super().save(tracker)
            return
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = connection.execute(
                self._latest_session_count, {"sender_id": tracker.sender_id}).scalar_one()
            rows = [event_row(tracker.sender_id, event)
                    for event in itertools.islice(tracker.events, stored, None)]
            if rows:
                connection.execute(self.SQLEvent.__table__.insert(), rows)

    def forget(self, sender_id: str) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()


def sqlite_engine(url: sa.engine.URL) -> Engine:
    """A SQLite engine that keeps its connections and writes ahead (WAL).

    With SQLAlchemy's default for SQLite files every read and save opened a new connection, and
    every commit waited for several fsyncs, on the Rasa server's event loop (with the ORM below,
    the tracker store took a quarter of the server's time: py-spy, docs/benchmarks.md). With
    WAL and `synchronous=NORMAL` a commit survives the server being killed (the durability
    tests SIGKILL it), though not a power cut; readers such as the privacy commands no longer
    block the server's writes.
    """
    engine = sa.create_engine(url, poolclass=QueuePool,
                              connect_args={"check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def write_ahead(connection: Any, record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def latest_session_queries(events: sa.Table) -> tuple[sa.sql.Select, sa.sql.Select]:
    """The data of the latest session's events in order, and their number, for `:sender_id`:
    Rasa's SQLTrackerStore._event_query (events from the last SessionStarted on, or all if
    there is none) as two Core statements."""
    sender = events.c.sender_id == sa.bindparam("sender_id")
    session_start = (sa.select(sa.func.max(events.c.timestamp))
                     .where(sender, events.c.type_name == SessionStarted.type_name)
                     .scalar_subquery())
    in_latest_session = sa.and_(
        sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None)))
    return (sa.select(events.c.data).where(in_latest_session).order_by(events.c.id),
            sa.select(sa.func.count()).select_from(events).where(in_latest_session))


def event_row(sender_id: str, event: Event) -> dict[str, Any]:
    """The `events` row Rasa's SQLTrackerStore.save writes for an event."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"), "data": json.dumps(data)}

