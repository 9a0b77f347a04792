"""The channel credentials files are credentials.yml plus one channel, read from the env."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.paths import REPO_ROOT

BASE = yaml.safe_load((REPO_ROOT / "credentials.yml").read_text("utf-8"))
CHANNELS = {
    "credentials.wechat.yml": ("bot.channels.wechat.WeChatInput", {
        "WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_ENCODING_AES_KEY", "WECHAT_APP_SECRET",
        "WECHAT_CUSTOMER_SERVICE", "WECHAT_API_URL"}),
    "credentials.telegram.yml": ("bot.channels.telegram.TelegramInput", {
        "TELEGRAM_TOKEN", "TELEGRAM_BOT_NAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_SECRET_TOKEN"}),
}


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_a_channel_file_is_credentials_yml_plus_its_channel(name):
    text = (REPO_ROOT / name).read_text("utf-8")
    credentials = yaml.safe_load(text)
    channel, variables = CHANNELS[name]
    assert {k: v for k, v in credentials.items() if k != channel} == BASE
    assert set(re.findall(r"^[^#\n]*?\$\{(\w+)\}", text, re.MULTILINE)) == variables
    for value in credentials[channel].values():  # secrets only ever come from the environment
        assert re.fullmatch(r"\$\{\w+\}", value)


def test_the_env_example_documents_every_channel_variable():
    example = (REPO_ROOT / ".env.example").read_text("utf-8")
    for _, variables in CHANNELS.values():
        for variable in [*variables, "TELEGRAM_API_URL", "TELEGRAM_SEND_TIMEOUT",
                         "TELEGRAM_SEND_ATTEMPTS"]:
            assert re.search(rf"^# ?{variable}=", example, re.MULTILINE), variable
