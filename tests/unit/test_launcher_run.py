"""`python -m bot run` (bot/ops/launcher.py): every server it started is gone when it stops, whether
by Ctrl-C, by SIGTERM twice in a row, or because one of the servers died.

The launcher runs in its own process with stand-in servers (small Python processes, one of
which may ignore SIGTERM as a server busy shutting down would), so what is tested is the
launcher's own process handling, not Rasa's start-up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.paths import REPO_ROOT

LAUNCHER = """
import functools, subprocess, sys
from bot.ops import launcher

def server(behaviour):
    return [sys.executable, "-c", "import os, signal, sys, time\\n"
            "if sys.argv[1] == 'stubborn': signal.signal(signal.SIGTERM, signal.SIG_IGN)\\n"
            "os.write(1, b'up\\\\n')\\n"  # one write: lines of the servers never interleave
            "time.sleep(2 if sys.argv[1] == 'dies' else 120)", behaviour]

behaviours = sys.argv[1].split(",")  # action server, Rasa server, web page
launcher.action_server_command = lambda env: server(behaviours[0])
launcher.rasa_server_command = lambda env, extra=None: server(behaviours[1])
launcher.web_server_command = lambda env: server(behaviours[2])
launcher.await_action_server = lambda env, process: None
launcher.wait_for_http = lambda url, timeout, process=None: None
launcher.stop = functools.partial(launcher.stop, grace=1.0)
started = launcher.start

def start(command, env):
    process = started(command, env)
    print("server", process.pid, flush=True)
    return process

launcher.start = start
if len(sys.argv) > 2 and sys.argv[2] == "sigint-ignored":  # as a shell's background job
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(launcher.run())
"""


LAUNCHED: list[subprocess.Popen] = []  # every launcher and server a test started, killed
SERVERS: list[int] = []                 # after it whatever it left behind


def launch(behaviours: str, *options: str) -> tuple[subprocess.Popen, list[int]]:
    """Start the launcher; return it and its servers' pids once it says it is ready and every
    server is up (the servers share the launcher's standard output)."""
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, behaviours, *options],
                                cwd=REPO_ROOT,
                                stdout=subprocess.PIPE, text=True)
    LAUNCHED.append(launcher)
    pids, up, ready = [], 0, False
    for line in launcher.stdout:
        if line.startswith("server "):
            pids.append(int(line.split()[1]))
            SERVERS.append(pids[-1])
        up += line.strip() == "up"
        ready = ready or line.startswith("The assistant is ready")
        if ready and up == 3:
            return launcher, pids
    raise AssertionError(f"the launcher exited with {launcher.wait()} before it was ready")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child the launcher has not reaped yet is a zombie: it holds no port.
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


def wait_for_exit(launcher: subprocess.Popen, pids: list[int]) -> int:
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
    launcher, pids = launch("plain,plain,plain", *options)
    assert len(pids) == 3 and all(alive(pid) for pid in pids)
    launcher.send_signal(signal.SIGINT)
    assert wait_for_exit(launcher, pids) == 0
    assert not any(alive(pid) for pid in pids)


def test_a_second_sigterm_does_not_cut_the_clean_up_short():
    # The web page (stopped first) ignores SIGTERM, so the clean-up waits out its grace
    # period; the second SIGTERM arrives then.
    launcher, pids = launch("plain,plain,stubborn")
    launcher.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    launcher.send_signal(signal.SIGTERM)
    assert wait_for_exit(launcher, pids) == 0
    assert not any(alive(pid) for pid in pids)


def test_a_server_that_dies_takes_the_others_down():
    launcher, pids = launch("plain,dies,plain")
    assert wait_for_exit(launcher, pids) == 1
    assert not any(alive(pid) for pid in pids)
