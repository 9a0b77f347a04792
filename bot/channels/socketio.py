"""The web widget's channel: Rasa's Socket.IO channel (credentials.yml), with the message guard,
the allowed browser origins, session persistence that works, and session ids the server issues.

python-socketio >= 5.10 made `AsyncServer.enter_room` a coroutine and Rasa 3.6.21 does not
await it, so with `session_persistence: true` no reply ever reaches the browser
(RasaHQ/rasa#13027). This re-registers `session_request` with the `await`, confirms only ids
the server signed, and sends a socket's messages to its confirmed session only
(bot/channels/web_sessions.py).
"""

from __future__ import annotations

import logging

from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput

from bot.channels.guard import MessageGuard, restrict_socket_origins
from bot.channels.web_sessions import SessionIds
from bot.settings import allowed_origins

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """`bot.channels.socketio.SocketIOInput` in credentials.yml."""

    def blueprint(self, on_new_message):  # Rasa's signature
        # bot/channels/guard.py: length limit, failed-turn reply, allowed browser origins.
        sessions = SessionIds.from_settings()
        guard = MessageGuard()
        blueprint = super().blueprint(guard.wrap(on_new_message))
        guard.attach(blueprint)
        sio = self.sio
        restrict_socket_origins(sio, self.namespace, allowed_origins())
        rasa_user_uttered = sio.handlers[self.namespace or "/"][self.user_message_evt]

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = sessions.confirm(requested)
            await sio.save_session(sid, {"session_id": session_id}, namespace=self.namespace)
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def user_uttered(sid: str, data: dict | None) -> None:
            if not isinstance(data, dict):
                return
            data = dict(data)
            if not isinstance(data.get(self.metadata_key), dict):
                data.pop(self.metadata_key, None)  # Rasa would json.loads a string
            if self.session_persistence:
                session = await sio.get_session(sid, namespace=self.namespace)
                if not session.get("session_id"):
                    logger.info("Socket.IO: ignored a message sent before a session")
                    return
                data["session_id"] = session["session_id"]
            await rasa_user_uttered(sid, data)

        return blueprint
