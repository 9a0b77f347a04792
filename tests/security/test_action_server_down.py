"""With the action server down the user gets the domain's clear reply within seconds (not
silence, not a 500); once it is back, the same conversation goes on."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.security.conftest import Servers, domain_text

pytestmark = pytest.mark.e2e

REPLY_WITHIN = 5.0  # seconds


def timed_say(servers: Servers, text: str, sender: str) -> tuple[list[str], float]:
    started = time.monotonic()
    reply = servers.say(text, sender)
    elapsed = time.monotonic() - started
    assert reply.status == 200, reply.body[:300]
    return reply.texts(), elapsed


def test_action_server_down_then_back(servers: Servers) -> None:
    unavailable = domain_text("utter_service_unavailable")
    assert "12348" in unavailable
    sender = f"down-{uuid.uuid4().hex}"
    texts, _ = timed_say(servers, "hello", sender)
    assert texts and unavailable not in texts

    servers.stop_actions()
    try:
        for message in ("show me article 31 of the legal aid law", "/start_screening"):
            texts, elapsed = timed_say(servers, message, sender)
            assert unavailable in texts, texts
            assert elapsed < REPLY_WITHIN, f"{elapsed:.1f} s"
        # a turn that needs no custom action is answered as usual, without the warning
        texts, _ = timed_say(servers, "hello", sender)
        assert texts and unavailable not in texts
    finally:
        servers.start_actions()

    texts, _ = timed_say(servers, "show me article 31 of the legal aid law", sender)
    assert unavailable not in texts
    assert "第三十一条" in " ".join(texts)
    texts, _ = timed_say(servers, "/start_screening", sender)
    assert texts and unavailable not in texts
