"""One real assistant (action server and Rasa server) for the end-to-end tests that can share it:
REST (tests/e2e), WeChat and Telegram (tests/channels; Telegram's Bot API is a local stand-in).

Started once per test session, when a test first asks for `assistant`: each start-up costs
30-60 s on two cores. Tests that need a server of their own (restarts, other settings) start
it themselves. Ports 16000-16999. Registered as a plugin by tests/conftest.py.
"""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot.ops import launcher
from bot.paths import REPO_ROOT
from bot.servers.lifecycle import running
from bot.settings import environment
from tests.channels.bot_api_stand_in import BotApiStandIn
from tests.conftest import require_model

RASA_PORT, ACTION_SERVER_PORT, BOT_API_PORT = 16005, 16055, 16081
WECHAT_TOKEN = "legalaid2024"
WECHAT_APP_ID = "wx2c2769f8efd9abc2"  # WeChat's published safe-mode sample
WECHAT_ENCODING_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
TELEGRAM_BOT_NAME = "legal_aid_test_bot"
TELEGRAM_SECRET = "s3cr3t-Webhook_token"
TELEGRAM_WEBHOOK_URL = "https://bot.example.org/webhooks/telegram/webhook"
CHANNEL_KEYS = ("bot.channels.rest.RestInput", "bot.channels.wechat.WeChatInput",
                "bot.channels.telegram.TelegramInput", "bot.channels.socketio.SocketIOInput")


@dataclass
class Assistant:
    """The running assistant, reached as a website, an app or a messaging platform reaches it;
    its tracker database, and the Bot API stand-in."""

    base_url: str
    tracker_url: str
    action_server_port: int = ACTION_SERVER_PORT
    bot_api: BotApiStandIn | None = None

    def post(self, path: str, body: bytes, content_type: str = "application/json"
             ) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base_url + path, data=body,
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def say(self, text: str, sender: str | None = None) -> list[dict]:
        body = json.dumps({"sender": sender or f"test-{uuid.uuid4()}", "message": text})
        status, reply = self.post("/webhooks/rest/webhook", body.encode())
        assert status == 200, reply
        return json.loads(reply)

    def events(self, sender_id: str) -> list[str]:
        """The types of the events stored for `sender_id`, oldest first."""
        path = self.tracker_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as database:
            try:
                rows = database.execute("SELECT type_name FROM events WHERE sender_id = ? "
                                        "ORDER BY id", (sender_id,)).fetchall()
            except sqlite3.OperationalError:  # no table yet: nothing stored at all
                return []
        return [row[0] for row in rows]


def channel_credentials(path: Path) -> Path:
    """REST, WeChat, Telegram and the web widget, taken from the repository's credentials files."""
    credentials: dict = {}
    for name in ("credentials.wechat.yml", "credentials.telegram.yml"):
        channels = yaml.safe_load((REPO_ROOT / name).read_text("utf-8"))
        credentials.update({k: v for k, v in channels.items() if k in CHANNEL_KEYS})
    assert set(CHANNEL_KEYS) <= set(credentials), credentials
    path.write_text(yaml.safe_dump(credentials), "utf-8")
    return path


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    require_model()
    folder = tmp_path_factory.mktemp("assistant")
    bot_api = BotApiStandIn(BOT_API_PORT, TELEGRAM_BOT_NAME)
    bot_api.serve_in_thread()
    tracker_url = f"sqlite:///{folder / 'tracker.sqlite3'}"
    env = environment()
    env.update({
        "RASA_PORT": str(RASA_PORT), "ACTION_SERVER_PORT": str(ACTION_SERVER_PORT),
        "ACTION_SERVER_URL": f"http://localhost:{ACTION_SERVER_PORT}/webhook",
        "TRACKER_STORE_URL": tracker_url,
        "RASA_CREDENTIALS": str(channel_credentials(folder / "credentials.yml")),
        "WECHAT_TOKEN": WECHAT_TOKEN,
        # Safe mode on (WeChat's published sample AppID and EncodingAESKey): plain messages are
        # still accepted, encrypted ones decrypted and answered encrypted.
        "WECHAT_APP_ID": WECHAT_APP_ID, "WECHAT_ENCODING_AES_KEY": WECHAT_ENCODING_AES_KEY,
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": TELEGRAM_BOT_NAME,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": bot_api.url, "MAX_MESSAGE_CHARS": "2000",
        # Short, so that the tests of a hanging Bot API take seconds (defaults: 5 s, 3).
        "TELEGRAM_SEND_TIMEOUT": "1.5", "TELEGRAM_SEND_ATTEMPTS": "2",
    })
    with running([launcher.action_server(env), launcher.rasa_server(env)]):
        launcher.warm_up_action_server(env)
        yield Assistant(f"http://localhost:{RASA_PORT}", tracker_url, bot_api=bot_api)
