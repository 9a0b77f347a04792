"""One real Rasa server (and action server) with the WeChat and Telegram channels, for the
channel tests; Telegram's Bot API is a local stand-in. Ports 16000-16999."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from bot import launcher
from bot.paths import REPO_ROOT
from bot.settings import environment
from bot.training import MODEL_FILE
from tests.channels.bot_api_stand_in import BotApiStandIn
from tests.e2e.conftest import Assistant

RASA_PORT, ACTION_SERVER_PORT, BOT_API_PORT = 16005, 16055, 16081
WECHAT_TOKEN = "legalaid2024"
TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
TELEGRAM_BOT_NAME = "legal_aid_test_bot"
TELEGRAM_SECRET = "s3cr3t-Webhook_token"
TELEGRAM_WEBHOOK_URL = "https://bot.example.org/webhooks/telegram/webhook"
CHANNEL_KEYS = ("bot.channels.wechat.WeChatInput", "bot.channels.telegram.TelegramInput")


@dataclass
class ChannelServer(Assistant):
    """The running assistant, its tracker database and the Bot API stand-in."""

    bot_api: BotApiStandIn | None = None

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
    """The two channels, taken from the repository's credentials files."""
    credentials: dict = {}
    for name in ("credentials.wechat.yml", "credentials.telegram.yml"):
        channels = yaml.safe_load((REPO_ROOT / name).read_text("utf-8"))
        credentials.update({k: v for k, v in channels.items() if k in CHANNEL_KEYS})
    assert set(CHANNEL_KEYS) <= set(credentials), credentials
    path.write_text(yaml.safe_dump(credentials), "utf-8")
    return path


@pytest.fixture(scope="session")
def channel_server(tmp_path_factory) -> Iterator[ChannelServer]:
    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make e2e does)")
    folder = tmp_path_factory.mktemp("channels")
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
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_BOT_NAME": TELEGRAM_BOT_NAME,
        "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL, "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": bot_api.url, "MAX_MESSAGE_CHARS": "2000",
    })
    with launcher.running_action_server(env):
        rasa = launcher.start(launcher.rasa_server_command(env), env)
        try:
            launcher.wait_for_http(f"http://localhost:{RASA_PORT}/", 300, rasa)
            yield ChannelServer(f"http://localhost:{RASA_PORT}", tracker_url, bot_api)
        finally:
            launcher.stop(rasa)
