"""`python -m bot privacy forget|purge`, run as an operator runs them, on SQLite and PostgreSQL
tracker stores filled through the project's own tracker store (no Rasa server needed)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.privacy import parse_duration
from bot.paths import REPO_ROOT
from bot.stores.tracker_store import UrlSQLTrackerStore
from tests.unit.conftest import project_domain

DAY = 86400


def save_conversation(url: str, days_ago: float, text: str = "my income is 3000") -> str:
    sender = f"privacy-{uuid.uuid4()}"
    when = time.time() - days_ago * DAY
    tracker = DialogueStateTracker.from_events(sender, [
        UserUttered(text, {"name": "inform", "confidence": 1.0}, timestamp=when),
        ActionExecuted("utter_ok", timestamp=when + 1)])
    store = UrlSQLTrackerStore(domain=project_domain(), host=url)
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    return sender


def event_count(url: str, sender: str) -> int:
    engine = sa.create_engine(url, future=True)
    with engine.connect() as connection:
        count = connection.execute(sa.text("select count(*) from events where sender_id = :s"),
                                   {"s": sender}).scalar_one()
    engine.dispose()
    return count


def privacy(*arguments: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "privacy", *arguments], cwd=REPO_ROOT,
                          env={**os.environ, "TRACKER_STORE_URL": url}, capture_output=True,
                          text=True, timeout=120)


def test_durations():
    assert parse_duration("30d") == 30 * DAY
    assert parse_duration("12h") == 12 * 3600
    assert parse_duration(" 90m ") == 90 * 60
    for wrong in ("30", "d", "-1d", "1w", "1.5d"):
        with pytest.raises(ValueError):
            parse_duration(wrong)


def test_forget_removes_one_sender_only(tracker_url):
    forgotten, kept = save_conversation(tracker_url, 0), save_conversation(tracker_url, 0)
    completed = privacy("forget", forgotten, url=tracker_url)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "Removed 1 conversation(s), 2 event(s)."
    assert forgotten not in completed.stdout + completed.stderr  # no ids in the output
    assert event_count(tracker_url, forgotten) == 0
    assert event_count(tracker_url, kept) == 2
    again = privacy("forget", forgotten, url=tracker_url)
    assert again.stdout.strip() == "Removed 0 conversation(s), 0 event(s)."


def test_purge_removes_conversations_past_the_retention(tracker_url):
    old = [save_conversation(tracker_url, days) for days in (31, 400)]
    recent = [save_conversation(tracker_url, days) for days in (0, 29.9)]
    completed = privacy("purge", "--older-than", "30d", url=tracker_url)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "Removed 2 conversation(s), 4 event(s)."
    assert [event_count(tracker_url, s) for s in old] == [0, 0]
    assert [event_count(tracker_url, s) for s in recent] == [2, 2]


def test_purge_defaults_to_thirty_days(tracker_url):
    old, recent = save_conversation(tracker_url, 30.5), save_conversation(tracker_url, 29.5)
    assert privacy("purge", url=tracker_url).returncode == 0
    assert (event_count(tracker_url, old), event_count(tracker_url, recent)) == (0, 2)


def test_a_wrong_duration_is_a_usage_error(tmp_path):
    completed = privacy("purge", "--older-than", "month",
                        url=f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    assert completed.returncode == 2
    assert "is not a duration" in completed.stderr and "Traceback" not in completed.stderr


def test_commands_on_an_empty_store_remove_nothing(tmp_path):
    path = tmp_path / "never-used.sqlite3"
    sqlite3.connect(path).close()  # a database without the events table
    url = f"sqlite:///{path}"
    assert privacy("purge", url=url).stdout.strip() == "Removed 0 conversation(s), 0 event(s)."
    assert privacy("forget", "nobody", url=url).returncode == 0
