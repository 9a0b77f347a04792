"""Rasa's endpoint requests reuse connections (bot/rasa_patches/action_connections.py), against
a real HTTP server on this machine: one connection for consecutive calls, headers and
credentials kept apart, idle connections dropped, a restarted server reached again, sessions
closed at shutdown.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_patches import action_connections


class Server:
    """A real aiohttp server that records, per request, the client's port and headers."""

    def __init__(self) -> None:
        self.seen: list[dict] = []
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append({"client_port": request.transport.get_extra_info("peername")[1],
                          "headers": dict(request.headers), "body": await request.json()})
        return web.json_response({"events": [], "responses": []})

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port)
        await site.start()
        self.port = self.runner.addresses[0][1]

    async def stop(self) -> None:
        await self.runner.cleanup()

    def endpoint(self, **kwargs) -> EndpointConfig:
        return EndpointConfig(f"http://localhost:{self.port}/webhook", **kwargs)


def run(test: Callable[[Server], Awaitable[None]]) -> None:
    async def main() -> None:
        server = Server()
        await server.start()
        try:
            await test(server)
        finally:
            await action_connections.close_sessions()
            await server.stop()

    action_connections.install()
    asyncio.run(main())


def test_consecutive_calls_share_one_connection() -> None:
    async def test(server: Server) -> None:
        endpoint = server.endpoint()
        for number in range(5):
            assert await endpoint.request(json={"call": number}) == {"events": [],
                                                                     "responses": []}
        assert [seen["body"]["call"] for seen in server.seen] == list(range(5))
        assert len({seen["client_port"] for seen in server.seen}) == 1

    run(test)


def test_headers_and_credentials_are_kept_apart() -> None:
    async def test(server: Server) -> None:
        await server.endpoint(headers={"X-Token": "a"}).request(json={})
        await server.endpoint(basic_auth={"username": "staff", "password": "pw"}).request(json={})
        await server.endpoint().request(json={})
        tokens = [seen["headers"].get("X-Token") for seen in server.seen]
        auths = [seen["headers"].get("Authorization") for seen in server.seen]
        assert tokens == ["a", None, None]
        assert auths == [None, "Basic " + base64.b64encode(b"staff:pw").decode(), None]
        assert len({seen["client_port"] for seen in server.seen}) == 3

    run(test)


def test_idle_connections_are_dropped(monkeypatch) -> None:
    monkeypatch.setattr(action_connections, "KEEPALIVE_S", 0.2)

    async def test(server: Server) -> None:
        endpoint = server.endpoint()
        await endpoint.request(json={})
        await asyncio.sleep(0.6)
        await endpoint.request(json={})
        first, second = (seen["client_port"] for seen in server.seen)
        assert first != second

    run(test)


def test_a_restarted_server_is_reached_again() -> None:
    async def test(server: Server) -> None:
        endpoint = server.endpoint()
        await endpoint.request(json={"before": True})
        await server.stop()
        with pytest.raises(aiohttp.ClientConnectionError):  # what Rasa reports as down
            await endpoint.request(json={})
        await server.start(server.port)
        assert await endpoint.request(json={"after": True}) == {"events": [], "responses": []}
        assert server.seen[-1]["body"] == {"after": True}

    run(test)


def test_sessions_are_closed_with_the_server() -> None:
    import rasa.core.run

    action_connections.install()
    assert rasa.core.run.close_resources is action_connections.close_resources
    assert EndpointConfig.session is action_connections.shared_session

    async def main() -> None:
        server = Server()
        await server.start()
        try:
            borrowed = server.endpoint().session()
            async with borrowed as session:
                pass
            assert not session.closed  # borrowed, not closed after each request
            app = type("App", (), {"ctx": type("Ctx", (), {})()})()  # no agent: Rasa skips it
            await rasa.core.run.close_resources(app, asyncio.get_running_loop())
            assert session.closed
        finally:
            await server.stop()

    asyncio.run(main())
