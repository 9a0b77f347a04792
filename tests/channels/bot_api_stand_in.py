"""A local stand-in for Telegram's Bot API (these machines reach no internet).

It answers the methods Rasa's Telegram channel calls (getMe, setWebhook, sendMessage,
answerCallbackQuery, ...) the way api.telegram.org does, and records every call, so tests can
check what the assistant sent. It runs an aiohttp server in a thread of the test process.

It can also misbehave as the real one sometimes does: `break_chat(chat_id, "hang")` makes the
calls for one chat hang (no answer at all), `break_chat(chat_id, "fail", times=1)` answers them
with Telegram's 502, and `outage` does either for every method (getMe, setWebhook, ...), e.g.
right after the assistant restarts. Calls are recorded whatever the answer.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]


@dataclass
class BotApiStandIn:
    """`http://127.0.0.1:<port>/bot<token>/<method>`, as TELEGRAM_API_URL."""

    port: int
    bot_username: str
    calls: list[ApiCall] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    # chat id -> [mode, calls left (None: until repaired)]; mode "hang" or "fail"
    broken_chats: dict[str, list] = field(default_factory=dict)
    outage: str | None = None  # "hang" or "fail": every method misbehaves
    hang_seconds: float = 120.0

    def break_chat(self, chat_id: int, mode: str, times: int | None = None) -> None:
        with self._lock:
            self.broken_chats[str(chat_id)] = [mode, times]

    def repair_chat(self, chat_id: int) -> None:
        with self._lock:
            self.broken_chats.pop(str(chat_id), None)

    def misbehaviour(self, params: dict[str, Any]) -> str | None:
        """How to misbehave for this call ("hang", "fail"), or None to answer normally."""
        with self._lock:
            if self.outage:
                return self.outage
            broken = self.broken_chats.get(str(params.get("chat_id")))
            if broken is None:
                return None
            mode, left = broken
            if left is not None:
                broken[1] = left - 1
                if left - 1 <= 0:
                    del self.broken_chats[str(params.get("chat_id"))]
            return mode

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def calls_of(self, method: str, chat_id: int | None = None) -> list[ApiCall]:
        with self._lock:
            return [c for c in self.calls if c.method == method
                    and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))]

    def wait_for(self, method: str, chat_id: int, count: int = 1,
                 timeout: float = 30) -> list[ApiCall]:
        """The calls of `method` to `chat_id`, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_of(method, chat_id)
            if len(calls) >= count:
                return calls
            time.sleep(0.05)
        raise AssertionError(f"{count} {method} to {chat_id} expected; got "
                             f"{self.calls_of(method, chat_id)}")

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        for key in ("reply_markup", "allowed_updates"):  # aiogram sends them as JSON strings
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        with self._lock:
            self.calls.append(ApiCall(method, params))
        mode = self.misbehaviour(params)
        if mode == "hang":
            await asyncio.sleep(self.hang_seconds)
        if mode is not None:
            return web.json_response({"ok": False, "error_code": 502,
                                      "description": "Bad Gateway"}, status=502)
        problem = self.refusal(params)
        if problem:
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": f"Bad Request: {problem}"}, status=400)
        return web.json_response({"ok": True, "result": self.result(method, params)})

    @staticmethod
    def refusal(params: dict[str, Any]) -> str | None:
        """What Telegram would refuse in a message: its limits on texts and button data."""
        if "text" in params and not 1 <= len(str(params["text"]).strip()) <= 4096:
            return "message text is empty or too long"
        keyboard = (params.get("reply_markup") or {}).get("inline_keyboard") or []
        for button in (button for row in keyboard for button in row):
            if not 1 <= len(button.get("callback_data", "").encode()) <= 64:
                return "BUTTON_DATA_INVALID"
        return None

    def result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": 7000000001, "is_bot": True, "first_name": "Legal aid",
                    "username": self.bot_username}
        if method.startswith("send"):
            chat = {"id": int(params["chat_id"]), "type": "private", "first_name": "Li"}
            return {"message_id": next(self._message_ids), "date": int(time.time()),
                    "chat": chat, "text": params.get("text", "")}
        return True

    def serve_in_thread(self) -> threading.Thread:
        """Start serving; returns once the port accepts connections."""
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_route("*", "/bot{token}/{method}", self.handle)
            runner = web.AppRunner(app)
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            ready.set()
            loop.run_forever()

        thread = threading.Thread(target=serve, name="bot-api-stand-in", daemon=True)
        thread.start()
        if not ready.wait(10):
            raise RuntimeError("the Bot API stand-in did not start")
        return thread
