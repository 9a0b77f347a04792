"""The web widget's channel: Rasa's Socket.IO channel (credentials.yml), with the message guard,
the allowed browser origins, and session persistence that works.

python-socketio >= 5.10 made `AsyncServer.enter_room` a coroutine and Rasa 3.6.21 does not
await it, so with `session_persistence: true` no reply ever reaches the browser
(RasaHQ/rasa#13027). This re-registers `session_request` with the `await`.
"""

from __future__ import annotations

import uuid

from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput

from bot.channels.guard import MessageGuard, restrict_socket_origins
from bot.settings import allowed_origins


class SocketIOInput(RasaSocketIOInput):
    """`bot.channels.socketio.SocketIOInput` in credentials.yml."""

    def blueprint(self, on_new_message):  # Rasa's signature
        # bot/channels/guard.py: length limit, failed-turn reply, allowed browser origins.
        guard = MessageGuard()
        blueprint = super().blueprint(guard.wrap(on_new_message))
        guard.attach(blueprint)
        sio = self.sio
        restrict_socket_origins(sio, self.namespace, allowed_origins())

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid,
                           namespace=self.namespace)

        return blueprint
