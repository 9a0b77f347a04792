"""Real servers for the production tests: each one's stdout and stderr go to its own log file
(the log test scans them), and a Rasa server can be SIGKILLed and started again."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.ops import launcher
from bot.servers.lifecycle import ServerProcess
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


class Server(ServerProcess):
    """One server process (its own process group) writing to its log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], health_url: str,
                 log_path: Path) -> None:
        super().__init__(name, command, env, health_url, output=log_path)
        self.log_path = log_path

    def wait_ready(self, timeout: float = 300) -> Server:
        self.wait_until_ready(timeout)
        return self

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
        if server.running():
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
