"""Start the real action server and Rasa server once for the end-to-end tests."""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot import launcher
from bot.settings import environment
from bot.training import MODEL_FILE

pytestmark = pytest.mark.e2e


@dataclass
class Assistant:
    """A running assistant reached over REST, as a website or app would reach it."""

    base_url: str
    tracker_url: str

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


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Iterator[Assistant]:
    if not MODEL_FILE.exists():
        pytest.fail("no trained model: run `make train` first (make e2e does)")
    tracker_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'tracker.sqlite3'}"
    env = environment()
    env.update({"RASA_PORT": "15005", "ACTION_SERVER_PORT": "15055",
                "ACTION_SERVER_URL": "http://localhost:15055/webhook",
                "TRACKER_STORE_URL": tracker_url})
    with launcher.running_action_server(env):
        rasa = launcher.start(launcher.rasa_server_command(env), env)
        try:
            launcher.wait_for_http("http://localhost:15005/", 300, rasa)
            yield Assistant("http://localhost:15005", tracker_url)
        finally:
            launcher.stop(rasa)
