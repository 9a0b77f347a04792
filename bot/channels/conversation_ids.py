"""Conversation ids carry their channel, so that a conversation is reached only through it.

A channel's own sender id (a Telegram chat id, a WeChat OpenID, a REST `sender`, the widget's
session id) is not secret, and the tracker store is keyed by one id: "telegram:<chat id>",
"wechat:<openid>", "rest:<sender>", "web:<session id>". A REST client naming "123456" reaches
"rest:123456", never Telegram chat 123456. The message guard (bot/channels/guard.py) scopes every
incoming message; replies go out addressed by the channel's own id again (`ChannelOutput`).

Conversations stored before this (bare ids) are moved to their channel's id by the tracker store
at start-up (`migrate`), from the channel their first user message came through.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import sqlalchemy as sa
from rasa.core.channels.channel import OutputChannel

logger = logging.getLogger(__name__)

SEPARATOR = ":"
# Rasa's channel name -> the prefix of its conversation ids.
PREFIXES = {"rest": "rest", "socketio": "web", "telegram": "telegram", "wechat": "wechat"}


def conversation_id(channel: str | None, sender: str) -> str:
    """The tracker store's id of `sender`'s conversation on `channel` (Rasa's channel name)."""
    return f"{PREFIXES.get(channel or '', channel or 'unknown')}{SEPARATOR}{sender}"


def channel_sender(conversation: str) -> str:
    """The channel's own id of a conversation (what replies are addressed to)."""
    prefix, separator, sender = conversation.partition(SEPARATOR)
    return sender if separator and prefix in PREFIXES.values() else conversation


class ChannelOutput(OutputChannel):
    """A channel's output channel, addressed with conversation ids: Rasa addresses replies to
    the tracker's id, the channel needs its own."""

    _METHODS = ("send_response", "send_text_message", "send_image_url", "send_attachment",
                "send_text_with_buttons", "send_quick_replies", "send_elements",
                "send_custom_json")

    def __init__(self, channel: OutputChannel) -> None:
        self.channel = channel

    def name(self) -> str:  # type: ignore[override]  # Rasa calls it on instances
        return self.channel.name()

    def __getattr__(self, attribute: str) -> Any:  # e.g. CollectingOutputChannel.messages
        return getattr(self.channel, attribute)


def _readdressed(method: str) -> Any:
    async def send(self: ChannelOutput, recipient_id: str, *args: Any, **kwargs: Any) -> Any:
        return await getattr(self.channel, method)(channel_sender(recipient_id), *args,
                                                   **kwargs)

    send.__name__ = method
    return send


for _method in ChannelOutput._METHODS:
    setattr(ChannelOutput, _method, _readdressed(_method))


def migrate(engine: sa.engine.Engine, events: sa.Table) -> int:
    """Move conversations stored under a bare channel id to their conversation id; the number
    moved. Idempotent; conversations whose channel is unknown (no user message, the staff
    shell) keep their id."""
    scoped = sa.or_(*[events.c.sender_id.startswith(prefix + SEPARATOR)
                      for prefix in set(PREFIXES.values())])
    first_user_event = (sa.select(sa.func.min(events.c.id))
                        .where(events.c.type_name == "user", ~scoped)
                        .group_by(events.c.sender_id))
    with engine.begin() as connection:
        rows = connection.execute(sa.select(events.c.sender_id, events.c.data)
                                  .where(events.c.id.in_(first_user_event))).all()
        moved = 0
        for sender, data in rows:
            channel = json.loads(data).get("input_channel")
            if channel not in PREFIXES:
                continue
            connection.execute(events.update().where(events.c.sender_id == sender)
                               .values(sender_id=conversation_id(channel, sender)))
            moved += 1
    if moved:
        logger.info("Moved %d conversation(s) stored before ids named their channel", moved)
    return moved
