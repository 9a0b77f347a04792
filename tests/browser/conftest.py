"""Start the real servers for the browser tests: action server, Rasa (Socket.IO), the web page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.ops import launcher
from bot.ops.training import MODEL_FILE
from bot.servers.lifecycle import running
from bot.settings import environment

PORTS = {"RASA_PORT": "17005", "ACTION_SERVER_PORT": "17055", "WEB_PORT": "17080"}


@dataclass
class Site:
    """The running web page and the Rasa server behind it."""

    web_url: str
    rasa_url: str


def wait_for_model(timeout: float = 300) -> None:
    """The lead may be retraining: the model file can be missing for a moment."""
    deadline = time.monotonic() + timeout
    while not MODEL_FILE.exists():
        if time.monotonic() > deadline:
            pytest.fail("no trained model: run `make train` first (make e2e does)")
        time.sleep(2)


def site_environment(tracker_url: str) -> dict[str, str]:
    env = environment()
    env.update(PORTS)
    env.update({
        "ACTION_SERVER_URL": f"http://localhost:{PORTS['ACTION_SERVER_PORT']}/webhook",
        "TRACKER_STORE_URL": tracker_url,
        # The page is opened on 127.0.0.1 and talks to Rasa on localhost: a real CORS check.
        "ALLOWED_ORIGINS": f"http://127.0.0.1:{PORTS['WEB_PORT']}",
    })
    return env


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Site]:
    env = site_environment(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'tracker.sqlite3'}")
    rasa_url = f"http://localhost:{env['RASA_PORT']}"
    web_url = f"http://127.0.0.1:{env['WEB_PORT']}"
    wait_for_model()
    # Started together, then waited for: the model load dominates.
    with running([launcher.web_server(env), launcher.action_server(env),
                  launcher.rasa_server(env)]):
        yield Site(web_url, rasa_url)
