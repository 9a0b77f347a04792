"""The staff shell: talk to the assistant in a terminal; with --debug, see why it answered.

It starts the action server and a Rasa server of its own (Rasa on 127.0.0.1 only, its HTTP API
on with a random token made for this process) and talks to them over REST. In debug mode each
answer is followed by one block read from /conversations/<id>/tracker: the intent, its
confidence and the two runners-up, entities, the actions run and the slots that are set.

Conversations go to a temporary SQLite tracker store, deleted on exit, and the servers' output
is kept in memory only (shown if they fail to start): what staff type never reaches a file.
"""

from __future__ import annotations

import json
import secrets
import socket
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bot.ops import launcher
from bot.paths import VAR_DIR
from bot.servers.lifecycle import MEMORY, running
from bot.settings import environment

STOP, TOGGLE_DEBUG = "/stop", "/debug"
INTRO = (f"Staff shell. Type a message; a number picks a button. {TOGGLE_DEBUG} turns the debug "
         f"block on or off, {STOP} or Ctrl-D quits.")
RULE = "  " + "-" * 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Conversation:
    """One conversation with the shell's own Rasa server, over REST and the HTTP API."""

    base_url: str
    token: str
    sender: str = field(default_factory=lambda: f"staff-{uuid.uuid4().hex[:12]}")
    language: str | None = None  # --lang: the conversation's default, as a channel gives it

    def _request(self, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if path.startswith("/webhooks/"):
            headers["Authorization"] = f"Bearer {self.token}"  # REST_TOKEN of its server
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def send(self, text: str) -> list[dict]:
        body: dict[str, Any] = {"sender": self.sender, "message": text}
        if self.language:
            body["metadata"] = {"language": self.language}
        return self._request("/webhooks/rest/webhook", body)

    def tracker(self) -> dict:
        # Conversation ids name their channel (bot/channels/conversation_ids.py).
        return self._request(f"/conversations/rest:{self.sender}/tracker?token={self.token}")


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def debug_block(tracker: dict) -> list[str]:
    """The lines that explain the last turn of `tracker` (a /conversations/<id>/tracker body)."""
    message = tracker.get("latest_message") or {}
    intent = message.get("intent") or {}
    ranking = [r for r in message.get("intent_ranking") or []
               if r.get("name") != intent.get("name")]
    runners_up = ", ".join(f"{r['name']} {r['confidence']:.2f}" for r in ranking[:2])
    lines = [f"intent    {intent.get('name')} {float(intent.get('confidence') or 0):.2f}"
             + (f"  (runners-up: {runners_up})" if runners_up else "")]
    for name, selector in (message.get("response_selector") or {}).items():
        response = selector.get("response") if isinstance(selector, dict) else None
        if response and name == intent.get("name"):
            lines.append(f"response  {response.get('intent_response_key')} "
                         f"{float(response.get('confidence') or 0):.2f}")
    entities = [f"{e['entity']}={_value(e.get('value'))}" for e in message.get("entities") or []]
    lines.append("entities  " + (", ".join(entities) or "-"))
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    actions = [f"{e['name']} ({e.get('policy') or '-'} {float(e.get('confidence') or 0):.2f})"
               for e in events[last_user + 1:]
               if e.get("event") == "action" and e.get("name") != "action_listen"]
    lines.append("actions   " + (", ".join(actions) or "-"))
    slots = [f"{name}={_value(value)}" for name, value in (tracker.get("slots") or {}).items()
             if value is not None]
    lines.append("slots     " + (", ".join(slots) or "-"))
    form = (tracker.get("active_loop") or {}).get("name")
    lines.append("form      " + (form or "-"))
    return [RULE, *("  " + line for line in lines), RULE]


def show_messages(messages: list[dict], out: IO[str]) -> list[str]:
    """Prints the bot's messages; returns the payloads of their buttons, numbered from 1."""
    payloads: list[str] = []
    for message in messages:
        if message.get("text"):
            print("Bot: " + message["text"].replace("\n", "\n     "), file=out)
        if message.get("image"):
            print(f"Bot: [image] {message['image']}", file=out)
        for button in message.get("buttons") or []:
            payloads.append(button["payload"])
            print(f"     {len(payloads)}) {button['title']}", file=out)
    return payloads


@contextmanager
def running_assistant(env: dict[str, str], rasa_port: int = 0, action_port: int = 0
                      ) -> Iterator[Conversation]:
    """Action server + Rasa server for this shell only; a free port where a port is 0. Their
    output is kept in memory, and shown only if one fails to start."""
    rasa_port, action_port = rasa_port or free_port(), action_port or free_port()
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="staff-shell-") as scratch:
        env = {**env, "RASA_PORT": str(rasa_port), "ACTION_SERVER_PORT": str(action_port),
               "ACTION_SERVER_URL": f"http://localhost:{action_port}/webhook",
               "TRACKER_STORE_URL": f"sqlite:///{Path(scratch) / 'tracker.sqlite3'}",
               # A private server on 127.0.0.1: its REST channel takes the shell's token only.
               "PRODUCTION": "false", "REST_TOKEN": token}
        rasa = launcher.rasa_server(
            env, ["--enable-api", f"--auth-token={token}", "--interface", "127.0.0.1"],
            host="127.0.0.1", output=MEMORY)
        # Both start at once: Rasa needs the action server only when a turn runs an action.
        with running([launcher.action_server(env, output=MEMORY), rasa]):
            yield Conversation(f"http://127.0.0.1:{rasa_port}", token)


def repl(conversation: Conversation, debug: bool, stdin: IO[str] = sys.stdin,
         out: IO[str] = sys.stdout) -> int:
    """Reads messages until /stop or end of input; prints answers and, if on, the debug block."""
    print(INTRO + (" Debug block on." if debug else ""), file=out, flush=True)
    payloads: list[str] = []
    while True:
        print("You: ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line or line.strip() == STOP:
            print(file=out)
            return 0
        text = line.strip()
        if not text:
            continue
        if text == TOGGLE_DEBUG:
            debug = not debug
            print(f"(debug block {'on' if debug else 'off'})", file=out, flush=True)
            continue
        if text.isdigit() and 1 <= int(text) <= len(payloads):
            text = payloads[int(text) - 1]
        try:
            payloads = show_messages(conversation.send(text), out)
            if debug:
                print("\n".join(debug_block(conversation.tracker())), file=out)
        except (urllib.error.URLError, OSError) as error:
            print(f"(the assistant did not answer: {error})", file=out)
        out.flush()


def main(debug: bool = False, rasa_port: int = 0, action_port: int = 0,
         language: str | None = None) -> int:
    VAR_DIR.mkdir(exist_ok=True)
    print("Starting the assistant for the staff shell (about a minute)...", flush=True)
    try:
        with running_assistant(environment(), rasa_port, action_port) as conversation:
            conversation.language = language
            if sys.stdin.isatty():
                import readline  # noqa: F401  (line editing; history stays in memory)
            return repl(conversation, debug)
    except (RuntimeError, TimeoutError) as error:  # with the server's last output
        print(f"The staff shell could not start the assistant: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
        return 0
