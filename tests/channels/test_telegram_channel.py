"""The Telegram channel on the real Rasa server: real update payloads in, the replies checked at
a local stand-in for the Bot API (tests/channels/bot_api_stand_in.py)."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import time
import urllib.error
import urllib.request

import pytest
import yaml

from bot.channels.telegram import ALLOWED_UPDATES, SECRET_HEADER
from bot.paths import DATA_DIR, REPO_ROOT
from tests.live_server import (
    TELEGRAM_BOT_NAME,
    TELEGRAM_SECRET,
    TELEGRAM_WEBHOOK_URL,
    Assistant,
)

pytestmark = pytest.mark.e2e

RESPONSES = {name: variations
             for path in (REPO_ROOT / "domain.yml", DATA_DIR / "responses" / "screening.yml")
             for name, variations in yaml.safe_load(path.read_text("utf-8"))["responses"].items()}
_update_ids = itertools.count(random.randrange(10**8))
BOT = {"id": 7000000001, "is_bot": True, "first_name": "Legal aid", "username": TELEGRAM_BOT_NAME}


def response_text(name: str) -> str:
    return RESPONSES[name][0]["text"].strip()


def new_chat() -> dict:
    return {"id": random.randrange(10**9, 10**10), "first_name": "Li", "type": "private"}


def message_update(chat: dict, text: str | None = None, **fields) -> dict:
    """A Telegram update as the Bot API posts it for a user's message."""
    user = {"id": chat["id"], "is_bot": False, "first_name": "Li", "language_code": "zh-hans"}
    message = {"message_id": random.randrange(1, 10**6), "from": user, "chat": chat,
               "date": int(time.time()), **({"text": text} if text is not None else {}),
               **fields}
    return {"update_id": next(_update_ids), "message": message}


def callback_update(chat: dict, data: str) -> dict:
    """The update for a press on an inline keyboard button."""
    user = {"id": chat["id"], "is_bot": False, "first_name": "Li"}
    shown = {"message_id": 77, "from": BOT, "chat": chat, "date": int(time.time()),
             "text": "Pick a topic"}
    return {"update_id": next(_update_ids), "callback_query": {
        "id": str(random.randrange(10**17, 10**18)), "from": user, "message": shown,
        "chat_instance": "-4275346512896327112", "data": data}}


