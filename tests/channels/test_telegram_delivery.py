"""Bot API calls that hang or fail, against the local stand-in (no Rasa server): a time limit,
retries with back-off for transient failures only, no exception out of a reply, and the
configured bot name while the API is down. The real server is tested in
test_telegram_channel.py and test_telegram_outage.py."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram.bot.api import TelegramAPIServer
from aiogram.utils.exceptions import BadRequest
from rasa.shared.exceptions import RasaException

from bot.channels.telegram import TelegramOutput
from bot.channels.telegram_delivery import DeliveryPolicy
from tests.channels.bot_api_stand_in import BotApiStandIn

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
CHAT = 4242424242
POLICY = DeliveryPolicy(timeout=0.5, attempts=3, backoff=0.1)
# Where the time limit is not what is tested: a loaded machine must not turn an answer that is
# merely slow into a retry.
PATIENT = DeliveryPolicy(timeout=10, attempts=3, backoff=0.1)


@pytest.fixture(scope="module")
def bot_api() -> BotApiStandIn:
    stand_in = BotApiStandIn(16091, "legal_aid_test_bot")
    stand_in.serve_in_thread()
    return stand_in


@pytest.fixture(autouse=True)
def healthy(bot_api):
    bot_api.calls.clear()
    bot_api.broken_chats.clear()
    bot_api.outage = None
    yield


def send(bot_api: BotApiStandIn, *texts: str, policy: DeliveryPolicy = POLICY,
         ) -> tuple[float, TelegramOutput]:
    """Send `texts` as one turn's replies; the seconds it took and the output channel."""
    output = TelegramOutput(TOKEN, TelegramAPIServer.from_base(bot_api.url), policy=policy,
                            bot_name="legal_aid_test_bot")

    async def turn() -> None:
        try:
            for text in texts:
                await output.send_response(str(CHAT), {"text": text})
        finally:
            await output.session.close()

    started = time.monotonic()
    asyncio.run(turn())
    return time.monotonic() - started, output


def test_a_hanging_bot_api_is_given_up_on_in_bounded_time_without_an_exception(bot_api):
    bot_api.break_chat(CHAT, "hang")
    seconds, output = send(bot_api, "first reply", "second reply")
    # 3 attempts of 0.5 s with 0.1 + 0.2 s between them, then one attempt for the next reply.
    assert seconds < 3.5, seconds
    assert len(bot_api.calls_of("sendMessage", CHAT)) == 4
    assert output.caller.failing_since is not None


def test_a_transient_failure_is_retried_and_the_reply_delivered(bot_api):
    bot_api.break_chat(CHAT, "fail", times=1)  # one 502, then Telegram answers
    _, output = send(bot_api, "the answer", policy=PATIENT)
    calls = bot_api.calls_of("sendMessage", CHAT)
    assert [c.params["text"] for c in calls] == ["the answer", "the answer"]
    assert not bot_api.broken_chats and output.caller.failing_since is None


def test_a_refusal_is_not_retried(bot_api):
    output = TelegramOutput(TOKEN, TelegramAPIServer.from_base(bot_api.url), policy=PATIENT)

    async def empty_message() -> None:
        try:
            await output.request("sendMessage", {"chat_id": CHAT, "text": " "})
        finally:
            await output.session.close()

    with pytest.raises(BadRequest):  # Telegram refuses an empty text (400)
        asyncio.run(empty_message())
    assert len(bot_api.calls_of("sendMessage", CHAT)) == 1
    assert output.caller.failing_since is None  # a refusal is not an outage


def test_the_configured_bot_name_stands_in_while_the_api_is_down(bot_api):
    bot_api.outage = "fail"
    output = TelegramOutput(TOKEN, TelegramAPIServer.from_base(bot_api.url), policy=PATIENT,
                            bot_name="legal_aid_test_bot")

    async def me() -> tuple[str, str]:
        try:
            down = (await output.get_me()).username
            bot_api.outage = None
            up = (await output.get_me()).username
            return down, up
        finally:
            await output.session.close()

    assert asyncio.run(me()) == ("legal_aid_test_bot", "legal_aid_test_bot")
    assert output._user is not None and output._user.id == 7000000001  # fetched once it answered


@pytest.mark.parametrize("settings", [{"send_timeout": "0"}, {"send_timeout": "soon"},
                                      {"send_attempts": "0"}, {"send_attempts": "99"}])
def test_nonsense_delivery_settings_stop_the_start(settings):
    with pytest.raises(RasaException, match="TELEGRAM_SEND"):
        DeliveryPolicy.from_settings(settings, {})


def test_delivery_settings_come_from_the_environment():
    policy = DeliveryPolicy.from_settings({}, {"TELEGRAM_SEND_TIMEOUT": "2.5",
                                               "TELEGRAM_SEND_ATTEMPTS": "2"})
    assert (policy.timeout, policy.attempts) == (2.5, 2)
    assert DeliveryPolicy.from_settings({}, {}) == DeliveryPolicy(5.0, 3)
