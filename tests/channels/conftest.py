"""The channel tests talk to the session's shared assistant (tests/live_server.py), which runs
the WeChat and Telegram channels beside REST; Telegram's Bot API is a local stand-in."""

from __future__ import annotations

import pytest

from tests.live_server import (  # noqa: F401 (imported by the channel tests from here)
    TELEGRAM_BOT_NAME,
    TELEGRAM_SECRET,
    TELEGRAM_WEBHOOK_URL,
    WECHAT_TOKEN,
    Assistant,
)

ChannelServer = Assistant


@pytest.fixture
def channel_server(assistant: Assistant) -> Assistant:
    return assistant
