"""Rasa's REST channel, strict about what it accepts: `bot.channels.rest.RestInput` in credentials.

Same URL (/webhooks/rest/webhook) and the same JSON in and out as Rasa's `rest` channel, but
- a malformed request gets a 4xx with `{"error": "..."}` and reaches no conversation: a body that
  is not UTF-8 JSON (400) or not `application/json` (415), larger than MAX_BODY_BYTES (413), a
  missing or non-string `message`, a `sender` that is missing, not a string, longer than
  guard.MAX_SENDER_ID_CHARS or not printable, `metadata` that is not an object, has more than
  MAX_METADATA_KEYS keys or more than MAX_METADATA_BYTES of JSON (400); of the rest, only what
  the assistant reads is stored (guard.NEEDED_METADATA);
- `input_channel` is always "rest" (Rasa lets the client claim any channel), and the conversation
  is "rest:<sender>" (bot/channels/conversation_ids.py): REST reaches no other channel's;
- with REST_TOKEN set, a request without `Authorization: Bearer <REST_TOKEN>` gets 401; with
  PRODUCTION=true and no REST_TOKEN the webhook is off (403): a public REST endpoint lets anyone
  name any sender (docs/security.md);
- the user's text is never logged (Rasa logs it when processing fails);
- the guard (bot/channels/guard.py) answers over-long messages and failed turns.
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.channels.guard import Handler, MessageGuard, is_encodable, sender_id_problem
from bot.settings import environment, production, setting

logger = logging.getLogger(__name__)

# A message over MAX_MESSAGE_CHARS still gets its polite reply; a body over this is refused.
MAX_BODY_BYTES = 1024 * 1024
MAX_METADATA_KEYS = 20
MAX_METADATA_BYTES = 4096


class BadRequest(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RestAccess:
    """Who may use the webhook: anyone (development), holders of the token, or nobody."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        env = environment() if env is None else env
        self.token = setting("REST_TOKEN", env)
        self.off = production(env) and not self.token
        if self.off:
            logger.warning("The REST channel is off: PRODUCTION is set and REST_TOKEN is not")

    def refusal(self, authorization: str) -> BadRequest | None:
        if self.off:
            return BadRequest(403, "the REST channel is off (PRODUCTION without REST_TOKEN)")
        if self.token and not hmac.compare_digest(authorization.encode("utf-8", "replace"),
                                                  f"Bearer {self.token}".encode()):
            return BadRequest(401, "a valid Authorization: Bearer token is required")
        return None


@dataclass(frozen=True)
class RestMessage:
    sender: str
    text: str
    metadata: dict[str, Any] | None


def parse_request(content_type: str, body: bytes) -> RestMessage:
    """The message a request body carries, or BadRequest saying what is wrong with it."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise BadRequest(415, "Content-Type must be application/json")
    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise BadRequest(400, "the body is not valid UTF-8") from None
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested too deep
        raise BadRequest(400, "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "the body must be a JSON object")
    problem = sender_id_problem(payload.get("sender"))
    if problem:
        raise BadRequest(400, problem)
    text = payload.get("message")
    if not isinstance(text, str):
        raise BadRequest(400, "message must be a string")
    if not is_encodable(text):
        raise BadRequest(400, "message contains invalid characters (lone surrogates)")
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, "metadata must be a JSON object")
    if metadata and (len(metadata) > MAX_METADATA_KEYS
                     or len(json.dumps(metadata).encode()) > MAX_METADATA_BYTES):
        raise BadRequest(400, f"metadata must have at most {MAX_METADATA_KEYS} keys and "
                              f"{MAX_METADATA_BYTES} bytes")
    return RestMessage(payload["sender"], text, metadata)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")  # Python's json accepts NaN and Infinity


async def read_body(request: Request, limit: int) -> bytes:
    """The body of a streamed request; BadRequest(413) past `limit` bytes (not read further)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise BadRequest(413, f"the body must be at most {limit} bytes")
    if request.stream is None:  # Sanic streams only a request that has a body
        return request.body or b""
    request.stream.request_max_size = limit
    try:
        return b"".join([chunk async for chunk in request.stream])
    except PayloadTooLarge:
        raise BadRequest(413, f"the body must be at most {limit} bytes") from None


class RestInput(RasaRestInput):
    """REST in, the collected replies out; see the module docstring for what it refuses."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self, guard: MessageGuard | None = None,
                 access: RestAccess | None = None) -> None:
        self.guard = guard or MessageGuard()
        self.access = access or RestAccess()

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        rest = Blueprint("legal_aid_rest_webhook", __name__)
        self.guard.attach(rest)
        guarded = self.guard.wrap(on_new_message)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            refusal = self.access.refusal(request.headers.get("authorization", ""))
            if refusal:
                return response.json({"error": refusal.reason}, status=refusal.status)
            try:
                body = await read_body(request, MAX_BODY_BYTES)
                message = parse_request(request.headers.get("content-type", ""), body)
            except BadRequest as error:
                return response.json({"error": error.reason}, status=error.status)
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(guarded, message.text, message.sender, self.name(),
                                         message.metadata),
                    content_type="text/event-stream")
            collector = CollectingOutputChannel()
            await guarded(UserMessage(message.text, collector, message.sender,
                                      input_channel=self.name(), metadata=message.metadata))
            return response.json(collector.messages)

        return rest
