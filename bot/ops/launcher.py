"""Run the assistant in the foreground: action server + Rasa server + web page, stopped together.

Both run in their own process groups so that Ctrl-C (or SIGTERM) stops everything they started,
and if either dies the other is stopped too: no orphan servers holding ports.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from bot.ops.training import MODEL_FILE
from bot.paths import REPO_ROOT, VAR_DIR
from bot.settings import environment

# The Rasa server runs with the project's patches to Rasa (bot/rasa_patches/).
RASA_SERVER = [sys.executable, "-m", "bot.rasa_patches"]


def action_server_command(env: dict[str, str]) -> list[str]:
    return [sys.executable, "-m", "bot.servers.action_server", "--actions", "actions",
            "--port", env["ACTION_SERVER_PORT"]]


def rasa_server_command(env: dict[str, str], extra: list[str] | None = None) -> list[str]:
    return RASA_SERVER + [
        "run", "--model", str(MODEL_FILE), "--port", env["RASA_PORT"],
        "--endpoints", env.get("RASA_ENDPOINTS", "endpoints.yml"),
        "--credentials", env.get("RASA_CREDENTIALS", "credentials.yml"),
    ] + cors_arguments(env) + api_arguments(env, extra or []) + (extra or [])


MIN_API_TOKEN_CHARS = 16
TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def api_arguments(env: dict[str, str], extra: list[str]) -> list[str]:
    """Rasa's HTTP API (conversations, model, parse): off unless ENABLE_API, then it needs
    RASA_API_TOKEN (`?token=`) or RASA_JWT_SECRET (`Authorization: Bearer`); see docs/security.md.
    """
    flag = env.get("ENABLE_API", "").strip().lower()
    if flag not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(f"ENABLE_API must be true or false, not {flag!r}")
    if flag in FALSE_WORDS and "--enable-api" not in extra:
        return []
    token, jwt_secret = env.get("RASA_API_TOKEN", "").strip(), env.get("RASA_JWT_SECRET", "")
    if "--auth-token" in extra or "--jwt-secret" in extra:
        return ["--enable-api"]
    if not token and not jwt_secret:
        raise ValueError("ENABLE_API is set but RASA_API_TOKEN (or RASA_JWT_SECRET) is not: "
                         "refusing to expose every conversation without authentication")
    if token and len(token) < MIN_API_TOKEN_CHARS:
        raise ValueError(f"RASA_API_TOKEN must be at least {MIN_API_TOKEN_CHARS} characters")
    return (["--enable-api"] + (["--auth-token", token] if token else [])
            + (["--jwt-secret", jwt_secret] if jwt_secret else []))


def cors_arguments(env: dict[str, str]) -> list[str]:
    """`--cors` with the browser origins allowed to call Rasa (the web page's, by default)."""
    origins = env.get("ALLOWED_ORIGINS", "").replace(",", " ").split()
    return ["--cors", *origins] if origins else []


def web_server_command(env: dict[str, str]) -> list[str]:
    return [sys.executable, "-m", "bot.servers.web", "--port", env["WEB_PORT"]]


def wait_for_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers 200, the process exits, or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env, start_new_session=True)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left after `grace` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@contextmanager
def running_action_server(env: dict[str, str]) -> Iterator[subprocess.Popen]:
    server = start(action_server_command(env), env)
    try:
        await_action_server(env, server)
        yield server
    finally:
        stop(server)


def await_action_server(env: dict[str, str], server: subprocess.Popen) -> None:
    """Wait for the action server's health check, then warm up its knowledge base."""
    wait_for_http(f"http://localhost:{env['ACTION_SERVER_PORT']}/health", 120, server)
    warm_up_action_server(env)


def warm_up_action_server(env: dict[str, str], timeout: float = 60) -> bool:
    """Run `action_warm_up` (actions/warm_up.py): the knowledge base's index is built now, not
    during the first user's question. A failure only costs that first question some seconds."""
    call = {"next_action": "action_warm_up", "sender_id": "warm-up", "domain": {},
            "tracker": {"sender_id": "warm-up", "slots": {}, "latest_message": {}, "events": []}}
    request = urllib.request.Request(
        f"http://localhost:{env['ACTION_SERVER_PORT']}/webhook", data=json.dumps(call).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except OSError as error:
        print(f"warning: the action server's warm-up failed ({error})", file=sys.stderr)
        return False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops cleanly, like Ctrl-C


def run(extra_rasa_args: list[str] | None = None) -> int:
    """Start the servers, print where to talk to them, and wait until Ctrl-C or a crash."""
    env = environment()
    VAR_DIR.mkdir(exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    # A shell starts background jobs with SIGINT ignored, and Python keeps that: Ctrl-C (or
    # `kill -INT`) must stop the assistant however it was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    servers: list[subprocess.Popen] = []
    try:
        # All three start at once: the Rasa server spends its start-up loading the model, and
        # needs the action server only at the first custom action, by when it is warm.
        for command in (action_server_command(env), rasa_server_command(env, extra_rasa_args),
                        web_server_command(env)):
            servers.append(start(command, env))
        actions, rasa, web = servers
        await_action_server(env, actions)
        wait_for_http(f"http://localhost:{env['WEB_PORT']}/", 30, web)
        wait_for_http(f"http://localhost:{env['RASA_PORT']}/", 300, rasa)
        print(f"\nThe assistant is ready. REST: http://localhost:{env['RASA_PORT']}"
              "/webhooks/rest/webhook  (Ctrl-C stops everything)"
              f"\nWeb page with the chat widget: http://localhost:{env['WEB_PORT']}/\n",
              flush=True)
        while all(p.poll() is None for p in servers):
            time.sleep(0.5)
        return 1  # one of the servers died on its own
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
        return 0
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave a server holding its port.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for server in reversed(servers):
            stop(server)

