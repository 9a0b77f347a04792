"""A Rasa server started while Telegram's Bot API fails (e.g. a network outage at a restart):
it starts anyway, stores every update instead of answering 500, registers the webhook once the
API answers again, and replies from then on. A server of its own (ports 16305, Bot API 16381;
no action server: the greeting needs none)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.ops import launcher
from bot.servers.lifecycle import running
from bot.settings import environment
from tests.channels.bot_api_stand_in import BotApiStandIn
from tests.channels.test_telegram_channel import message_update, new_chat, post, response_text
from tests.conftest import require_model
from tests.live_server import (
    TELEGRAM_BOT_NAME,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_URL,
    Assistant,
    channel_credentials,
)

pytestmark = pytest.mark.e2e

RASA_PORT, UNUSED_ACTION_PORT, BOT_API_PORT = 16305, 16356, 16381


@pytest.fixture(scope="module")
def restarted(tmp_path_factory) -> Iterator[Assistant]:
    require_model()
    folder = tmp_path_factory.mktemp("telegram-outage")
    bot_api = BotApiStandIn(BOT_API_PORT, TELEGRAM_BOT_NAME)
    bot_api.outage = "fail"  # every Bot API call answers 502 while the server starts
    bot_api.serve_in_thread()
    tracker_url = f"sqlite:///{folder / 'tracker.sqlite3'}"
    env = environment()
    env.update({
        "RASA_PORT": str(RASA_PORT), "TRACKER_STORE_URL": tracker_url,
        "ACTION_SERVER_URL": f"http://localhost:{UNUSED_ACTION_PORT}/webhook",
        "RASA_CREDENTIALS": str(channel_credentials(folder / "credentials.yml")),
        "WECHAT_TOKEN": "legalaid2024", "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": TELEGRAM_BOT_NAME, "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET, "TELEGRAM_API_URL": bot_api.url,
        "TELEGRAM_SEND_TIMEOUT": "1.5", "TELEGRAM_SEND_ATTEMPTS": "2",
    })
    with running([launcher.rasa_server(env)]):  # ready: it started without the Bot API
        yield Assistant(f"http://localhost:{RASA_PORT}", tracker_url, bot_api=bot_api)


def test_updates_during_a_bot_api_outage_are_stored_not_refused(restarted):
    assert restarted.bot_api.calls_of("setWebhook"), "start-up did not even try to register"
    chat = new_chat()
    assert post(restarted, message_update(chat, "/start")) == (200, b"success")
    assert restarted.events(f"telegram:{chat['id']}").count("user") == 1

    restarted.bot_api.outage = None  # the Bot API answers again
    before = len(restarted.bot_api.calls_of("setWebhook"))
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:  # registered in the background, with back-off
        registrations = restarted.bot_api.calls_of("setWebhook")
        if len(registrations) > before:
            break
        time.sleep(0.5)
    assert len(registrations) > before, "the webhook was not registered after the outage"
    assert registrations[-1].params["secret_token"] == TELEGRAM_SECRET
    time.sleep(1)  # the registration's answer reaches the server
    post(restarted, message_update(chat, "/start"))
    texts = [c.params["text"] for c in restarted.bot_api.calls_of("sendMessage", chat["id"])]
    assert texts[-1] == response_text("utter_greet")
    assert restarted.events(f"telegram:{chat['id']}").count("user") == 2
