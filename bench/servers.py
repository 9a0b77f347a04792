"""Start a bot for measuring: time to its first answer, and the peak memory of its servers.

Our assistant starts exactly as `make run` starts it (`python -m bot run`: action server, then
Rasa server, then the web page) on bench ports with a temporary SQLite tracker store; the stock
bot starts as `rasa run` in its project folder. Memory is read from /proc (psutil is not in the
environment): the peak of the summed RSS of each server's process tree, sampled every 0.2 s,
and never less than the kernel's high-water mark (VmHWM) of the server process itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.servers.lifecycle import ServerProcess
from bot.settings import environment

START_TIMEOUT_S = 600.0  # a loaded 2-core machine can take minutes to load the model


@dataclass
class Ports:
    rasa: int
    actions: int
    web: int


@dataclass
class RunningBot:
    url: str
    startup_s: float  # process start to the first answer to FIRST_MESSAGE
    roles: dict[str, int] = field(default_factory=dict)  # "rasa"/"actions" -> pid
    peak_rss_mb: dict[str, float] = field(default_factory=dict)


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(p) for p in found]


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(children(current))
    return pids


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


class MemoryMonitor(threading.Thread):
    """Samples the summed RSS of each role's process tree until stopped."""

    def __init__(self, running: RunningBot, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.running, self.interval = running, interval
        self.peak_kb: dict[str, int] = dict.fromkeys(running.roles, 0)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def sample(self) -> None:
        for role, pid in self.running.roles.items():
            summed = sum(_status_kb(p, "VmRSS") for p in tree(pid))
            high_water = _status_kb(pid, "VmHWM")
            self.peak_kb[role] = max(self.peak_kb[role], summed, high_water)

    def finish(self) -> dict[str, float]:
        self.sample()
        self._stop_event.set()
        self.join()
        return {role: round(kb / 1024, 1) for role, kb in self.peak_kb.items()}


def say(url: str, text: str, sender: str, timeout: float = 60.0) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url + "/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def wait_for_first_answer(url: str, text: str, process: subprocess.Popen, started: float
                          ) -> float:
    """Seconds from `started` until `text` gets a reply (the port opens once the model is
    loaded, so connection errors until then are expected)."""
    while time.perf_counter() - started < START_TIMEOUT_S:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            say(url, text, "bench-first-answer", timeout=30)
            return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise TimeoutError(f"{url} gave no answer within {START_TIMEOUT_S:.0f} s")


def ours_environment(ports: Ports, workdir: Path) -> dict[str, str]:
    env = environment()
    env.update({"RASA_PORT": str(ports.rasa), "ACTION_SERVER_PORT": str(ports.actions),
                "ACTION_SERVER_URL": f"http://localhost:{ports.actions}/webhook",
                "WEB_PORT": str(ports.web),
                "TRACKER_STORE_URL": f"sqlite:///{workdir / 'bench-tracker.sqlite3'}"})
    return env


def _find_roles(parent: int, patterns: dict[str, str], timeout: float = 30.0) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = {role: pid for pid in children(parent) for role, needle in patterns.items()
                 if needle in command_line(pid)}
        if len(found) == len(patterns):
            return found
        time.sleep(0.1)
    raise RuntimeError(f"servers {sorted(patterns)} not found under process {parent}")


@contextmanager
def running_ours(ports: Ports, workdir: Path, first_message: str) -> Iterator[RunningBot]:
    env = ours_environment(ports, workdir)
    url = f"http://localhost:{ports.rasa}"
    started = time.perf_counter()
    # Output to a log file, not the report.
    bot = ServerProcess("assistant", [sys.executable, "-m", "bot", "run"], env, url + "/",
                        output=workdir / "ours.log").start()
    process = bot.process
    monitor = None
    try:
        roles = _find_roles(process.pid, {"actions": "--actions", "rasa": "--model"}, 300)
        running = RunningBot(url, 0.0, roles)
        monitor = MemoryMonitor(running)
        monitor.start()
        running.startup_s = round(wait_for_first_answer(url, first_message, process, started), 2)
        yield running
    finally:
        if monitor is not None:
            running.peak_rss_mb = monitor.finish()
        bot.stop(grace=30)


@contextmanager
def running_stock(project: Path, port: int, workdir: Path, first_message: str
                  ) -> Iterator[RunningBot]:
    command = [sys.executable, "-m", "rasa", "run", "--model", "models", "--port", str(port),
               "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"]
    env = environment()  # the same TensorFlow settings as ours (threads, oneDNN)
    url = f"http://localhost:{port}"
    started = time.perf_counter()
    stock = ServerProcess("stock bot", command, env, url + "/", output=workdir / "stock.log",
                          cwd=project).start()
    process = stock.process
    running = RunningBot(url, 0.0, {"rasa": process.pid})
    monitor = MemoryMonitor(running)
    monitor.start()
    try:
        running.startup_s = round(wait_for_first_answer(url, first_message, process, started), 2)
        yield running
    finally:
        running.peak_rss_mb = monitor.finish()
        stock.stop(grace=30)
