"""The Rasa server's requests to the action server reuse their connections.

Rasa 3.6's EndpointConfig.request opens a new aiohttp session for every request (a new
connection pool, a look-up of the host name in a thread, a new TCP connection) and closes it
afterwards, once per custom-action call. Here requests with the same headers and credentials
share one session per event loop, so its connections are kept alive between calls. The sessions
are closed with the server (Rasa's `close_resources`).

A custom action gets ACTION_TIMEOUT seconds (bot/settings.py, default 10) instead of Rasa's 300:
a stalled action server then costs the user a wait of seconds, not minutes, before the guard's
"can't answer right now" (bot/channels/guard.py); the user's message is stored, and the
conversation, whose lock Rasa holds meanwhile, is free again for the next message.

Connections idle for KEEPALIVE_S are closed by this side, before the action server's keep-alive
timeout (Sanic's default, 5 s) closes them from its side: a request is then never sent down a
connection that the server is closing at the same moment.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

KEEPALIVE_S = 2.0
REQUEST_TIMEOUT_S = 300  # Rasa's DEFAULT_REQUEST_TIMEOUT, as its own sessions have

_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, Any]] = (
    weakref.WeakKeyDictionary())
RASAS_CLOSE_RESOURCES = None


class BorrowedSession:
    """`async with` gives the shared session and leaves it open."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def session_key(endpoint: Any) -> tuple:
    auth = endpoint.basic_auth or {}
    return (tuple(sorted((endpoint.headers or {}).items())),
            auth.get("username"), auth.get("password"))


def shared_session(endpoint: Any) -> BorrowedSession:
    """EndpointConfig.session, one per event loop and set of headers and credentials."""
    import aiohttp

    sessions = _sessions.setdefault(asyncio.get_running_loop(), {})
    key = session_key(endpoint)
    session = sessions.get(key)
    if session is None or session.closed:
        auth = endpoint.basic_auth
        session = sessions[key] = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S))
    return BorrowedSession(session)


async def close_sessions() -> None:
    """Closes this event loop's shared sessions."""
    for session in _sessions.pop(asyncio.get_running_loop(), {}).values():
        await session.close()


async def close_resources(app: Any, loop: asyncio.AbstractEventLoop) -> None:
    await RASAS_CLOSE_RESOURCES(app, loop)
    await close_sessions()


def install() -> None:
    global RASAS_CLOSE_RESOURCES
    import rasa.core.actions.action
    import rasa.core.run
    from rasa.utils.endpoints import EndpointConfig

    from bot.settings import action_timeout

    # RemoteAction.run passes this module global as the request's timeout.
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_timeout()

    if RASAS_CLOSE_RESOURCES is None:
        RASAS_CLOSE_RESOURCES = rasa.core.run.close_resources
        rasa.core.run.close_resources = close_resources
    EndpointConfig.session = shared_session
