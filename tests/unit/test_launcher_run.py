"""`python -m bot run` (bot/ops/launcher.py): every server it started is gone when it stops,
whether by Ctrl-C or by SIGTERM twice in a row; a server that dies while the assistant serves is
started again while the others keep serving; one that dies during start-up stops them all.

The launcher runs in its own process with stand-in servers (small Python HTTP servers, one of
which may ignore SIGTERM as a server busy shutting down would), so what is tested is the
launcher's own process handling, not Rasa's start-up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.paths import REPO_ROOT
from bot.servers.supervisor import Backoff
from tests.processes import STARTED, alive

STAND_IN = """
import http.server, os, signal, sys, threading, time
behaviour, port = sys.argv[1], int(sys.argv[2])
if behaviour == 'stubborn':
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
if behaviour == 'broken':
    sys.exit(3)
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
    do_POST = do_GET
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(('localhost', port), Ok)
threading.Thread(target=server.serve_forever, daemon=True).start()
os.write(1, b'up\\n')  # one write: lines of the servers never interleave
time.sleep(120)
"""

LAUNCHER = """
import sys
from bot.ops import launcher
from bot.servers import lifecycle

def server(behaviour, port):
    return [sys.executable, "-c", STAND_IN, behaviour, port]

behaviours = sys.argv[1].split(",")  # action server, Rasa server, web page
launcher.action_server_command = lambda env: server(behaviours[0], env["ACTION_SERVER_PORT"])
launcher.rasa_server_command = lambda env, extra=None: server(behaviours[1], env["RASA_PORT"])
launcher.web_server_command = lambda env: server(behaviours[2], env["WEB_PORT"])
lifecycle.STOP_GRACE_S = 1.0
if len(sys.argv) > 2 and sys.argv[2] == "sigint-ignored":  # as a shell's background job
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(launcher.run())
""".replace("STAND_IN", repr(STAND_IN))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORTS = {"ACTION_SERVER_PORT": free_port(), "RASA_PORT": free_port(), "WEB_PORT": free_port()}
LAUNCHED: list[subprocess.Popen] = []  # every launcher and server a test started, killed
SERVERS: list[int] = []                 # after it whatever it left behind


def start_launcher(behaviours: str, *options: str) -> subprocess.Popen:
    env = {**os.environ, **{name: str(port) for name, port in PORTS.items()}}
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, behaviours, *options],
                                cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
    LAUNCHED.append(launcher)
    return launcher


def read_until(launcher: subprocess.Popen, done, pids: dict[str, int]) -> list[str]:
    """Read the launcher's output until `done(lines)`; note the servers' pids as started."""
    lines: list[str] = []
    for line in launcher.stdout:
        lines.append(line.strip())
        if found := STARTED.search(line):
            pids[found["name"]] = int(found["pid"])
            SERVERS.append(int(found["pid"]))
        if done(lines):
            return lines
    raise AssertionError(f"the launcher exited with {launcher.wait()}: " + "\n".join(lines))


def launch(behaviours: str, *options: str) -> tuple[subprocess.Popen, dict[str, int]]:
    """Start the launcher; return it and its servers' pids once it says it is ready and every
    server is up (the servers share the launcher's standard output)."""
    launcher, pids = start_launcher(behaviours, *options), {}
    read_until(launcher, lambda lines: lines.count("up") == 3 and any(
        line.startswith("The assistant is ready") for line in lines), pids)
    return launcher, pids


def answers(port: int) -> bool:
    with urllib.request.urlopen(f"http://localhost:{port}/", timeout=5) as response:
        return response.status == 200


def wait_for_exit(launcher: subprocess.Popen, pids) -> int:
    code = launcher.wait(timeout=30)
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return code


@pytest.fixture(autouse=True)
def cleanup():
    """Afterwards every launcher and server is killed, whatever a failing test left behind."""
    yield
    for launcher in LAUNCHED:
        launcher.kill()
        launcher.wait()
    for pid in SERVERS:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    LAUNCHED.clear()
    SERVERS.clear()


@pytest.mark.parametrize("options", [(), ("sigint-ignored",)], ids=["foreground", "background"])
def test_ctrl_c_stops_every_server(options):
    launcher, started = launch("plain,plain,plain", *options)
    pids = list(started.values())
    assert len(pids) == 3 and all(alive(pid) for pid in pids)
    launcher.send_signal(signal.SIGINT)
    assert wait_for_exit(launcher, pids) == 0
    assert not any(alive(pid) for pid in pids)


def test_a_second_sigterm_does_not_cut_the_clean_up_short():
    # The web page (stopped first) ignores SIGTERM, so the clean-up waits out its grace
    # period; the second SIGTERM arrives then.
    launcher, started = launch("plain,plain,stubborn")
    pids = list(started.values())
    launcher.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    launcher.send_signal(signal.SIGTERM)
    assert wait_for_exit(launcher, pids) == 0
    assert not any(alive(pid) for pid in pids)


@pytest.mark.parametrize("name", ["action server", "Rasa server"])
def test_a_killed_server_is_started_again_while_the_others_keep_serving(name):
    launcher, started = launch("plain,plain,plain")
    first = dict(started)
    others = {other: pid for other, pid in first.items() if other != name}
    os.kill(first[name], signal.SIGKILL)
    lines = read_until(launcher, lambda lines: f"The {name} (pid {started[name]}) is serving "
                       "again" in lines[-1], started)
    assert any(f"The {name} (pid {first[name]}) was killed by signal 9" in line
               for line in lines), lines
    assert started[name] != first[name] and alive(started[name])
    assert not alive(first[name])
    assert all(alive(pid) for pid in others.values())  # never stopped meanwhile
    assert all(answers(port) for port in PORTS.values())
    launcher.send_signal(signal.SIGINT)
    assert wait_for_exit(launcher, started.values()) == 0
    assert not any(alive(pid) for pid in [*first.values(), *started.values()])


def test_a_server_that_dies_during_start_up_stops_them_all():
    launcher, pids = start_launcher("plain,broken,plain"), {}
    lines = read_until(launcher, lambda lines: "could not start" in lines[-1], pids)
    assert "Rasa server" in lines[-1] and "exited with 3" in lines[-1]
    assert wait_for_exit(launcher, pids.values()) == 1
    assert not any(alive(pid) for pid in pids.values())


def test_restarts_back_off():
    assert [Backoff().delay(deaths) for deaths in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
