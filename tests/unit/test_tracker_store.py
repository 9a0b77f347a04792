"""The SQL tracker store, on SQLite and PostgreSQL, configured by URL."""

import asyncio
import uuid

import pytest
import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import DOMAIN_FILE
from bot.tracker_store import UrlSQLTrackerStore


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
