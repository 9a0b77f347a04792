"""Checks every input channel applies to a user's message, and the reply when answering fails.

`MessageGuard.wrap(on_new_message)` gives a channel a handler that
- names the conversation by channel and sender ("telegram:<chat id>", ...), so that no channel
  reaches another's conversations (bot/channels/conversation_ids.py);
- keeps of the message's metadata only what the assistant reads (NEEDED_METADATA);
- answers a message longer than MAX_MESSAGE_CHARS with `utter_message_too_long`, without
  storing or processing it (Rasa's UserMessage has already stripped surrounding whitespace, so
  only what is between the first and last visible character counts);
- drops control characters (other than tab and newlines) from the text;
- answers a typed payload the assistant could not have sent ("/faq", entity values that are
  lists) with `utter_type_your_question`, without processing it (bot/channels/payloads.py);
- answers `utter_service_unavailable` when the turn could not be completed: a custom action failed
  (the action server is down or crashed; Rasa 3.6 logs the error, drops the action's events and
  would otherwise send nothing) or processing raised (e.g. the tracker store is unreachable).

The texts are the running model's domain responses; `guard.attach(blueprint)` lets the guard find
the Sanic app (and so the agent) when the server starts.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from bot.channels.conversation_ids import ChannelOutput, conversation_id
from bot.channels.payloads import payload_problem
from bot.nlu.language import metadata_language, script_language
from bot.rasa_patches.action_failures import recording_action_failures
from bot.responses import language_slots, response_text
from bot.settings import max_message_chars

if TYPE_CHECKING:
    from rasa.core.channels.channel import UserMessage
    from sanic import Blueprint, Sanic
    from socketio import AsyncServer

logger = logging.getLogger(__name__)

MAX_SENDER_ID_CHARS = 128  # Rasa's SQL tracker store allows 255; real ids are far shorter
KEPT_CONTROLS = {"\t", "\n", "\r"}
# Metadata keys the assistant reads (the widget's customData: its page language); the rest of
# what a client sends is not stored with the conversation.
NEEDED_METADATA = {"language": 16}  # key -> longest value kept

Handler = Callable[["UserMessage"], Awaitable[Any]]


def sender_id_problem(sender: object) -> str | None:
    """Why `sender` cannot name a conversation, or None when it can."""
    if not isinstance(sender, str):
        return "sender must be a string"
    if not 1 <= len(sender) <= MAX_SENDER_ID_CHARS:
        return f"sender must be 1 to {MAX_SENDER_ID_CHARS} characters"
    if not sender.isprintable() or not is_encodable(sender):
        return "sender must consist of printable characters"
    return None


def is_encodable(text: str) -> bool:
    """False for lone surrogates ("\\ud800" in JSON), which no database or reply can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def without_controls(text: str) -> str:
    """`text` without control characters (NUL, ESC, ...) except tab and line breaks."""
    if text.isprintable():
        return text
    return "".join(c for c in text
                   if c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")


def template(responses: Mapping[str, Any], name: str, language: str | None = None,
             /, **values: Any) -> str:
    """The text of domain response `name` in `language` (None: English), chosen as Rasa's NLG
    chooses (bot/responses.py); "" when there is none."""
    return response_text({"responses": responses}, name, language_slots(language),
                         **values).strip()


def reply_language(message: UserMessage) -> str | None:
    """The language to answer a message in without the dialogue: its own script, else the
    channel's default in its metadata (bot/nlu/language.py)."""
    text = message.text if isinstance(message.text, str) else ""
    return script_language(text) or metadata_language(message.metadata)


def domain_responses(app: Sanic | None) -> Mapping[str, Any]:
    """The responses of the model `app` is running (it can be replaced at run time)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return getattr(getattr(agent, "domain", None), "responses", None) or {}


class MessageGuard:
    """The limits and failure replies of one channel."""

    def __init__(self, max_chars: int | None = None) -> None:
        self.max_chars = max_message_chars() if max_chars is None else max_chars
        self.app: Sanic | None = None

    def attach(self, blueprint: Blueprint) -> None:
        """Learn the app (and so the running model's responses) when the server starts."""

        async def remember_app(app: Sanic, _loop: object) -> None:
            self.app = app

        blueprint.listener("before_server_start")(remember_app)

    def wrap(self, on_new_message: Handler) -> Handler:
        async def guarded(message: UserMessage) -> None:
            await self.handle(message, on_new_message)

        return guarded

    async def handle(self, message: UserMessage, on_new_message: Handler) -> None:
        message.sender_id = conversation_id(message.input_channel, message.sender_id)
        message.output_channel = ChannelOutput(message.output_channel)
        message.metadata = needed_metadata(message.metadata)
        text = message.text if isinstance(message.text, str) else ""
        if len(text) > self.max_chars:
            logger.info("Refused a message of %d characters (limit %d) from a %s user",
                        len(text), self.max_chars, message.input_channel)
            await self._send(message, template(domain_responses(self.app),
                                               "utter_message_too_long", reply_language(message),
                                               max_chars=self.max_chars))
            return
        message.text = without_controls(text)
        agent = getattr(getattr(self.app, "ctx", None), "agent", None)
        problem = payload_problem(message.text, getattr(agent, "domain", None))
        if problem:
            logger.info("Answered a typed payload that cannot be processed (%s) from a %s "
                        "user", problem, message.input_channel)
            await self._utter(message, response="utter_type_your_question")
            return
        with recording_action_failures() as turn:
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - the user must get an answer
                # The type only: database errors quote their parameters, i.e. what users said.
                logger.error("Processing a message failed: %s", type(error).__name__)
                logger.debug("Processing a message failed", exc_info=True)
                turn.failed = True
        if turn.failed:
            await self._send(message, template(domain_responses(self.app),
                                               "utter_service_unavailable",
                                               reply_language(message)))

    async def _utter(self, message: UserMessage, response: str) -> None:
        """Domain response `response` in the variation the conversation's slots choose (its
        language), without running a turn."""
        agent = self.app.ctx.agent
        tracker = await agent.processor.get_tracker(message.sender_id)
        generated = await agent.processor.nlg.generate(response, tracker,
                                                       message.output_channel.name())
        await self._send(message, str((generated or {}).get("text") or ""))

    async def _send(self, message: UserMessage, text: str) -> None:
        if not text:
            logger.error("The running model has no text for a channel response: retrain it")
            return
        await message.output_channel.send_text_message(message.sender_id, text)


def needed_metadata(metadata: object) -> dict[str, str]:
    """The part of a message's metadata the assistant reads: short strings under known keys."""
    if not isinstance(metadata, Mapping):
        return {}
    return {key: value for key, limit in NEEDED_METADATA.items()
            if isinstance(value := metadata.get(key), str) and len(value) <= limit}


def restrict_socket_origins(sio: AsyncServer, namespace: str | None,
                            origins: list[str]) -> None:
    """Refuse Socket.IO connections from browser origins not in `origins` (ALLOWED_ORIGINS).

    CORS does not cover WebSocket, and Rasa turns python-engineio's own origin check off (it
    would repeat the CORS headers sanic-cors adds), so the check wraps Rasa's connect handler.
    Clients that send no Origin header (not browsers) pass, as they do with CORS.
    """
    namespace = namespace or "/"
    rasa_connect = sio.handlers[namespace]["connect"]

    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin not in origins:
            logger.info("Refused a Socket.IO connection from origin %s", origin)
            return False
        return await rasa_connect(sid, environ, auth)

    sio.on("connect", namespace=namespace)(connect)
