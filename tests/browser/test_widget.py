"""The web page and its chat widget in headless Chromium, against the real servers.

Each scenario of widget.spec.mjs runs in its own browser (node + playwright-core, Debian's
/usr/bin/chromium); the servers are shared (conftest.py `site`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

SPEC = Path(__file__).with_name("widget.spec.mjs")
SCREENSHOT = REPO_ROOT / "reports" / "browser" / "widget.png"
SCREENSHOT_ZH = REPO_ROOT / "reports" / "browser" / "widget-zh.png"
CITATION = re.compile(r"\((Legal Aid Law|Regulations on Legal Aid|Lawyers Law) art\. \d+")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PLAYWRIGHT = REPO_ROOT / "web" / "node_modules" / "playwright-core"


@pytest.fixture(scope="session", autouse=True)  # session: checked before `site` starts servers
def browser_installed() -> None:
    """Chromium, node and playwright-core (`make browser-deps`): missing fails CI, skips here."""
    missing = [name for name, ok in (("chromium", Path(CHROMIUM).is_file()),
                                     ("node", shutil.which("node") is not None),
                                     ("web/node_modules", PLAYWRIGHT.is_dir())) if not ok]
    if missing:
        message = f"browser test needs {', '.join(missing)}: run `make browser-deps`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_scenario(site, name: str, screenshot: Path | None = None) -> dict:
    env = {**os.environ, "WEB_URL": site.web_url, "CHROMIUM": CHROMIUM}
    if screenshot:
        env["SCREENSHOT"] = str(screenshot)
    result = subprocess.run(["node", str(SPEC), name], env=env, capture_output=True, text=True,
                            timeout=240, cwd=REPO_ROOT)
    assert result.returncode == 0, f"{name}:\n{result.stderr[-4000:]}"
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["ok"] and summary["scenario"] == name
    return summary


def test_asks_a_question_and_clicks_through_a_screening(site):
    SCREENSHOT.unlink(missing_ok=True)
    summary = run_scenario(site, "cited_answer_and_screening", SCREENSHOT)
    assert CITATION.search(summary["answer"]), summary["answer"]
    assert summary["outcome"].startswith(
        "Outcome: you can apply for legal aid, and the financial-difficulty condition")
    assert SCREENSHOT.stat().st_size > 10_000  # a real picture, kept as a test artifact


def test_a_chinese_screening_with_the_page_in_chinese(site):
    SCREENSHOT_ZH.unlink(missing_ok=True)
    summary = run_scenario(site, "chinese_page_and_screening", SCREENSHOT_ZH)
    assert summary["lang"] == "zh-CN"
    assert summary["hint"].startswith("请输入您的问题") and summary["title"] == "法律援助咨询"
    assert summary["outcome"].startswith("结论：您申请法律援助不受经济困难条件的限制")
    assert SCREENSHOT_ZH.stat().st_size > 10_000  # kept as a test artifact


def test_the_language_toggle_switches_page_widget_and_assistant(site):
    summary = run_scenario(site, "language_toggle")
    assert summary["confirmed"] == "好的，接下来我用中文回答。"
    assert summary["hint"].startswith("请输入您的问题")
    assert summary["pageTitle"] == "法律援助咨询助手（中国）"
    assert summary["kept"], "the conversation was lost when the page changed language"


def test_user_text_shows_as_text_and_runs_nothing(site):
    summary = run_scenario(site, "user_text_is_escaped")
    assert summary["dialogs"] == 0 and summary["injected"] == 0


def test_a_new_tab_does_not_show_the_last_conversation(site):
    summary = run_scenario(site, "memory_is_per_tab")
    assert summary["reloadKeeps"] and summary["newTabUserMessages"] == 0


def test_keyboard_and_screen_reader_labels(site):
    summary = run_scenario(site, "keyboard_and_labels")
    assert summary["focusOutline"] not in ("none", "")
    assert CITATION.search(summary["answer"]), summary["answer"]  # the button was pressed
