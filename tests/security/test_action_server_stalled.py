"""A stalled action server (it accepts connections and answers nothing for 30 s) costs the user
ACTION_TIMEOUT seconds (default 10), not Rasa's 300: then the domain's "can't answer right now"
reply; the user's message is stored, the conversation is not blocked, and it goes on once the
action server is back."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests.security.conftest import ACTION_PORT, Servers, domain_text

pytestmark = pytest.mark.e2e

STALL_SECONDS = 30.0
ACTION_TIMEOUT = 10.0  # the default (bot/settings.py)


@contextmanager
def stalled_action_server(port: int) -> Iterator[None]:
    """Accepts connections on `port`, reads the requests and never answers."""
    listener = socket.create_server(("", port), reuse_port=False)
    listener.settimeout(0.2)
    stop, held = threading.Event(), []

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(connection)  # open, silent

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def user_texts(servers: Servers, sender: str) -> list[str]:
    import json

    engine = sa.create_engine(servers.env["TRACKER_STORE_URL"], future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "select data from events where sender_id = :s and type_name = 'user' "
                "order by id"), {"s": f"rest:{sender}"}).all()
    finally:
        engine.dispose()
    return [json.loads(data)["text"] for (data,) in rows]


def test_a_stalled_action_server_neither_loses_the_message_nor_blocks(servers: Servers):
    unavailable = domain_text("utter_service_unavailable")
    sender = f"stalled-{uuid.uuid4().hex}"
    question = "show me article 31 of the legal aid law"
    servers.stop_actions()
    try:
        with stalled_action_server(ACTION_PORT):
            started = time.monotonic()
            reply = servers.say(question, sender)
            elapsed = time.monotonic() - started
            assert reply.status == 200, reply.body[:300]
            assert unavailable in reply.texts(), reply.texts()
            assert ACTION_TIMEOUT - 1 <= elapsed < STALL_SECONDS - 5, f"{elapsed:.1f} s"
            assert user_texts(servers, sender) == [question], "the user's message was lost"
            # The conversation is not blocked: a turn without a custom action is answered.
            started = time.monotonic()
            texts = servers.say("hello", sender).texts()
            assert texts and unavailable not in texts
            assert time.monotonic() - started < 5
    finally:
        servers.start_actions()
    texts = servers.say(question, sender).texts()
    assert unavailable not in texts and "第三十一条" in " ".join(texts)
