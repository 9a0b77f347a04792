"""`python -m bot run` with the real servers: when the action server is killed, Rasa and the web
page keep serving (a turn that needs an action gets the clear "can't answer right now" reply),
the launcher logs the death, starts the action server again, and the conversation goes on."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml

from bot.paths import DOMAIN_FILE, REPO_ROOT
from bot.servers.lifecycle import answers
from bot.settings import environment
from tests.conftest import require_model
from tests.processes import STARTED, alive

pytestmark = pytest.mark.e2e

PORTS = {"RASA_PORT": "19505", "ACTION_SERVER_PORT": "19555", "WEB_PORT": "19580"}


def say(text: str, sender: str) -> str:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://localhost:{PORTS['RASA_PORT']}/webhooks/rest/webhook", data=body,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return "\n".join(m.get("text") or "" for m in json.loads(response.read()))


def wait_for_line(log: Path, needle: str, timeout: float, launcher: subprocess.Popen) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", errors="replace")
        if needle in text:
            return text
        assert launcher.poll() is None, f"the launcher exited with {launcher.returncode}: {text}"
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} not in the launcher's output within {timeout:.0f} s")


def started_pids(text: str) -> dict[str, int]:
    return {m["name"]: int(m["pid"]) for m in STARTED.finditer(text)}


def test_a_killed_action_server_comes_back_while_rasa_and_the_page_keep_serving(tmp_path):
    require_model()
    variations = yaml.safe_load(DOMAIN_FILE.read_text("utf-8"))["responses"][
        "utter_service_unavailable"]
    unavailable = next(v["text"] for v in variations if not v.get("condition"))
    env = {**environment(), **PORTS,
           "ACTION_SERVER_URL": f"http://localhost:{PORTS['ACTION_SERVER_PORT']}/webhook",
           "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}"}
    log = tmp_path / "run.log"
    with log.open("wb") as output:
        launcher = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=REPO_ROOT, env=env,
                                    stdout=output, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    try:
        pids = started_pids(wait_for_line(log, "The assistant is ready", 600, launcher))
        sender = f"supervised-{uuid.uuid4().hex}"
        assert "第二十五条" in say("show me article 25 of the legal aid law", sender)

        os.kill(pids["action server"], signal.SIGKILL)
        text = wait_for_line(log, f"The action server (pid {pids['action server']}) was killed "
                             "by signal 9", 30, launcher)
        assert unavailable in say("show me article 31 of the legal aid law", sender)
        assert answers(f"http://localhost:{PORTS['WEB_PORT']}/")

        text = wait_for_line(log, "is serving again", 300, launcher)
        again = started_pids(text.split("was killed by signal 9", 1)[1])["action server"]
        assert again != pids["action server"] and alive(again)
        assert alive(pids["Rasa server"]) and alive(pids["web page"])  # never restarted
        assert "第三十一条" in say("show me article 31 of the legal aid law", sender)
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            assert launcher.wait(timeout=60) == 0
        finally:
            for pid in started_pids(log.read_text("utf-8", errors="replace")).values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
            if launcher.poll() is None:
                os.killpg(launcher.pid, signal.SIGKILL)
