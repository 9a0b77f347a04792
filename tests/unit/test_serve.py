"""`python -m bot serve NAME` (one unit per server, deploy/systemd/) becomes the server itself,
with the command `python -m bot run` gives it."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from bot.ops import launcher
from bot.servers.lifecycle import ServerProcess, running
from bot.settings import environment

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_replaces_itself_with_the_server():
    port = str(free_port())
    env = {**os.environ, "WEB_PORT": port}
    command = [sys.executable, "-m", "bot", "serve", "web"]
    with running([ServerProcess("web page", command, env, f"http://localhost:{port}/", 30)]) \
            as (server,):
        cmdline = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
    expected = launcher.web_server_command(environment({"WEB_PORT": port}))
    assert [part.decode() for part in cmdline if part][1:] == expected[1:]


def test_every_server_of_run_has_a_unit():
    for name in launcher.SERVERS:
        unit = (UNITS / f"legal-aid-{name}.service").read_text("utf-8")
        assert f"ExecStart=/opt/legal-aid/.venv/bin/python -m bot serve {name}\n" in unit
        assert "Restart=always" in unit and "KillMode=control-group" in unit
        assert f"legal-aid-{name}.service" in (UNITS / "legal-aid.target").read_text("utf-8")
