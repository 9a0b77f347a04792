"""Rasa's Telegram channel, plus the checks and settings a deployment here needs.

`bot.channels.telegram.TelegramInput` (enabled by `credentials.telegram.yml`) is Rasa 3.6's
`TelegramInput`, served at the same `/webhooks/telegram/webhook`, with:

- a required webhook secret: `setWebhook` is called at start-up with `secret_token`, and every
  request to the webhook (or to `/set_webhook`) without Telegram's
  `X-Telegram-Bot-Api-Secret-Token` header equal to it is refused with 403 before Rasa sees it
  (Rasa's connector checks nothing about the request);
- private chats only (a group would share one conversation, and what people say in it);
- `/start` is the greeting; photos, stickers, voice, locations get `utter_text_only`; updates
  Rasa cannot read (a user blocking the bot, ...) are acknowledged instead of failing, which
  would make Telegram send them again and again;
- buttons as a vertical inline keyboard (one per row: the titles are whole questions), and the
  button's spinner stopped (answerCallbackQuery); a payload over Telegram's 64-byte limit for
  callback data is sent as a short token and turned back into the payload when pressed;
- the guard's message-length limit and its reply when a turn fails (bot/channels/guard.py);
- a configurable Bot API server (`TELEGRAM_API_URL`, default https://api.telegram.org): a
  self-hosted Bot API server, or the tests' stand-in, since these machines reach no internet;
- the bot's own user fetched once (Rasa calls getMe on every update; the configured name
  stands in while the Bot API is down); Bot API calls with a time limit and retries
  (telegram_delivery.py); an undeliverable reply is logged and the user's message still stored;
- each `update_id` processed once; start-up does not wait for an unreachable Bot API (the
  webhook is then registered in the background).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from aiogram import Bot
from aiogram.bot import api
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import User
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import Handler, MessageGuard, domain_responses, template
from bot.channels.telegram_delivery import (
    DeliveryPolicy,
    ResilientCaller,
    is_transient,
    keep_trying,
)
from bot.channels.ttl_cache import TTLCache
from bot.settings import environment, setting

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what setWebhook accepts
REQUIRED = {"access_token": "TELEGRAM_TOKEN", "verify": "TELEGRAM_BOT_NAME",
            "webhook_url": "TELEGRAM_WEBHOOK_URL", "secret_token": "TELEGRAM_SECRET_TOKEN"}
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
MAX_MESSAGE_CHARS = 4096  # sendMessage refuses longer texts
MAX_CALLBACK_BYTES = 64  # longer callback_data: Telegram refuses the message (BUTTON_DATA_INVALID)
BUTTON_TOKEN = "btn:"
TOKEN_SECONDS = 7 * 24 * 3600
UPDATE_SECONDS = 24 * 3600  # Telegram keeps resending an unanswered update for up to a day
START = re.compile(r"/start(@\w+)?( .*)?")  # the Start button, maybe with a deep-link parameter


class TelegramOutput(RasaTelegramOutput):
    """Rasa's Telegram output on a chosen Bot API server, registering the webhook's secret."""

    def __init__(self, access_token: str, server: TelegramAPIServer,
                 secret_token: str = "", policy: DeliveryPolicy | None = None,
                 bot_name: str = "") -> None:
        Bot.__init__(self, access_token, server=server)  # Rasa's __init__ takes no server
        self.secret_token = secret_token
        self.bot_name = bot_name
        self._user: User | None = None
        self.long_payloads: TTLCache[str] = TTLCache(TOKEN_SECONDS)  # token -> payload
        self.caller = ResilientCaller(policy or DeliveryPolicy())

    async def request(self, method: str, data: dict | None = None, files: dict | None = None,
                      **kwargs: Any) -> Any:
        send = super().request
        return await self.caller.call(lambda: send(method, data, files, **kwargs), method)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        # Rasa stores the turn only after its replies were sent: a failed send must not raise.
        try:
            await super().send_response(recipient_id, message)
        except (TelegramAPIError, asyncio.TimeoutError) as error:
            logger.error("Telegram: a reply could not be delivered (%s); the conversation is "
                         "stored", type(error).__name__)

    async def set_webhook(self, url: str, **kwargs: Any) -> bool:
        # aiogram 2.15 predates `secret_token` (Bot API 6.1): call the method directly.
        payload = {"url": url, "allowed_updates": json.dumps(ALLOWED_UPDATES),
                   **({"secret_token": self.secret_token} if self.secret_token else {})}
        return await self.request(api.Methods.SET_WEBHOOK, payload)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # Rasa sends a message per paragraph; a paragraph over Telegram's limit is cut in parts.
        for paragraph in filter(None, (p.strip() for p in text.split("\n\n"))):
            for start in range(0, len(paragraph), MAX_MESSAGE_CHARS):
                await self.send_message(recipient_id,
                                        paragraph[start:start + MAX_MESSAGE_CHARS])

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]],
                                     button_type: str | None = "vertical",
                                     **kwargs: Any) -> None:
        short = []
        for button in buttons:
            payload = str(button.get("payload") or "")
            data = callback_data(payload)
            if data != payload:
                self.long_payloads.set(data, payload)
            short.append({**button, "payload": data})
        await super().send_text_with_buttons(recipient_id, text, short,
                                             button_type=button_type, **kwargs)

    async def get_me(self) -> User:
        if self._user is None:
            try:
                self._user = await super().get_me()
            except (TelegramAPIError, asyncio.TimeoutError) as error:
                if not is_transient(error) or not self.bot_name:
                    raise
                # The Bot API is down (e.g. right after a restart): the configured name stands
                # in, so that updates are still stored rather than refused with a 500.
                return User(id=0, is_bot=True, first_name=self.bot_name,
                            username=self.bot_name)
        return self._user


class TelegramInput(RasaTelegramInput):
    """Rasa's Telegram input channel that only accepts requests carrying the webhook secret."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        values = {key: str(credentials.get(key) or "").strip() for key in REQUIRED}
        missing = [REQUIRED[key] for key, value in values.items() if not value]
        if missing:
            raise RasaException(f"The Telegram channel needs {', '.join(missing)} "
                                "(credentials.telegram.yml reads them). Not starting.")
        if not SECRET_TOKEN.fullmatch(values["secret_token"]):
            raise RasaException("TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, "
                                "0-9, _ and - (Telegram's rule for secret_token).")
        api_url = (str(credentials.get("api_url") or "") or setting("TELEGRAM_API_URL")
                   or DEFAULT_API_URL)
        return cls(**values, api_url=api_url,
                   policy=DeliveryPolicy.from_settings(credentials, environment()))

    def __init__(self, access_token: str, verify: str, webhook_url: str, secret_token: str,
                 api_url: str = DEFAULT_API_URL, debug_mode: bool = False,
                 policy: DeliveryPolicy | None = None) -> None:
        # debug_mode=False: a failed turn is logged and acknowledged, not re-raised (a 500
        # makes Telegram deliver the update again and again).
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret_token = secret_token
        self.api_url = api_url
        self.policy = policy or DeliveryPolicy()
        self._output: TelegramOutput | None = None
        self.webhook_pending = False  # the Bot API could not be reached at start-up
        self.seen_updates: TTLCache[bool] = TTLCache(UPDATE_SECONDS, max_entries=100_000)

    def has_secret(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        return hmac.compare_digest(given, self.secret_token.encode())

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guard = MessageGuard()  # message length limit, the reply when a turn fails
        telegram = super().blueprint(guard.wrap(self.translated(on_new_message, guard)))
        guard.attach(telegram)

        @telegram.listener("after_server_start")
        async def register_webhook_later(app: Any, _loop: object) -> None:
            if self.webhook_pending:
                app.add_task(keep_trying(
                    lambda: self.get_output_channel().set_webhook(self.webhook_url),
                    "registering the webhook"))

        @telegram.middleware("request")
        async def screen(request: Request) -> HTTPResponse | None:
            path = request.path.rstrip("/")
            if not path.endswith(("/webhook", "/set_webhook")):
                return None
            if not self.has_secret(request):
                logger.warning("Telegram: refused a request without the webhook secret from %s",
                               request.ip)
                return response.text("forbidden", status=403)
            if request.method == "POST" and path.endswith("/webhook"):
                return await self.screen_update(request)
            return None

        return telegram

    async def screen_update(self, request: Request) -> HTTPResponse | None:
        """A response for an update Rasa's handler should not see; None lets it through."""
        update = request.json if isinstance(request.json, dict) else {}
        update_id = str(update.get("update_id", ""))
        if update_id:
            if self.seen_updates.get(update_id):
                logger.info("Telegram: update %s was delivered again; processed once", update_id)
                return response.text("success")
            self.seen_updates.set(update_id, True)
        callback = update.get("callback_query") or {}
        message = (callback.get("message") or update.get("edited_message")
                   or update.get("message") or {})
        chat = message.get("chat") or {}
        if not chat.get("id") or chat.get("type") != "private":
            return response.text("success")  # not for the assistant: acknowledged, ignored
        if callback.get("id"):
            await self.call_api("answerCallbackQuery", callback_query_id=callback["id"])
            return None
        if message.get("text"):
            return None
        text = template(domain_responses(request.app), "utter_text_only")
        if text:
            await self.call_api("sendMessage", chat_id=chat["id"], text=text)
        return response.text("success")

    async def call_api(self, method: str, **payload: Any) -> None:
        """A Bot API call whose failure (the user blocked the bot, ...) is only logged."""
        try:
            await self.get_output_channel().request(method, payload)
        except (TelegramAPIError, asyncio.TimeoutError) as error:
            logger.warning("Telegram: %s failed: %s", method, type(error).__name__)

    def translated(self, on_new_message: Handler, guard: MessageGuard) -> Handler:
        """Telegram's Start button ("/start") is the greeting (Rasa knows no intent "start");
        a long button's token is its payload again."""

        async def handle(message: UserMessage) -> Any:
            text = message.text.strip() if isinstance(message.text, str) else ""
            if START.fullmatch(text):
                message.text = "/greet"
            elif text.startswith(BUTTON_TOKEN):
                message.text = self.button_payload(text, domain_responses(guard.app)) or text
            return await on_new_message(message)

        return handle

    def button_payload(self, token: str, responses: Mapping[str, Any]) -> str | None:
        """The payload a token stands for: sent by this process, or a domain response's."""
        payload = self.get_output_channel().long_payloads.get(token)
        if payload is None:  # e.g. a button sent before a restart
            payload = next((str(b["payload"]) for variations in responses.values()
                            for variation in variations for b in variation.get("buttons") or []
                            if callback_data(str(b.get("payload") or "")) == token), None)
        return payload

    def get_output_channel(self) -> TelegramOutput:
        """The output channel, created once: the webhook (with its secret) is set then."""
        if self._output is None:
            try:
                channel = TelegramOutput(self.access_token,
                                         TelegramAPIServer.from_base(self.api_url),
                                         self.secret_token, self.policy, self.verify)
            except ValidationError as error:
                raise RasaException(f"TELEGRAM_TOKEN is not a bot token: {error}") from error
            try:
                asyncio.run(_register_webhook(channel, self.webhook_url))
            except (TelegramAPIError, asyncio.TimeoutError) as error:
                if not is_transient(error):  # e.g. a wrong token: a configuration error
                    raise RasaException(f"Failed to set the Telegram webhook through "
                                        f"{self.api_url}: {error}") from error
                # Unreachable or failing: serve anyway, register once the server runs.
                logger.warning("Telegram: the Bot API at %s did not answer (%s); the webhook "
                               "will be registered in the background", self.api_url,
                               type(error).__name__)
                self.webhook_pending = True
            self._output = channel
        return self._output


async def _register_webhook(channel: TelegramOutput, url: str) -> None:
    try:
        await channel.set_webhook(url)
    finally:
        # The session belongs to this short-lived loop; Sanic's loop makes its own.
        await channel.session.close()


def callback_data(payload: str) -> str:
    """The payload itself, or a short token for it when over Telegram's 64 bytes."""
    if len(payload.encode()) <= MAX_CALLBACK_BYTES:
        return payload
    return BUTTON_TOKEN + hashlib.sha256(payload.encode()).hexdigest()[:16]
