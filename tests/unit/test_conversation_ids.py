"""Conversation ids carry their channel; conversations stored before that keep working (the
tracker store migrates them at start-up), on SQLite and PostgreSQL; the operator's `privacy
forget` finds them under the new id and says so when given the old form."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid

import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.conversation_ids import channel_sender, conversation_id
from bot.paths import REPO_ROOT
from bot.stores.tracker_store import UrlSQLTrackerStore
from tests.unit.conftest import project_domain


def test_ids_name_their_channel():
    assert conversation_id("telegram", "123456") == "telegram:123456"
    assert conversation_id("wechat", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o") == (
        "wechat:oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
    assert conversation_id("rest", "me") == "rest:me"
    assert conversation_id("socketio", "abc") == "web:abc"
    # A REST client naming a Telegram conversation names a REST one.
    assert conversation_id("rest", "telegram:123456") == "rest:telegram:123456"
    assert channel_sender("telegram:123456") == "123456"
    assert channel_sender("rest:telegram:123456") == "telegram:123456"
    assert channel_sender("no-channel") == "no-channel"


def store_old_conversation(url: str, sender: str, channel: str | None) -> None:
    """A conversation as the assistant stored it before ids carried their channel."""
    when = time.time()
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_session_start", timestamp=when),
        UserUttered("I am charged with fraud", {"name": "inform", "confidence": 1.0},
                    input_channel=channel, timestamp=when + 1),
        ActionExecuted("utter_ok", timestamp=when + 2)])
    engine = sa.create_engine(url, future=True)
    rows = [{"sender_id": sender, "type_name": event.type_name, "timestamp": when + i,
             "intent_name": None, "action_name": None, "data": json.dumps(event.as_dict())}
            for i, event in enumerate(tracker.events)]
    UrlSQLTrackerStore(domain=project_domain(), host=url).engine.dispose()  # creates the table
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        connection.execute(events.insert(), rows)
    engine.dispose()


def senders(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "select sender_id, count(*) from events group by sender_id")).all()
    engine.dispose()
    return dict(rows)


def test_conversations_stored_before_the_upgrade_move_to_their_channel_id(tracker_url):
    chat, openid, rest, session = (str(uuid.uuid4().int)[:10], f"o{uuid.uuid4().hex}",
                                   f"me-{uuid.uuid4()}", uuid.uuid4().hex)
    for sender, channel in ((chat, "telegram"), (openid, "wechat"), (rest, "rest"),
                            (session, "socketio"), ("shell-user", None)):
        store_old_conversation(tracker_url, sender, channel)
    # the upgraded server starts
    store = UrlSQLTrackerStore(domain=project_domain(), host=tracker_url)
    assert senders(tracker_url) == {f"telegram:{chat}": 3, f"wechat:{openid}": 3,
                                    f"rest:{rest}": 3, f"web:{session}": 3,
                                    "shell-user": 3}  # no channel known: left alone
    tracker = asyncio.run(store.retrieve(f"telegram:{chat}"))
    assert tracker.latest_message.text == "I am charged with fraud"
    store.engine.dispose()
    UrlSQLTrackerStore(domain=project_domain(), host=tracker_url).engine.dispose()  # idempotent
    assert f"telegram:{chat}" in senders(tracker_url)
    assert f"telegram:telegram:{chat}" not in senders(tracker_url)


def privacy(*arguments: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "privacy", *arguments], cwd=REPO_ROOT,
                          env={**os.environ, "TRACKER_STORE_URL": url}, capture_output=True,
                          text=True, timeout=120)


def test_forget_given_a_channel_sender_names_the_conversation_ids(tracker_url):
    chat = str(uuid.uuid4().int)[:10]
    store_old_conversation(tracker_url, chat, "telegram")
    UrlSQLTrackerStore(domain=project_domain(), host=tracker_url).engine.dispose()
    hint = privacy("forget", chat, url=tracker_url)
    assert hint.returncode == 1, hint.stdout + hint.stderr
    assert f"telegram:{chat}" in hint.stderr and senders(tracker_url)[f"telegram:{chat}"] == 3
    done = privacy("forget", f"telegram:{chat}", url=tracker_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Removed 1 conversation(s), 3 event(s)."
    assert f"telegram:{chat}" not in senders(tracker_url)


def test_forget_refuses_a_database_that_does_not_exist(tmp_path):
    typo = tmp_path / "trakcer.sqlite3"
    completed = privacy("forget", "rest:me", url=f"sqlite:///{typo}")
    assert completed.returncode != 0
    assert "does not exist" in completed.stderr and "Traceback" not in completed.stderr
    assert not typo.exists(), "an empty database was created"
    purged = privacy("purge", url=f"sqlite:///{typo}")
    assert purged.returncode != 0 and not typo.exists()
