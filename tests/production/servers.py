"""Real servers for the production tests: each one's stdout and stderr go to its own log file
(the log test scans them), and a Rasa server can be SIGKILLed and started again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.ops import launcher
from bot.paths import REPO_ROOT
from bot.settings import environment

ACTION_PORT = 18055


def server_environment(**overrides: str) -> dict[str, str]:
    """The assistant's environment with Rasa's default log level (INFO) and unbuffered output,
    so that a log file holds everything a process wrote when we read it."""
    env = environment()
    for name in ("LOG_LEVEL", "LOG_LEVEL_LIBRARIES", "DEBUG"):
        env.pop(name, None)
    env.update({"ACTION_SERVER_PORT": str(ACTION_PORT),
                "ACTION_SERVER_URL": f"http://localhost:{ACTION_PORT}/webhook",
                "PYTHONUNBUFFERED": "1", **overrides})
    return env


@dataclass
class Server:
    """One server process (its own process group) writing to `log_path`."""

    name: str
    command: list[str]
    env: dict[str, str]
    health_url: str
    log_path: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Server:
        port = urlsplit(self.health_url).port
        with socket.socket() as probe:  # else the health check would ask someone else's server
            if probe.connect_ex(("localhost", port)) == 0:
                raise RuntimeError(f"port {port} for the {self.name} is taken by another process")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command, cwd=REPO_ROOT, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()  # the child holds its own descriptor
        return self

    def wait_ready(self, timeout: float = 300) -> Server:
        assert self.process is not None, f"{self.name} was never started"
        launcher.wait_for_http(self.health_url, timeout, self.process)
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown hook runs, as in a power cut."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            launcher.stop(self.process)

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def log_text(self, start: int = 0) -> str:
        with self.log_path.open("rb") as log:
            log.seek(start)
            return log.read().decode("utf-8", errors="replace")


def action_server(log_dir: Path, kb_url: str | None = None) -> Server:
    env = server_environment(**({"KB_DATABASE_URL": kb_url} if kb_url else {}))
    return Server("action server", launcher.action_server_command(env), env,
                  f"http://localhost:{ACTION_PORT}/health", log_dir / "actions.log")


def rasa_server(name: str, port: int, tracker_url: str, log_dir: Path,
                **overrides: str) -> Server:
    env = server_environment(RASA_PORT=str(port), TRACKER_STORE_URL=tracker_url, **overrides)
    return Server(name, launcher.rasa_server_command(env), env,
                  f"http://localhost:{port}/", log_dir / f"rasa-{name}.log")


def start_all(servers: list[Server], timeout: float = 400,
              meanwhile: Callable[[], object] | None = None) -> float:
    """Start the servers together (model loading overlaps), run `meanwhile` while they load,
    and wait for all; seconds taken."""
    began = time.monotonic()
    for server in servers:
        server.start()
    if meanwhile is not None:
        meanwhile()
    for server in servers:
        server.wait_ready(timeout)
    return time.monotonic() - began


def kill_all(servers: list[Server]) -> None:
    """Test servers hold nothing worth a graceful stop: SIGKILL them all at once."""
    for server in servers:
        if server.process is not None and server.process.poll() is None:
            server.kill()


@dataclass
class Deployment:
    """The running servers of the production tests (tests/production/conftest.py)."""

    log_dir: Path
    actions: Server
    sqlite: Server
    sqlite_url: str
    postgres: list[Server]
    postgres_url: str | None
    startup_seconds: float
