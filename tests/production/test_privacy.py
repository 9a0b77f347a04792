"""Deleting conversations (Legal Aid Law art. 21), checked in the tracker database itself: the
user's "delete my data" over REST, and the operator commands run as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from functools import partial

import pytest
import sqlalchemy as sa
import yaml

from bot.paths import DOMAIN_FILE, REPO_ROOT
from tests.production.dialogue import OFFER, question_in, say, stored_events, stored_slots
from tests.production.servers import Deployment

pytestmark = pytest.mark.e2e

RESPONSES = yaml.safe_load(DOMAIN_FILE.read_text("utf-8"))["responses"]
CONFIRM, DELETED, KEPT = (RESPONSES[name][0]["text"] for name in
                          ("utter_confirm_delete", "utter_data_deleted", "utter_delete_cancelled"))
DAY = 86400


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, deployment: Deployment) -> tuple[int, str]:
    """(REST port, tracker URL) of a running Rasa server on each tracker store."""
    if request.param == "sqlite":
        return int(deployment.sqlite.env["RASA_PORT"]), deployment.sqlite_url
    request.getfixturevalue("postgres_deployment")
    return int(deployment.postgres[0].env["RASA_PORT"]), deployment.postgres_url


def half_a_screening(port: int) -> str:
    sender = f"privacy-{uuid.uuid4()}"
    send = partial(say, port, sender)
    texts = send("I was arrested, can I get a free lawyer?")
    assert any("(Legal Aid Law art. 24)" in t for t in texts) and OFFER in texts, texts
    texts = send("yes")  # check my case
    assert question_in(texts) == "has_lawyer", texts
    send("no")
    texts = send("I'm 45")  # answers the minor ground: the other grounds are asked again
    assert question_in(texts) == "defendant_grounds", texts
    return sender


def test_delete_my_data_after_yes_leaves_nothing(store):
    port, url = store
    sender = half_a_screening(port)
    assert stored_slots(url, sender)["age"] == 45
    assert CONFIRM in say(port, sender, "delete my data")
    assert DELETED in say(port, sender, "yes")
    assert stored_events(url, sender) == [], "events of the sender remain"
    # Writing again starts from nothing: no fact of the deleted conversation comes back.
    texts = say(port, sender, "check if I qualify")
    assert question_in(texts) == "case_type", texts
    assert "age" not in stored_slots(url, sender)


def test_delete_my_data_then_no_keeps_everything(store):
    port, url = store
    sender = half_a_screening(port)
    before = len(stored_events(url, sender))
    assert CONFIRM in say(port, sender, "please delete my data")
    assert KEPT in say(port, sender, "no")
    events = stored_events(url, sender)
    assert len(events) > before and stored_slots(url, sender)["age"] == 45


def run_privacy_command(url: str, *arguments: str) -> str:
    completed = subprocess.run([sys.executable, "-m", "bot", "privacy", *arguments],
                               cwd=REPO_ROOT, env={**os.environ, "TRACKER_STORE_URL": url},
                               capture_output=True, text=True, timeout=120, check=True)
    return completed.stdout


def test_operator_forget_and_purge(store):
    port, url = store
    forgotten, aged, kept = (f"operator-{name}-{uuid.uuid4()}" for name in ("a", "b", "c"))
    for sender in (forgotten, aged, kept):
        say(port, sender, "what does a legal aid centre do?")
    output = run_privacy_command(url, "forget", f"rest:{forgotten}")  # its conversation id
    assert output.startswith("Removed 1 conversation(s)"), output
    assert stored_events(url, forgotten) == [] and stored_events(url, kept)

    engine = sa.create_engine(url, future=True)  # `aged` last spoke 31 days ago
    with engine.begin() as connection:
        connection.execute(sa.text("update events set timestamp = timestamp - :shift "
                                   "where sender_id = :sender"), {"shift": 31 * DAY,
                                                                  "sender": f"rest:{aged}"})
    engine.dispose()
    output = run_privacy_command(url, "purge", "--older-than", "30d")
    assert "Removed" in output and "0 conversation(s)" not in output, output
    assert stored_events(url, aged) == [], "a conversation older than 30 days remains"
    assert stored_events(url, kept), "a recent conversation was purged"
    latest = max(event["timestamp"] for _, event in stored_events(url, kept))
    assert time.time() - latest < DAY
