"""`python -m bot run`: the action server, the Rasa server and the web page in the foreground.

Each server runs in its own process group (bot/servers/lifecycle.py), so Ctrl-C (or SIGTERM)
stops everything they started. A server that dies while the assistant serves is logged and
started again after a back-off while the others keep serving (bot/servers/supervisor.py); one
that dies during start-up stops the whole assistant with an error. Operators who prefer systemd
run one unit per server instead (deploy/systemd/, docs/deploying.md), with the same commands.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import urllib.request

from bot.ops.training import MODEL_FILE
from bot.paths import VAR_DIR
from bot.servers.lifecycle import ServerProcess
from bot.servers.supervisor import Supervisor
from bot.settings import allowed_origins, environment, flag, setting

logger = logging.getLogger(__name__)

# The Rasa server runs with the project's patches to Rasa (bot/rasa_patches/).
RASA_SERVER = [sys.executable, "-m", "bot.rasa_patches"]


def action_server_command(env: dict[str, str]) -> list[str]:
    return [sys.executable, "-m", "bot.servers.action_server", "--actions", "actions",
            "--port", env["ACTION_SERVER_PORT"]]


def rasa_server_command(env: dict[str, str], extra: list[str] | None = None) -> list[str]:
    return RASA_SERVER + [
        "run", "--model", str(MODEL_FILE), "--port", env["RASA_PORT"],
        "--endpoints", setting("RASA_ENDPOINTS", env),
        "--credentials", setting("RASA_CREDENTIALS", env),
    ] + cors_arguments(env) + api_arguments(env, extra or []) + (extra or [])


MIN_API_TOKEN_CHARS = 16


def api_arguments(env: dict[str, str], extra: list[str]) -> list[str]:
    """Rasa's HTTP API (conversations, model, parse): off unless ENABLE_API, then it needs
    RASA_API_TOKEN (`?token=`) or RASA_JWT_SECRET (`Authorization: Bearer`); see docs/security.md.
    """
    if not flag("ENABLE_API", env) and "--enable-api" not in extra:
        return []
    token, jwt_secret = env.get("RASA_API_TOKEN", "").strip(), env.get("RASA_JWT_SECRET", "")
    if any(argument.split("=")[0] in ("--auth-token", "--jwt-secret") for argument in extra):
        return ["--enable-api"]
    if not token and not jwt_secret:
        raise ValueError("ENABLE_API is set but RASA_API_TOKEN (or RASA_JWT_SECRET) is not: "
                         "refusing to expose every conversation without authentication")
    if token and len(token) < MIN_API_TOKEN_CHARS:
        raise ValueError(f"RASA_API_TOKEN must be at least {MIN_API_TOKEN_CHARS} characters")
    # "--option=value": a secret may start with "-", which argparse would take for an option
    return (["--enable-api"] + ([f"--auth-token={token}"] if token else [])
            + ([f"--jwt-secret={jwt_secret}"] if jwt_secret else []))


def cors_arguments(env: dict[str, str]) -> list[str]:
    """`--cors` with the browser origins allowed to call Rasa (the web page's, by default)."""
    origins = allowed_origins(env)
    return ["--cors", *origins] if origins else []


def web_server_command(env: dict[str, str]) -> list[str]:
    return [sys.executable, "-m", "bot.servers.web", "--port", env["WEB_PORT"]]


def action_server(env: dict[str, str], output: str | None = None) -> ServerProcess:
    return ServerProcess("action server", action_server_command(env), env,
                         f"http://localhost:{env['ACTION_SERVER_PORT']}/health", 120, output)


def rasa_server(env: dict[str, str], extra: list[str] | None = None, host: str = "localhost",
                output: str | None = None) -> ServerProcess:
    return ServerProcess("Rasa server", rasa_server_command(env, extra), env,
                         f"http://{host}:{env['RASA_PORT']}/", 300, output)


def web_server(env: dict[str, str], output: str | None = None) -> ServerProcess:
    return ServerProcess("web page", web_server_command(env), env,
                         f"http://localhost:{env['WEB_PORT']}/", 30, output)


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


def supervisor(env: dict[str, str], extra_rasa_args: list[str] | None = None) -> Supervisor:
    """The three servers; the action server is warmed up whenever it is ready."""
    return Supervisor([action_server(env), rasa_server(env, extra_rasa_args), web_server(env)],
                      on_ready={"action server": lambda: warm_up_action_server(env)})


SERVERS = {"actions": action_server, "rasa": rasa_server, "web": web_server}


def serve(name: str, extra: list[str] | None = None) -> int:
    """`python -m bot serve actions|rasa|web`: one server in the foreground, with the command and
    environment `python -m bot run` gives it, for a process supervisor that runs one unit per
    server (deploy/systemd/). The server replaces this process, so it gets the signals."""
    env = environment()
    VAR_DIR.mkdir(exist_ok=True)
    server = rasa_server(env, extra) if name == "rasa" else SERVERS[name](env)
    os.chdir(server.cwd)
    os.execvpe(server.command[0], server.command, server.env)
    return 1  # not reached


def run(extra_rasa_args: list[str] | None = None) -> int:
    """Start the servers, print where to talk to them, and keep them running until Ctrl-C."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                            format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    env = environment()
    VAR_DIR.mkdir(exist_ok=True)
    signal.signal(signal.SIGTERM, _interrupt)
    # A shell starts background jobs with SIGINT ignored, and Python keeps that: Ctrl-C (or
    # `kill -INT`) must stop the assistant however it was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    servers = supervisor(env, extra_rasa_args)
    try:
        servers.start()
        for entry in servers.entries:
            logger.info("Started the %s (pid %s)", entry.server.name, entry.server.pid)
        servers.wait_until_ready()
        print(f"\nThe assistant is ready. REST: http://localhost:{env['RASA_PORT']}"
              "/webhooks/rest/webhook  (Ctrl-C stops everything)"
              f"\nWeb page with the chat widget: http://localhost:{env['WEB_PORT']}/\n",
              flush=True)
        servers.watch()
        return 0
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        logger.error("The assistant could not start: %s", error)
        return 1
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave a server holding its port.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        servers.stop()
