"""How every server process is started, awaited and stopped: `python -m bot run`, the staff shell,
the bench and the tests all go through `ServerProcess`.

Each server runs in its own process group (session), so stopping it stops whatever it started
too (Rasa's and Sanic's worker processes): no orphan holding a port. Its output goes where the
caller says: inherited (the launcher's terminal), appended to a log file (tests, bench), or kept
in memory, the last lines only, shown when it fails to start (the staff shell: what staff type
never reaches a file).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bot.paths import REPO_ROOT

MEMORY = "memory"  # `output=MEMORY`: keep the last lines in memory
KEPT_LINES = 40
STOP_GRACE_S = 10.0  # from SIGTERM to SIGKILL


def wait_for_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers 200, the process exits, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        if answers(url):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def answers(url: str, timeout: float = 2) -> bool:
    """Does `url` answer 200 right now?"""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def port_is_taken(url: str) -> bool:
    port = urlsplit(url).port
    with socket.socket() as probe:
        return port is not None and probe.connect_ex((urlsplit(url).hostname, port)) == 0


def stop_group(process: subprocess.Popen, grace: float | None = None) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left after `grace` seconds."""
    grace = STOP_GRACE_S if grace is None else grace
    if process.poll() is not None:
        with_leftovers_killed(process)
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
    with_leftovers_killed(process)


def with_leftovers_killed(process: subprocess.Popen) -> None:
    """A server that died may leave children in its group (holding its port): kill them."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


class ServerProcess:
    """One server: its command, environment, the URL that answers 200 once it is ready, and
    where its output goes (None: inherited; a Path: appended to that file; MEMORY)."""

    def __init__(self, name: str, command: Sequence[str], env: dict[str, str], ready_url: str,
                 ready_timeout: float = 300, output: Path | str | None = None,
                 cwd: Path = REPO_ROOT) -> None:
        self.name, self.command, self.env = name, list(command), env
        self.ready_url, self.ready_timeout = ready_url, ready_timeout
        self.output, self.cwd = output, cwd
        self.process: subprocess.Popen | None = None
        self.lines: deque[str] = deque(maxlen=KEPT_LINES)

    def __repr__(self) -> str:
        return f"ServerProcess({self.name!r}, pid={self.pid})"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_code(self) -> int | None:
        return self.process.poll() if self.process is not None else None

    def start(self) -> ServerProcess:
        """Start it (refusing a port that another process answers on: else the readiness check
        would ask someone else's server)."""
        if port_is_taken(self.ready_url):
            raise RuntimeError(f"port {urlsplit(self.ready_url).port} for the {self.name} is "
                               "taken by another process")
        options: dict = {"cwd": self.cwd, "env": self.env, "start_new_session": True}
        if self.output == MEMORY:
            self.lines.clear()
            self.process = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, errors="replace", **options)
            threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()
        elif self.output is not None:
            with Path(self.output).open("ab") as log:  # the child keeps its own descriptor
                self.process = subprocess.Popen(self.command, stdout=log,
                                                stderr=subprocess.STDOUT, **options)
        else:
            self.process = subprocess.Popen(self.command, **options)
        return self

    def _drain(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip())

    def is_ready(self) -> bool:
        return self.running() and answers(self.ready_url)

    def wait_until_ready(self, timeout: float | None = None) -> ServerProcess:
        """Wait for the ready URL; RuntimeError if the server exits first, TimeoutError after
        `timeout` (default: its own). Output kept in memory is attached to the error."""
        assert self.process is not None, f"the {self.name} was never started"
        try:
            wait_for_http(self.ready_url, timeout or self.ready_timeout, self.process)
        except (RuntimeError, TimeoutError) as error:
            if self.output == MEMORY and self.lines:
                raise type(error)(f"the {self.name}: {error}; its last output:\n"
                                  + "\n".join(self.lines)) from error
            raise type(error)(f"the {self.name}: {error}") from error
        return self

    def stop(self, grace: float | None = None) -> None:
        if self.process is not None:
            stop_group(self.process, grace)

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown hook runs, as in a power cut."""
        assert self.process is not None, f"the {self.name} was never started"
        with_leftovers_killed(self.process)
        self.process.wait()


@contextmanager
def running(servers: Sequence[ServerProcess], grace: float | None = None
            ) -> Iterator[list[ServerProcess]]:
    """Start the servers together (their start-ups overlap), wait until each is ready, and
    stop them all afterwards, the last started first."""
    with ExitStack() as stack:
        for server in servers:
            server.start()
            stack.callback(server.stop, grace)
        for server in servers:
            server.wait_until_ready()
        yield list(servers)