def post(server: Assistant, update: dict, secret: str | None = TELEGRAM_SECRET
         ) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    request = urllib.request.Request(server.base_url + "/webhooks/telegram/webhook",
                                     data=json.dumps(update).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sent_texts(server: Assistant, chat: dict) -> list[str]:
    return [call.params["text"] for call in server.bot_api.calls_of("sendMessage", chat["id"])]


def test_the_webhook_is_registered_with_its_secret_at_start(assistant):
    registrations = assistant.bot_api.calls_of("setWebhook")
    assert registrations, "setWebhook was not called"
    assert registrations[-1].params == {"url": TELEGRAM_WEBHOOK_URL,
                                        "secret_token": TELEGRAM_SECRET,
                                        "allowed_updates": ALLOWED_UPDATES}


def test_start_gets_the_welcome(assistant):
    chat = new_chat()
    assert post(assistant, message_update(chat, "/start")) == (200, b"success")
    assert sent_texts(assistant, chat) == [response_text("utter_greet")]


def test_a_question_gets_a_cited_answer(assistant):
    chat = new_chat()
    assert post(assistant, message_update(chat, "is legal aid free?"))[0] == 200
    assert any("Legal Aid Law art." in text for text in sent_texts(assistant, chat))
    assert assistant.events(f"telegram:{chat['id']}").count("user") == 1


def test_buttons_become_an_inline_keyboard_and_a_press_answers(assistant):
    chat = new_chat()
    post(assistant, message_update(chat, "what can you do?"))
    menu = assistant.bot_api.calls_of("sendMessage", chat["id"])[-1].params
    keyboard = menu["reply_markup"]["inline_keyboard"]
    assert all(len(row) == 1 for row in keyboard)  # one per row: the titles are long
    assert keyboard[1] == [{"text": "Who can get legal aid?",
                            "callback_data": "Who can get legal aid?"}]
    screening = next(row[0] for row in keyboard if row[0]["text"] == "Check if I qualify")

    update = callback_update(chat, screening["callback_data"])
    assert post(assistant, update) == (200, b"success")
    answered = assistant.bot_api.calls_of("answerCallbackQuery")
    assert update["callback_query"]["id"] in [c.params["callback_query_id"] for c in answered]
    question = assistant.bot_api.calls_of("sendMessage", chat["id"])[-1].params
    assert question["text"] == response_text("utter_ask_case_type")
    titles = [row[0]["text"] for row in question["reply_markup"]["inline_keyboard"]]
    assert titles[:2] == ["Criminal case", "Civil matter"]


def test_a_photo_gets_the_text_only_answer_and_is_not_processed(assistant):
    chat = new_chat()
    photo = [{"file_id": "AgACAgIAAxkBAAIBZ2V", "file_unique_id": "AQADx7AxG", "width": 90,
              "height": 67, "file_size": 1234}]
    assert post(assistant, message_update(chat, photo=photo)) == (200, b"success")
    assert sent_texts(assistant, chat) == [response_text("utter_text_only")], (
        "the running model lacks utter_text_only: retrain it")
    assert assistant.events(f"telegram:{chat['id']}") == []


def test_group_chats_and_other_updates_are_acknowledged_and_ignored(assistant):
    group = {"id": -1001234567890, "title": "Neighbours", "type": "supergroup"}
    assert post(assistant, message_update(group, "who can get legal aid?"))[0] == 200
    chat = new_chat()  # the user blocked the bot: no message in the update
    blocked = {"update_id": next(_update_ids), "my_chat_member": {
        "chat": chat, "from": {"id": chat["id"], "is_bot": False, "first_name": "Li"},
        "date": int(time.time()), "old_chat_member": {"user": BOT, "status": "member"},
        "new_chat_member": {"user": BOT, "status": "kicked", "until_date": 0}}}
    assert post(assistant, blocked) == (200, b"success")
    for sender in (group, chat):
        assert assistant.events(f"telegram:{sender['id']}") == []
        assert sent_texts(assistant, sender) == []


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", TELEGRAM_SECRET + "x"])
def test_an_update_without_the_secret_is_refused_and_not_processed(assistant, secret):
    chat = new_chat()
    status, body = post(assistant, message_update(chat, "hello"), secret=secret)
    assert (status, body) == (403, b"forbidden")
    assert assistant.events(f"telegram:{chat['id']}") == []
    assert sent_texts(assistant, chat) == []


def test_an_over_long_message_gets_the_limit_and_is_not_stored(assistant):
    chat = new_chat()
    assert post(assistant, message_update(chat, "legal aid " * 300))[0] == 200
    expected = response_text("utter_message_too_long").replace("{max_chars}", "2000")
    assert sent_texts(assistant, chat) == [expected]
    assert assistant.events(f"telegram:{chat['id']}") == []


def test_a_button_whose_payload_is_too_long_for_telegram_still_works(assistant):
    chat = new_chat()
    post(assistant, callback_update(chat, "/ask_all_topics"))
    topics = assistant.bot_api.calls_of("sendMessage", chat["id"])[-1].params
    assert topics["text"] == response_text("utter_all_topics")  # Telegram accepted it
    title = "How is a legal aid center different from a grassroots legal service office?"
    button = next(row[0] for row in topics["reply_markup"]["inline_keyboard"]
                  if row[0]["text"] == title)
    assert button["callback_data"].startswith("btn:")
    assert post(assistant, callback_update(chat, button["callback_data"]))[0] == 200
    path = assistant.tracker_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        texts = [json.loads(row[0])["text"] for row in database.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (f"telegram:{chat['id']}",))]
    assert texts == ["/ask_all_topics", title]


def user_event_count(server: Assistant, chat: dict) -> int:
    return server.events(f"telegram:{chat['id']}").count("user")


def test_a_repeated_update_id_is_processed_once(assistant):
    chat = new_chat()
    update = message_update(chat, "is legal aid free?")
    assert post(assistant, update) == (200, b"success")
    replies = len(sent_texts(assistant, chat))
    assert replies >= 1
    assert post(assistant, update) == (200, b"success")  # Telegram's resend of the same update
    assert user_event_count(assistant, chat) == 1
    assert len(sent_texts(assistant, chat)) == replies


def test_a_hanging_bot_api_neither_blocks_the_chat_nor_loses_the_message(assistant):
    chat = new_chat()
    assistant.bot_api.break_chat(chat["id"], "hang")
    started = time.monotonic()
    assert post(assistant, message_update(chat, "is legal aid free?")) == (200, b"success")
    # 2 attempts of 1.5 s (TELEGRAM_SEND_TIMEOUT/ATTEMPTS of the test server), then one
    # attempt per further reply: bounded, where it used to wait for as long as the API hung.
    assert time.monotonic() - started < 12
    assert user_event_count(assistant, chat) == 1  # stored although no reply could be sent
    assistant.bot_api.repair_chat(chat["id"])
    assert post(assistant, message_update(chat, "/start")) == (200, b"success")
    assert response_text("utter_greet") in sent_texts(assistant, chat)  # the chat goes on
    assert user_event_count(assistant, chat) == 2


def test_a_failed_send_is_retried_and_delivered(assistant):
    chat = new_chat()
    assistant.bot_api.break_chat(chat["id"], "fail", times=1)  # one 502 from the Bot API
    assert post(assistant, message_update(chat, "/start")) == (200, b"success")
    assert sent_texts(assistant, chat) == [response_text("utter_greet")] * 2  # failed, then sent
    assert not assistant.bot_api.broken_chats.get(str(chat["id"]))
