"""The SQL tracker store, on SQLite and PostgreSQL, configured by URL."""

import asyncio
import uuid

import pytest
import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import DOMAIN_FILE
from bot.stores.tracker_store import UrlSQLTrackerStore


async def save_and_reload(url: str) -> DialogueStateTracker:
    domain = Domain.load(str(DOMAIN_FILE))
    store = UrlSQLTrackerStore(domain=domain, host=url)
    sender = f"test-{uuid.uuid4()}"
    tracker = DialogueStateTracker.from_events(
        sender, [UserUttered("hello", {"name": "greet", "confidence": 1.0}),
                 ActionExecuted("utter_greet")])
    await store.save(tracker)
    # A second store on the same URL stands in for a restarted server.
    reloaded = await UrlSQLTrackerStore(domain=domain, host=url).retrieve(sender)
    assert reloaded is not None
    assert reloaded.latest_message.text == "hello"
    return reloaded


def test_sqlite_url_creates_the_file(tmp_path):
    path = tmp_path / "sub" / "tracker.sqlite3"
    asyncio.run(save_and_reload(f"sqlite:///{path}"))
    assert path.exists()
    rows = sqlalchemy.create_engine(f"sqlite:///{path}").connect().execute(
        sqlalchemy.text("select count(*) from events")).scalar()
    assert rows >= 2


@pytest.mark.postgres
def test_postgresql_url(postgres_url):
    asyncio.run(save_and_reload(postgres_url))


def turn_events(*turns: tuple[str, str, str]) -> list:
    events = []
    for text, intent, action in turns:
        events += [UserUttered(text, {"name": intent, "confidence": 1.0}),
                   ActionExecuted(action), ActionExecuted("action_listen")]
    return events


def test_confirmed_delete_my_data_removes_the_whole_conversation(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    store = UrlSQLTrackerStore(domain=Domain.load(str(DOMAIN_FILE)), host=url)
    sender = f"test-{uuid.uuid4()}"
    earlier = turn_events(("I earn 3000 a month", "inform", "utter_ok"),
                          ("delete my data", "delete_data", "utter_confirm_delete"))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, earlier)))
    assert asyncio.run(store.retrieve(sender)) is not None
    confirmed = earlier + turn_events(("yes", "affirm", "action_forget_me"))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, confirmed)))
    assert asyncio.run(store.retrieve(sender)) is None
    rows = sqlalchemy.create_engine(url).connect().execute(
        sqlalchemy.text("select count(*) from events")).scalar()
    assert rows == 0

    # A new message after the deletion is a new conversation, stored as usual.
    later = turn_events(("hello", "greet", "utter_greet"))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, later)))
    assert asyncio.run(store.retrieve(sender)).latest_message.text == "hello"


def test_database_errors_do_not_carry_the_users_words(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    store = UrlSQLTrackerStore(domain=Domain.load(str(DOMAIN_FILE)), host=url)
    with store.engine.begin() as connection:  # every insert fails, as on a full disk
        connection.execute(sqlalchemy.text(
            "create trigger refuse before insert on events begin select raise(abort, 'full'); end"))
    tracker = DialogueStateTracker.from_events(
        "someone", turn_events(("my phone is 13800138000", "inform", "utter_ok")))
    with pytest.raises(sqlalchemy.exc.DBAPIError) as failure:
        asyncio.run(store.save(tracker))
    assert "INSERT INTO events" in str(failure.value)
    assert "13800138000" not in str(failure.value)


def two_sessions() -> list:
    first = [SessionStarted(timestamp=1.0), ActionExecuted("action_listen", timestamp=1.1),
             UserUttered("I earn 3000", {"name": "inform", "confidence": 1.0}, timestamp=1.2),
             SlotSet("household_monthly_income", 3000, timestamp=1.3)]
    second = [SessionStarted(timestamp=2.0), ActionExecuted("action_listen", timestamp=2.1),
              UserUttered("hello", {"name": "greet", "confidence": 1.0}, timestamp=2.2),
              ActionExecuted("utter_greet", timestamp=2.3)]
    return first + second


def stored_rows(store: UrlSQLTrackerStore, sender: str) -> list[tuple]:
    """(type_name, timestamp, intent_name, action_name, data) of the sender's rows, in order."""
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sqlalchemy.text(
            "select type_name, timestamp, intent_name, action_name, data from events"
            " where sender_id = :s order by id"), {"s": sender})]


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_reads_and_writes_the_rows_rasas_own_store_does(database, tmp_path, request):
    """Our statements against Rasa's SQLTrackerStore on the same table: the latest session only,
    in order, and a save after a read appends only the new events."""
    url = (f"sqlite:///{tmp_path / 'tracker.sqlite3'}" if database == "sqlite"
           else request.getfixturevalue("postgres_url"))
    domain = Domain.load(str(DOMAIN_FILE))
    ours = UrlSQLTrackerStore(domain=domain, host=url)
    rasas = SQLTrackerStore(domain=domain, dialect=ours.engine.url.drivername,
                            host=ours.engine.url.host, port=ours.engine.url.port,
                            db=ours.engine.url.database, username=ours.engine.url.username)
    sender = f"test-{uuid.uuid4()}"
    asyncio.run(ours.save(DialogueStateTracker.from_events(sender, two_sessions())))
    assert len(stored_rows(ours, sender)) == 8
    asyncio.run(rasas.save(DialogueStateTracker.from_events("rasa-" + sender,
                                                            two_sessions())))
    assert stored_rows(ours, sender) == stored_rows(ours, "rasa-" + sender)

    mine, theirs = asyncio.run(ours.retrieve(sender)), asyncio.run(rasas.retrieve(sender))
    assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events]
    assert [e.text for e in mine.events if isinstance(e, UserUttered)] == ["hello"]
    assert mine.get_slot("household_monthly_income") is None  # stays in the first session

    asyncio.run(ours.save(mine))
    assert len(stored_rows(ours, sender)) == 8  # nothing new, nothing written

    mine.update(UserUttered("thanks", {"name": "thank", "confidence": 1.0}, timestamp=3.0))
    asyncio.run(ours.save(mine))
    assert [row[0] for row in stored_rows(ours, sender)[-2:]] == ["action", "user"]
    assert len(stored_rows(ours, sender)) == 9
    full = asyncio.run(ours.retrieve_full_tracker(sender))
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == [
        "I earn 3000", "hello", "thanks"]
    assert asyncio.run(ours.retrieve("nobody-" + sender)) is None


def test_sqlite_writes_ahead_with_normal_sync(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    store = UrlSQLTrackerStore(domain=Domain.load(str(DOMAIN_FILE)), host=url)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_on_another_rasa_it_stores_with_rasas_own_statements_and_still_forgets(
        tmp_path, monkeypatch):
    from bot.stores import tracker_store

    monkeypatch.setattr(tracker_store, "version_is_tested", lambda: False)
    store = UrlSQLTrackerStore(domain=Domain.load(str(DOMAIN_FILE)),
                               host=f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    assert store._core_statements is False
    store._latest_session_data = store._latest_session_count = None  # would fail if used
    sender = f"test-{uuid.uuid4()}"
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, two_sessions())))
    assert len(stored_rows(store, sender)) == 8
    retrieved = asyncio.run(store.retrieve(sender))
    assert [e.text for e in retrieved.events if isinstance(e, UserUttered)] == ["hello"]
    confirmed = turn_events(("delete my data", "delete_data", "utter_confirm_delete"),
                            ("yes", "affirm", "action_forget_me"))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, confirmed)))
    assert stored_rows(store, sender) == []
