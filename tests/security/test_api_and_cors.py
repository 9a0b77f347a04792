"""Rasa's HTTP API: off by default; with ENABLE_API, only with the token or a JWT. CORS and the
Socket.IO origin check: only ALLOWED_ORIGINS get in from a browser."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator

import jwt
import pytest
import websockets

from bot.ops import launcher
from bot.servers.lifecycle import running
from tests.security.conftest import ALLOWED_ORIGIN, RASA_PORT, WEBHOOK, Servers, http

pytestmark = pytest.mark.e2e

API_PORT = 19105
FOREIGN_ORIGIN = "http://attacker.example"
TOKEN = secrets.token_hex(16)
JWT_SECRET = secrets.token_hex(16)
PARSE_BODY = json.dumps({"text": "hello"}).encode()


def test_api_is_off_by_default(servers: Servers) -> None:
    assert http(RASA_PORT, "GET", "/conversations/someone/tracker").status == 404
    assert http(RASA_PORT, "POST", "/model/parse", PARSE_BODY).status == 404
    assert http(RASA_PORT, "GET", "/status").status == 404
    assert http(RASA_PORT, "GET", f"/conversations/someone/tracker?token={TOKEN}").status == 404
    assert http(RASA_PORT, "GET", "/").status == 200  # the health check stays


@pytest.fixture(scope="module")
def api_server(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    env = dict(servers.env)
    env.update({"RASA_PORT": str(API_PORT), "ENABLE_API": "true", "RASA_API_TOKEN": TOKEN,
                "RASA_JWT_SECRET": JWT_SECRET,
                "TRACKER_STORE_URL": f"sqlite:///{tmp_path_factory.mktemp('api')}/t.sqlite3"})
    with running([launcher.rasa_server(env)]):
        yield API_PORT


def bearer(username: str, role: str) -> dict[str, str]:
    token = jwt.encode({"user": {"username": username, "role": role}}, JWT_SECRET, "HS256")
    return {"Authorization": f"Bearer {token}"}


def test_api_needs_the_token(api_server: int) -> None:
    tracker = "/conversations/someone/tracker"
    assert http(api_server, "GET", tracker).status == 401
    assert http(api_server, "GET", tracker + "?token=" + "0" * 32).status == 401
    assert http(api_server, "POST", "/model/parse", PARSE_BODY).status == 401
    assert http(api_server, "PUT", "/model", b"{}").status == 401
    assert http(api_server, "GET", tracker + "?token=" + TOKEN).status == 200
    parsed = http(api_server, "POST", "/model/parse?token=" + TOKEN, PARSE_BODY)
    assert parsed.status == 200 and parsed.json()["intent"]["name"]


def test_api_accepts_a_jwt_with_enough_scope(api_server: int) -> None:
    tracker = "/conversations/someone/tracker"
    assert http(api_server, "GET", tracker, headers=bearer("staff", "admin")).status == 200
    assert http(api_server, "GET", tracker, headers=bearer("someone", "user")).status == 200
    assert http(api_server, "GET", tracker, headers=bearer("another", "user")).status == 403
    forged = jwt.encode({"user": {"username": "x", "role": "admin"}}, "not-the-secret", "HS256")
    assert http(api_server, "GET", tracker,
                headers={"Authorization": f"Bearer {forged}"}).status == 401


def test_launcher_refuses_the_api_without_a_token(servers: Servers) -> None:
    env = {**servers.env, "ENABLE_API": "true", "RASA_API_TOKEN": "", "RASA_JWT_SECRET": ""}
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        launcher.rasa_server_command(env)


def preflight(origin: str) -> dict[str, str]:
    reply = http(RASA_PORT, "OPTIONS", WEBHOOK, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert reply.status < 500
    return reply.headers


def test_cors_preflight_allows_only_configured_origins(servers: Servers) -> None:
    assert preflight(ALLOWED_ORIGIN).get("access-control-allow-origin") == ALLOWED_ORIGIN
    assert "access-control-allow-origin" not in preflight(FOREIGN_ORIGIN)


def test_cors_headers_on_messages_only_for_configured_origins(servers: Servers) -> None:
    body = json.dumps({"sender": "cors-test", "message": "hello"}).encode()
    allowed = servers.post(body, headers={"Origin": ALLOWED_ORIGIN})
    foreign = servers.post(body, headers={"Origin": FOREIGN_ORIGIN})
    assert allowed.headers.get("access-control-allow-origin") == ALLOWED_ORIGIN
    assert "access-control-allow-origin" not in foreign.headers


async def socketio_connect(origin: str | None) -> str:
    """Open Socket.IO over a WebSocket (not covered by CORS) and ask to join the default
    namespace; returns the server's answer packet: "40..." accepted, "44..." refused."""
    url = f"ws://localhost:{RASA_PORT}/socket.io/?EIO=4&transport=websocket"
    async with websockets.connect(url, origin=origin, open_timeout=10) as socket:
        opening = await asyncio.wait_for(socket.recv(), 10)
        assert str(opening).startswith("0")  # Engine.IO open
        await socket.send("40")
        return str(await asyncio.wait_for(socket.recv(), 10))


def test_socket_accepts_only_configured_origins(servers: Servers) -> None:
    assert asyncio.run(socketio_connect(ALLOWED_ORIGIN)).startswith("40")
    assert asyncio.run(socketio_connect(FOREIGN_ORIGIN)).startswith("44")
    assert asyncio.run(socketio_connect(None)).startswith("40")  # not a browser: no Origin
