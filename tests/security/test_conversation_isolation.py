"""Nobody reaches another person's conversation: a Telegram user's screening can be neither
read, continued nor deleted over REST or the web widget by naming their (public) chat id, and
one browser session cannot name another's. Against the real servers (tests/live_server.py)."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import uuid

import pytest
import socketio

from tests.channels.test_telegram_channel import message_update, new_chat, post, sent_texts
from tests.live_server import RASA_PORT, Assistant
from tests.production.dialogue import summary_in

pytestmark = pytest.mark.e2e

# The widget's screening by buttons (tests/browser/widget.spec.mjs); the next answer would
# bring the summary of the victim's facts.
SCREENING = ["Check if I qualify", "Criminal case", "I am the victim", "No"]
NEXT_ANSWER = "Domestic violence"


def stored(assistant: Assistant) -> dict[str, list[dict]]:
    """Every stored event by conversation id."""
    path = assistant.tracker_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT sender_id, data FROM events ORDER BY id").fetchall()
    conversations: dict[str, list[dict]] = {}
    for sender, data in rows:
        conversations.setdefault(sender, []).append(json.loads(data))
    return conversations


def telegram_conversation(assistant: Assistant, chat: dict) -> list[dict]:
    """The events of the chat's conversation, whatever id it is stored under."""
    return [event for sender, events in stored(assistant).items()
            if sender.split(":")[-1] == str(chat["id"]) and any(
                e.get("input_channel") == "telegram" for e in events)
            for event in events]


def telegram_screening(assistant: Assistant) -> dict:
    chat = new_chat()
    for text in SCREENING:
        assert post(assistant, message_update(chat, text))[0] == 200
    assert not summary_in(sent_texts(assistant, chat))
    return chat


def user_channels(events: list[dict]) -> set[str]:
    return {event.get("input_channel") for event in events if event.get("event") == "user"}


def test_rest_cannot_read_continue_or_delete_a_telegram_conversation(assistant):
    chat = telegram_screening(assistant)
    before = len(telegram_conversation(assistant, chat))

    texts = [m.get("text", "") for m in assistant.say(NEXT_ANSWER, sender=str(chat["id"]))]
    assert not summary_in(texts), f"REST read the Telegram user's facts: {texts}"
    assistant.say("delete my data", sender=str(chat["id"]))
    assistant.say("yes", sender=str(chat["id"]))

    events = telegram_conversation(assistant, chat)
    assert len(events) == before, "REST changed or deleted the Telegram conversation"
    assert user_channels(events) == {"telegram"}
    # The Telegram user's own conversation goes on.
    assert post(assistant, message_update(chat, NEXT_ANSWER))[0] == 200
    assert summary_in(sent_texts(assistant, chat))


class WidgetSession:
    """A browser's Socket.IO connection as rasa-webchat 1.0.1 makes it."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient()
        self.session_id: str | None = None
        self.texts: list[str] = []
        self.confirmed = asyncio.Event()
        self.client.on("session_confirm", self._confirm)
        self.client.on("bot_uttered", self._uttered)

    async def _confirm(self, data: object) -> None:
        self.session_id = data.get("session_id") if isinstance(data, dict) else str(data)
        self.confirmed.set()

    async def _uttered(self, data: dict) -> None:
        self.texts.append(str(data.get("text") or ""))

    async def open(self, session_id: str | None) -> str:
        # Long polling: this aiohttp lacks what python-socketio's WebSocket client needs.
        await self.client.connect(f"http://localhost:{RASA_PORT}", transports=["polling"],
                                  socketio_path="/socket.io/")
        await self.client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(self.confirmed.wait(), 30)
        return self.session_id

    async def close(self) -> None:
        """Leaves at once: a graceful disconnect waits for the pending long poll, up to the
        server's ping interval (25 s) per session, which made these tests minutes long."""
        await self.client.eio.disconnect(abort=True)

    async def say(self, text: str, session_id: str | None = None, wait: float = 8) -> list[str]:
        start = len(self.texts)
        await self.client.emit("user_uttered", {"message": text, "customData": {},
                                                "session_id": session_id or self.session_id})
        for _ in range(int(wait * 10)):
            await asyncio.sleep(0.1)
            if len(self.texts) > start and await self._quiet():
                break
        return self.texts[start:]

    async def _quiet(self) -> bool:
        count = len(self.texts)
        await asyncio.sleep(1.0)
        return len(self.texts) == count


async def widget_naming(session_id: str, texts: list[str]) -> tuple[str, list[str]]:
    widget = WidgetSession()
    try:
        given = await widget.open(session_id)
        replies = []
        for text in texts:
            replies += await widget.say(text, session_id=session_id)
        return given, replies
    finally:
        await widget.close()


def test_the_widget_cannot_reach_a_telegram_conversation(assistant):
    chat = telegram_screening(assistant)
    before = len(telegram_conversation(assistant, chat))
    given, replies = asyncio.run(widget_naming(str(chat["id"]), [NEXT_ANSWER]))
    assert given != str(chat["id"]), "the server accepted a session id chosen by the client"
    assert not summary_in(replies), f"the widget read the Telegram user's facts: {replies}"
    asyncio.run(widget_naming(str(chat["id"]), ["delete my data", "yes"]))
    events = telegram_conversation(assistant, chat)
    assert len(events) == before and user_channels(events) == {"telegram"}


async def two_browsers() -> tuple[str, str, list[str]]:
    victim, intruder = WidgetSession(), WidgetSession()
    try:
        victim_id = await victim.open(None)
        for text in SCREENING:
            await victim.say(text)
        intruder_id = await intruder.open(None)
        # The intruder names the victim's session in its messages.
        replies = await intruder.say(NEXT_ANSWER, session_id=victim_id)
        return victim_id, intruder_id, replies
    finally:
        await victim.close()
        await intruder.close()


def test_one_browser_session_cannot_name_another(assistant):
    victim_id, intruder_id, replies = asyncio.run(two_browsers())
    assert victim_id and intruder_id and victim_id != intruder_id
    assert not summary_in(replies), f"the intruder read the victim's facts: {replies}"
    victim = next(events for sender, events in stored(assistant).items()
                  if sender.endswith(victim_id))
    assert NEXT_ANSWER not in [e.get("text") for e in victim if e.get("event") == "user"]


def test_session_ids_are_issued_by_the_server_and_unguessable(assistant):
    async def issued() -> list[str]:
        ids = []
        for wanted in (None, "1", f"{random.randrange(10**9)}", uuid.uuid4().hex):
            widget = WidgetSession()
            try:
                ids.append((wanted, await widget.open(wanted)))
            finally:
                await widget.close()
        return ids

    pairs = asyncio.run(issued())
    assert all(given != wanted and len(given) >= 32 for wanted, given in pairs), pairs
    assert len({given for _, given in pairs}) == len(pairs)
