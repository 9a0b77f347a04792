"""WeChat Official Account (公众号) input channel, plain-text mode, passive replies.

Enabled by `credentials.wechat.yml` (`RASA_CREDENTIALS=credentials.wechat.yml`); served at
`/webhooks/wechat/webhook`. Every request must carry WeChat's signature of the configured token
and a timestamp at most five minutes off; anything else is a 403 and reaches no conversation.
Replies are passive (in the HTTP response). An answer not ready within WeChat's five seconds is
held for WeChat's retry of the same MsgId; the last retry gets "success" in time (the answer is
then lost: the customer-service message API is not implemented). See docs/channels.md.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import MessageGuard, domain_responses, template
from bot.channels.ttl_cache import TTLCache
from bot.channels.wechat_protocol import (
    MAX_BODY_BYTES,
    SUCCESS,
    EncryptedMessageError,
    ProtocolError,
    chosen_button,
    dedup_key,
    is_signed,
    parse_message,
    render,
    text_reply,
)
from bot.nlu.language import script_language

logger = logging.getLogger(__name__)
# The channel's default language: the replies it writes itself before a conversation decides.
WECHAT_LANGUAGE = "zh"

REPLY_TIMEOUT = 4.5  # seconds: WeChat gives up after 5 and retries
# WeChat delivers a message up to three times, 5 s apart, until one is answered in time. An
# answer not ready for an earlier delivery is held for a later one; the last gets "success".
LAST_DELIVERY = 3
HOLD_SECONDS = 6.0  # past WeChat's 5 s: the connection is gone, the retry takes the answer
DEDUP_SECONDS = 5 * 60  # WeChat retries within seconds; a MsgId is answered once
CHOICES_SECONDS = 30 * 60  # how long "2" still means the second button of the last answer
XML = "application/xml; charset=utf-8"
Handler = Callable[[UserMessage], Awaitable[Any]]


class WeChatInput(InputChannel):
    """A WeChat Official Account's messages in, passive text replies out."""

    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        token = str(credentials.get("token") or "").strip()
        if not token:
            raise RasaException(
                "The WeChat channel needs the token configured in the Official Account's admin "
                "console: set WECHAT_TOKEN (credentials.wechat.yml reads it). Not starting.")
        return cls(token, app_id=str(credentials.get("app_id") or ""),
                   encoding_aes_key=str(credentials.get("encoding_aes_key") or ""),
                   reply_timeout=float(credentials.get("reply_timeout") or REPLY_TIMEOUT),
                   hold_seconds=float(credentials.get("hold_seconds") or HOLD_SECONDS))

    def __init__(self, token: str, app_id: str = "", encoding_aes_key: str = "",
                 reply_timeout: float = REPLY_TIMEOUT,
                 hold_seconds: float = HOLD_SECONDS) -> None:
        self.token = token
        self.app_id = app_id
        self.reply_timeout = reply_timeout
        self.hold_seconds = max(hold_seconds, reply_timeout)
        self.replies: TTLCache[Delivery] = TTLCache(DEDUP_SECONDS)
        self.choices: TTLCache[list[dict[str, Any]]] = TTLCache(CHOICES_SECONDS)
        if encoding_aes_key:
            logger.warning("WeChat: an EncodingAESKey is configured but only plain-text mode "
                           "(明文模式) and the plain part of compatible mode are supported.")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        wechat = Blueprint("wechat_webhook", __name__)
        guard = MessageGuard()  # message length limit, the reply when a turn fails
        guard.attach(wechat)
        on_new_message = guard.wrap(on_new_message)

        @wechat.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @wechat.route("/webhook", methods=["GET", "POST"], stream=True)
        async def webhook(request: Request) -> HTTPResponse:
            if not is_signed(self.token, request.args):
                logger.warning("WeChat: refused a request with a missing, stale or wrong "
                               "signature from %s", request.ip)
                return response.text("forbidden", status=403)
            if request.method == "GET":  # the admin console's server URL check
                return response.text(request.args.get("echostr") or "")
            body = await read_capped(request, MAX_BODY_BYTES)
            if body is None:
                return response.text("payload too large", status=413)
            responses = domain_responses(request.app)
            status, reply = await self.handle(body, on_new_message, responses)
            content_type = XML if reply.startswith("<xml>") else "text/plain; charset=utf-8"
            return response.text(reply, status=status, content_type=content_type)

        return wechat

    async def handle(self, body: bytes, on_new_message: Handler,
                     responses: Mapping[str, Any]) -> tuple[int, str]:
        """HTTP status and body for a signed POST: the reply XML, or "success"."""
        try:
            message = parse_message(body)
        except EncryptedMessageError:
            logger.error("WeChat: received a safe-mode (encrypted) message; switch the account "
                         "to plain-text mode (明文模式): safe mode is not supported yet")
            return 501, "safe mode is not supported"
        except ProtocolError as error:
            logger.warning("WeChat: refused a malformed message: %s", error)
            return 400, "bad request"
        key = dedup_key(message)
        delivery = self.replies.get(key)
        if delivery is None:  # the first delivery; retries of it share its answer
            task = asyncio.ensure_future(self.answer(message, on_new_message, responses))
            task.add_done_callback(_log_failure)
            delivery = Delivery(task)
            self.replies.set(key, delivery)
        delivery.count += 1
        last = delivery.count >= LAST_DELIVERY
        try:
            return 200, await asyncio.wait_for(asyncio.shield(delivery.task),
                                               self.reply_timeout if last else self.hold_seconds)
        except asyncio.TimeoutError:
            logger.warning("WeChat: no answer to %s within %.1f s of delivery %d; replied "
                           "'success' (the customer-service message API is not implemented)",
                           key, self.reply_timeout if last else self.hold_seconds,
                           delivery.count)
        except Exception:  # logged by _log_failure
            pass
        return 200, SUCCESS

    async def answer(self, message: Mapping[str, str], on_new_message: Handler,
                     responses: Mapping[str, Any]) -> str:
        kind = message["MsgType"]
        # A voice message carries WeChat's transcript when speech recognition is switched on.
        text = message.get("Content") if kind == "text" else message.get("Recognition")
        if kind in ("text", "voice") and (text or "").strip():
            return await self.converse(message, text or "", on_new_message, responses)
        if kind == "event":
            if message.get("Event", "").lower() == "subscribe":  # the domain's greeting
                return await self.converse(message, "/greet", on_new_message, responses)
            return SUCCESS
        text = template(responses, "utter_text_only", WECHAT_LANGUAGE)
        if not text:
            logger.error("WeChat: the domain has no response utter_text_only for %s messages",
                         kind)
        return text_reply(message, text) if text else SUCCESS

    async def converse(self, message: Mapping[str, str], text: str, on_new_message: Handler,
                       responses: Mapping[str, Any]) -> str:
        sender = message["FromUserName"]
        button = chosen_button(text, self.choices.get(sender) or [])
        if button is not None:
            text = str(button["payload"])
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                         message_id=message.get("MsgId") or None))
        replies = " ".join(str(m.get("text") or "") for m in collector.messages)
        content, buttons = render(collector.messages, template(
            responses, "utter_reply_with_number", script_language(replies) or WECHAT_LANGUAGE))
        if buttons:
            self.choices.set(sender, buttons)
        else:
            self.choices.pop(sender)
        return text_reply(message, content) if content else SUCCESS


@dataclass
class Delivery:
    """The answer to one message (by MsgId), and how often WeChat has delivered it."""

    task: asyncio.Future
    count: int = 0


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` bytes (without reading it)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        return None
    if request.stream is None:
        body = request.body
    else:
        request.stream.request_max_size = limit
        try:
            body = b"".join([chunk async for chunk in request.stream])
        except PayloadTooLarge:
            return None
    return body if len(body) <= limit else None


def _log_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("WeChat: answering a message failed", exc_info=task.exception())
