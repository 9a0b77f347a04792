"""WeChat's customer-service message API (客服消息): texts sent to a user outside the passive
reply, allowed within 48 hours of the user's last message.

Used, when the operator enables it (WECHAT_CUSTOMER_SERVICE=true, with WECHAT_APP_ID and
WECHAT_APP_SECRET), for the rest of a reply longer than one passive reply. An access token is
fetched with the AppID and AppSecret (`GET /cgi-bin/token`) and kept until shortly before it
expires; `POST /cgi-bin/message/custom/send` sends each text. WECHAT_API_URL picks another
server (default https://api.weixin.qq.com; the tests use a local stand-in).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.weixin.qq.com"
TOKEN_MARGIN_SECONDS = 300  # fetch a new token this long before the old one expires
EXPIRED_TOKEN_CODES = {40001, 40014, 42001}  # invalid, malformed or expired access token
TIMEOUT_SECONDS = 5.0


class CustomerServiceError(RuntimeError):
    """WeChat refused a call (errcode) or could not be reached."""


class CustomerService:
    """Sends text messages to users through one Official Account's customer-service API."""

    def __init__(self, app_id: str, app_secret: str, api_url: str = DEFAULT_API_URL) -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.api_url = api_url.rstrip("/")
        self._token: tuple[str, float] | None = None  # token, when to fetch a new one
        self._lock = asyncio.Lock()

    async def _call(self, session: aiohttp.ClientSession, method: str, path: str,
                    **kwargs: Any) -> dict[str, Any]:
        try:
            async with session.request(method, self.api_url + path, **kwargs) as response:
                answer = json.loads(await response.text())
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise CustomerServiceError(f"{path}: {type(error).__name__}") from error
        if answer.get("errcode"):
            raise CustomerServiceError(f"{path}: errcode {answer['errcode']}")
        return answer

    async def access_token(self, session: aiohttp.ClientSession, renew: bool = False) -> str:
        async with self._lock:
            if renew or self._token is None or time.monotonic() >= self._token[1]:
                answer = await self._call(session, "GET", "/cgi-bin/token", params={
                    "grant_type": "client_credential", "appid": self.app_id,
                    "secret": self.app_secret})
                lifetime = float(answer.get("expires_in") or 7200)
                self._token = (str(answer["access_token"]),
                               time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 60))
            return self._token[0]

    async def send_text(self, openid: str, text: str) -> None:
        """Send `text` to the user `openid`; CustomerServiceError when WeChat refuses it."""
        body = json.dumps({"touser": openid, "msgtype": "text", "text": {"content": text}},
                          ensure_ascii=False).encode()  # WeChat expects UTF-8, not \\u escapes
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for renew in (False, True):
                token = await self.access_token(session, renew=renew)
                try:
                    await self._call(session, "POST", "/cgi-bin/message/custom/send",
                                     params={"access_token": token}, data=body,
                                     headers={"Content-Type": "application/json"})
                    return
                except CustomerServiceError as error:
                    if renew or not any(f"errcode {code}" in str(error)
                                        for code in EXPIRED_TOKEN_CODES):
                        raise
