"""One action server and one Rasa server (HTTP API off, the default) for the security tests.

Ports 19005 (Rasa) and 19055 (actions); the knowledge base is a copy the test owns, so that its
checksum before and after the hostile input means something.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from bot.ops import launcher
from bot.paths import REPO_ROOT
from bot.servers.lifecycle import ServerProcess
from bot.settings import environment
from tests.conftest import require_model

RASA_PORT, ACTION_PORT = 19005, 19055
ALLOWED_ORIGIN = "http://allowed.example"
WEBHOOK = "/webhooks/rest/webhook"


def domain_text(name: str, language: str | None = None) -> str:
    """A response's text as domain.yml or data/responses/ has it (what the bot must send): its
    variation for `language` ("zh"), else its first, unconditional one."""
    for path in [REPO_ROOT / "domain.yml", *sorted((REPO_ROOT / "data" / "responses").glob(
            "*.yml"))]:
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        if name in responses:
            for variation in responses[name]:
                if {"type": "slot", "name": "language", "value": language} in (
                        variation.get("condition") or []):
                    return variation["text"].strip()
            return responses[name][0]["text"].strip()
    raise KeyError(name)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)

    def texts(self) -> list[str]:
        return [str(message.get("text", "")) for message in self.json()]


def http(port: int, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
    """One request exactly as given (http.client adds no Content-Type of its own)."""
    connection = HTTPConnection("localhost", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                     response.read())
    finally:
        connection.close()


def kb_checksum(url: str) -> str:
    """SHA-256 over every row of every table, in a stable order."""
    engine = sa.create_engine(url, future=True)
    digest = hashlib.sha256()
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            for table in sorted(metadata.tables.values(), key=lambda t: t.name):
                order = list(table.primary_key.columns) or list(table.columns)
                rows = connection.execute(sa.select(table).order_by(*order)).all()
                digest.update(f"{table.name}:{len(rows)}:{rows!r}".encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def private_kb_copy(directory: Path) -> str:
    """A copy of the configured SQLite knowledge base (or the configured URL, if not SQLite)."""
    url = environment()["KB_DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        return url
    source = Path(url.removeprefix("sqlite:///"))
    if not source.is_file():
        pytest.fail(f"no knowledge base at {source}: run `make kb` first")
    target = directory / "kb.sqlite3"
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return f"sqlite:///{target}"


@dataclass
class Servers:
    """The running assistant, and its action server that a test may stop and start again."""

    env: dict[str, str] = field(repr=False)
    kb_url: str
    kb_checksum_at_start: str
    rasa: ServerProcess
    actions: ServerProcess | None = field(default=None, repr=False)

    def post(self, body: bytes, content_type: str | None = "application/json",
             headers: dict[str, str] | None = None) -> Reply:
        all_headers = {"Content-Type": content_type} if content_type else {}
        return http(RASA_PORT, "POST", WEBHOOK, body, {**all_headers, **(headers or {})})

    def say(self, text: str, sender: str | None = None) -> Reply:
        body = {"sender": sender or f"security-{uuid.uuid4().hex}", "message": text}
        return self.post(json.dumps(body).encode())

    def start_actions(self) -> None:
        self.actions = launcher.action_server(self.env).start().wait_until_ready()

    def stop_actions(self) -> None:
        if self.actions is not None:
            self.actions.stop()

    def alive(self) -> bool:
        return self.rasa.running() and self.actions is not None and self.actions.running()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    require_model()
    directory = tmp_path_factory.mktemp("security")
    env = environment()
    env.update({"RASA_PORT": str(RASA_PORT), "ACTION_SERVER_PORT": str(ACTION_PORT),
                "ACTION_SERVER_URL": f"http://localhost:{ACTION_PORT}/webhook",
                "TRACKER_STORE_URL": f"sqlite:///{directory / 'tracker.sqlite3'}",
                "KB_DATABASE_URL": private_kb_copy(directory),
                "ALLOWED_ORIGINS": ALLOWED_ORIGIN, "ENABLE_API": "false",
                "RASA_CREDENTIALS": "credentials.yml",
                "MAX_MESSAGE_CHARS": "2000"})
    rasa = launcher.rasa_server(env).start()
    kb_url = env["KB_DATABASE_URL"]
    running = Servers(env, kb_url, kb_checksum(kb_url), rasa)
    try:
        running.start_actions()
        rasa.wait_until_ready()
        yield running
    finally:
        rasa.stop()
        running.stop_actions()
