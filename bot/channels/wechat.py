"""WeChat Official Account (公众号) input channel: plain-text, compatibility and safe mode.

Enabled by `credentials.wechat.yml` (`RASA_CREDENTIALS=credentials.wechat.yml`); served at
`/webhooks/wechat/webhook`. Every request must carry WeChat's signature of the configured token
and a timestamp at most five minutes off; anything else is a 403 and reaches no conversation.
With WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY set, encrypted messages (safe and compatibility
mode) are checked (msg_signature, AppID), decrypted, and answered encrypted (wechat_crypto.py).
Replies are passive (in the HTTP response). An answer not ready within WeChat's five seconds is
held for WeChat's retry of the same message; the last retry gets "success" in time. A reply
over WeChat's 2,048 bytes goes on when the user replies 继续 / more, or through the
customer-service API when enabled. Menu clicks are answered (MENU_KEYS). The conversation's
default language is Chinese (metadata {"language": "zh"}). See docs/channels.md.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import MessageGuard, domain_responses
from bot.channels.ttl_cache import TTLCache
from bot.channels.wechat_crypto import CryptoError, safe_mode_crypto
from bot.channels.wechat_customer_service import (
    DEFAULT_API_URL,
    CustomerService,
    CustomerServiceError,
)
from bot.channels.wechat_pages import channel_text, is_more_request, language_of
from bot.channels.wechat_protocol import (
    MAX_BODY_BYTES,
    SUCCESS,
    EncryptedMessageError,
    ProtocolError,
    checked_message,
    chosen_button,
    dedup_key,
    is_signed,
    menu_payload,
    parse_fields,
    render,
    text_reply,
)

logger = logging.getLogger(__name__)

REPLY_TIMEOUT = 4.5  # seconds: WeChat gives up after 5 and retries
# WeChat delivers a message up to three times, 5 s apart, until one is answered in time. An
# answer not ready for an earlier delivery is held for a later one; the last gets "success".
LAST_DELIVERY = 3
HOLD_SECONDS = 6.0  # past WeChat's 5 s: the connection is gone, the retry takes the answer
DEDUP_SECONDS = 5 * 60  # WeChat retries within seconds; a MsgId is answered once
CHOICES_SECONDS = 30 * 60  # how long "2" still means the second button of the last answer
MORE_SECONDS = 30 * 60  # how long "继续" / "more" still gets the rest of a long answer
DEFAULT_LANGUAGE = "zh"  # WeChat users are Chinese-first: the conversation starts in Chinese
TRUE_WORDS = {"1", "true", "yes", "on"}
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
        setting = {key: str(credentials.get(key) or "").strip() for key in (
            "app_id", "encoding_aes_key", "app_secret", "customer_service", "api_url")}
        return cls(token, app_id=setting["app_id"],
                   encoding_aes_key=setting["encoding_aes_key"],
                   app_secret=setting["app_secret"],
                   customer_service=setting["customer_service"].lower() in TRUE_WORDS,
                   api_url=setting["api_url"] or DEFAULT_API_URL,
                   reply_timeout=float(credentials.get("reply_timeout") or REPLY_TIMEOUT),
                   hold_seconds=float(credentials.get("hold_seconds") or HOLD_SECONDS))

    def __init__(self, token: str, app_id: str = "", encoding_aes_key: str = "",
                 reply_timeout: float = REPLY_TIMEOUT, hold_seconds: float = HOLD_SECONDS,
                 app_secret: str = "", customer_service: bool = False,
                 api_url: str = DEFAULT_API_URL) -> None:
        self.token = token
        self.app_id = app_id
        self.reply_timeout = reply_timeout
        self.hold_seconds = max(hold_seconds, reply_timeout)
        self.replies: TTLCache[Delivery] = TTLCache(DEDUP_SECONDS)
        self.choices: TTLCache[list[dict[str, Any]]] = TTLCache(CHOICES_SECONDS)
        self.more: TTLCache[list[str]] = TTLCache(MORE_SECONDS)  # the rest of long answers
        self.crypto = safe_mode_crypto(token, app_id, encoding_aes_key)
        self.customer_service: CustomerService | None = None
        if customer_service:
            if not (app_id and app_secret):
                raise RasaException("WECHAT_CUSTOMER_SERVICE needs WECHAT_APP_ID and "
                                    "WECHAT_APP_SECRET. Not starting.")
            self.customer_service = CustomerService(app_id, app_secret, api_url)

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
            status, reply = await self.handle(body, on_new_message, responses, request.args)
            content_type = XML if reply.startswith("<xml>") else "text/plain; charset=utf-8"
            return response.text(reply, status=status, content_type=content_type)

        return wechat

    async def handle(self, body: bytes, on_new_message: Handler, responses: Mapping[str, Any],
                     params: Mapping[str, Any] | None = None) -> tuple[int, str]:
        """HTTP status and body for a signed POST: the reply XML, or "success"."""
        params = {k: v[0] if isinstance(v, list) else v for k, v in (params or {}).items()}
        try:
            message, encrypted = self.read(body, params)
        except EncryptedMessageError:
            logger.error("WeChat: received an encrypted (safe-mode) message, but safe mode is "
                         "off: set WECHAT_APP_ID and WECHAT_ENCODING_AES_KEY")
            return 501, "safe mode is not configured"
        except CryptoError as error:
            logger.warning("WeChat: refused an encrypted message: %s", error)
            return 403, "forbidden"
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
            reply = await asyncio.wait_for(asyncio.shield(delivery.task),
                                           self.reply_timeout if last else self.hold_seconds)
        except asyncio.TimeoutError:
            logger.warning("WeChat: no answer to %s within %.1f s of delivery %d; replied "
                           "'success'", key, self.reply_timeout if last else self.hold_seconds,
                           delivery.count)
            if last and self.customer_service is not None:  # WeChat stops waiting: send later
                delivery.task.add_done_callback(
                    lambda task: self.send_late(message["FromUserName"], task))
            return 200, SUCCESS
        except Exception:  # logged by _log_failure
            return 200, SUCCESS
        if encrypted and self.crypto is not None and reply != SUCCESS:
            nonce = str(params.get("nonce") or "") or str(time.time_ns())
            reply = self.crypto.encrypted_reply(reply, str(int(time.time())), nonce)
        return 200, reply

    def read(self, body: bytes, params: Mapping[str, str]) -> tuple[dict[str, str], bool]:
        """The message, and whether it came encrypted (safe or compatibility mode)."""
        fields = parse_fields(body)
        if "Encrypt" in fields and self.crypto is not None:
            return checked_message(parse_fields(self.crypto.decrypt(fields["Encrypt"],
                                                                    params))), True
        return checked_message(fields), False

    async def answer(self, message: Mapping[str, str], on_new_message: Handler,
                     responses: Mapping[str, Any]) -> str:
        kind = message["MsgType"]
        # A voice message carries WeChat's transcript when speech recognition is switched on.
        text = message.get("Content") if kind == "text" else message.get("Recognition")
        if kind in ("text", "voice") and (text or "").strip():
            return await self.converse(message, text or "", on_new_message, responses)
        if kind == "event":
            event = message.get("Event", "").lower()
            if event == "subscribe":  # the domain's greeting
                return await self.converse(message, "/greet", on_new_message, responses)
            if event == "click":  # a custom menu button (docs/channels.md lists the keys)
                payload = menu_payload(message.get("EventKey", ""))
                return await self.converse(message, payload, on_new_message, responses)
            return SUCCESS
        text = channel_text(responses, "utter_text_only", DEFAULT_LANGUAGE)
        if not text:
            logger.error("WeChat: the domain has no response utter_text_only for %s messages",
                         kind)
        return text_reply(message, text) if text else SUCCESS

    async def converse(self, message: Mapping[str, str], text: str, on_new_message: Handler,
                       responses: Mapping[str, Any]) -> str:
        sender = message["FromUserName"]
        rest = self.more.pop(sender)  # the rest of a long answer is for "继续" only
        if rest and is_more_request(text):
            if rest[1:]:
                self.more.set(sender, rest[1:])
            return text_reply(message, rest[0])
        button = chosen_button(text, self.choices.get(sender) or [])
        if button is not None:
            text = str(button["payload"])
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                         message_id=message.get("MsgId") or None,
                                         metadata={"language": DEFAULT_LANGUAGE}))
        said = " ".join(str(m.get("text") or "") for m in collector.messages)
        language = language_of(said, DEFAULT_LANGUAGE)
        more_hint = ("" if self.customer_service else
                     channel_text(responses, "utter_wechat_more", language))
        pages, buttons = render(collector.messages,
                                channel_text(responses, "utter_reply_with_number", language),
                                more_hint)
        if buttons:
            self.choices.set(sender, buttons)
        else:
            self.choices.pop(sender)
        if pages[1:] and self.customer_service is not None:
            task = asyncio.ensure_future(self.send_rest(sender, pages[1:]))
            task.add_done_callback(_log_failure)
        elif pages[1:]:
            self.more.set(sender, pages[1:])
        return text_reply(message, pages[0]) if pages else SUCCESS

    def send_late(self, openid: str, task: asyncio.Future) -> None:
        """An answer ready after WeChat's last delivery gave up: through the customer-service
        API (it would be lost otherwise)."""
        if task.cancelled() or task.exception() is not None or task.result() == SUCCESS:
            return
        content = parse_fields(task.result().encode()).get("Content") or ""
        if content:
            sent = asyncio.ensure_future(self.send_rest(openid, [content], wait=0))
            sent.add_done_callback(_log_failure)

    async def send_rest(self, openid: str, pages: list[str], wait: float = 0.5) -> None:
        """The pages after the passive reply, through the customer-service API, in order."""
        await asyncio.sleep(wait)  # after the passive reply has reached WeChat
        for index, page in enumerate(pages):
            try:
                await self.customer_service.send_text(openid, page)  # type: ignore[union-attr]
            except CustomerServiceError as error:
                logger.error("WeChat: the customer-service API refused the rest of an "
                             "answer (%s); it is kept for 继续 / more", error)
                self.more.set(openid, pages[index:])
                return


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
