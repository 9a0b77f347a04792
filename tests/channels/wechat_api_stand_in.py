"""A local stand-in for WeChat's server API (api.weixin.qq.com; these machines reach no
internet): the access token and the customer-service message API (客服消息), answered the way
WeChat documents them, every call recorded. An aiohttp server in a thread of the test process.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class WeChatApiStandIn:
    port: int
    app_id: str
    app_secret: str
    sent: list[dict[str, Any]] = field(default_factory=list)  # bodies of custom/send
    token_requests: int = 0
    expire_next_send: bool = False  # answer the next send with 42001 (access token expired)
    _tokens: itertools.count = field(default_factory=lambda: itertools.count(1))
    _valid_token: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        query = request.query
        if (query.get("grant_type"), query.get("appid"), query.get("secret")) != (
                "client_credential", self.app_id, self.app_secret):
            return web.json_response({"errcode": 40125, "errmsg": "invalid appsecret"})
        self._valid_token = f"ACCESS_TOKEN_{next(self._tokens)}"
        return web.json_response({"access_token": self._valid_token, "expires_in": 7200})

    async def send(self, request: web.Request) -> web.Response:
        if self.expire_next_send or request.query.get("access_token") != self._valid_token:
            self.expire_next_send = False
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        body = json.loads((await request.read()).decode("utf-8"))
        self.sent.append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    def serve_in_thread(self) -> None:
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_get("/cgi-bin/token", self.token)
            app.router.add_post("/cgi-bin/message/custom/send", self.send)
            runner = web.AppRunner(app)
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, name="wechat-api-stand-in", daemon=True).start()
        if not ready.wait(10):
            raise RuntimeError("the WeChat API stand-in did not start")
