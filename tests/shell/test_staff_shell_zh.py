"""The staff shell in Chinese: `python -m bot shell --lang zh` starts the conversation in Chinese
(the language a channel would give), numbered buttons answer in Chinese too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.paths import REPO_ROOT
from tests.conftest import require_model

pytestmark = pytest.mark.e2e

LINES = [
    "/greet",              # no words: the conversation's language is the shell's --lang
    "我能申请法律援助吗",
    "1",                   # the first button of the question, 刑事案件
    "/stop",
]


def test_the_shell_talks_chinese_with_lang_zh(tmp_path):
    require_model()
    env = {**os.environ, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--lang", "zh", "--rasa-port", "17305",
         "--action-port", "17355"], input="\n".join(LINES) + "\n", capture_output=True,
        text=True, timeout=600, cwd=REPO_ROOT, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    turns = result.stdout.split("You: ")
    assert len(turns) == len(LINES) + 1, result.stdout
    assert "您好！我是法律援助咨询助手" in turns[1], turns[1]
    assert "1) 刑事案件" in turns[2], turns[2]
    assert "需要法律援助的人在这起刑事案件中是什么身份？" in turns[3], turns[3]
