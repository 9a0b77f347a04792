"""The Telegram channel's configuration checks, /start and long button payloads (no server)."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.bot.api import TelegramAPIServer
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.guard import MessageGuard
from bot.channels.telegram import TelegramInput, TelegramOutput, callback_data

VALID = {"access_token": "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
         "verify": "legal_aid_bot", "webhook_url": "https://bot.example.org/webhook",
         "secret_token": "s3cr3t-Webhook_token"}
LONG = "How is a legal aid center different from a grassroots legal service office?"


@pytest.mark.parametrize(("missing", "variable"), [
    ("access_token", "TELEGRAM_TOKEN"), ("verify", "TELEGRAM_BOT_NAME"),
    ("webhook_url", "TELEGRAM_WEBHOOK_URL"), ("secret_token", "TELEGRAM_SECRET_TOKEN")])
def test_every_setting_is_required_and_named_by_its_variable(missing, variable):
    with pytest.raises(RasaException, match=variable):
        TelegramInput.from_credentials({**VALID, missing: " "})


@pytest.mark.parametrize("secret", ["with space", "ünïcode", "x" * 257, "semi;colon"])
def test_a_secret_telegram_would_refuse_stops_the_start(secret):
    with pytest.raises(RasaException, match="TELEGRAM_SECRET_TOKEN"):
        TelegramInput.from_credentials({**VALID, "secret_token": secret})


def test_the_api_server_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:16081")
    channel = TelegramInput.from_credentials(VALID)
    assert channel.api_url == "http://127.0.0.1:16081"
    assert channel.debug_mode is False  # a failed turn must not make Telegram resend it


@pytest.mark.parametrize(("text", "sent"), [
    ("/start", "/greet"), ("/start@legal_aid_bot", "/greet"), ("/start campaign42", "/greet"),
    ("/started", "/started"), ("how do I start?", "how do I start?"),
    (callback_data(LONG), LONG), ("btn:0123456789abcdef", "btn:0123456789abcdef")])
def test_start_is_the_greeting_and_a_token_its_payload(text, sent):
    channel = TelegramInput(**VALID)
    channel._output = TelegramOutput(VALID["access_token"],
                                     TelegramAPIServer.from_base("http://127.0.0.1:9"))
    channel._output.long_payloads.set(callback_data(LONG), LONG)
    received: list[str] = []

    async def assistant(message: UserMessage) -> None:
        received.append(message.text)

    handler = channel.translated(assistant, MessageGuard())
    asyncio.run(handler(UserMessage(text, CollectingOutputChannel(), "1")))
    assert received == [sent]


def test_long_payloads_become_short_tokens():
    assert callback_data("/start_screening") == "/start_screening"
    token = callback_data(LONG)
    assert token.startswith("btn:") and len(token.encode()) <= 64
    assert callback_data("法" * 22) != "法" * 22  # 66 bytes: the limit is in bytes


def test_long_texts_are_sent_in_parts_telegram_accepts():
    sent: list[str] = []

    class Recording(TelegramOutput):
        async def send_message(self, chat_id, text, **kwargs):
            sent.append(text)

    output = Recording(VALID["access_token"], TelegramAPIServer.from_base("http://127.0.0.1:9"))
    asyncio.run(output.send_text_message("1", "第一段\n\n\n\n" + "字" * 5000 + "\n\n  "))
    assert sent == ["第一段", "字" * 4096, "字" * 904]
