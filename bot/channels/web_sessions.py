"""The web widget's session ids: issued by the server, signed, bound to the browser's socket.

rasa-webchat asks for a session (`session_request` with the id it kept in the tab's
sessionStorage, or none) and then sends that id with every message. Rasa accepts whatever id
the browser names, so any page could name anyone's conversation. Here:
- the server issues every id: a random token and its HMAC-SHA256 under WEB_SESSION_SECRET;
  a requested id is kept only if it carries a valid signature (the same tab after a reload),
  otherwise the browser gets a new one (rasa-webchat then starts a fresh conversation);
- the id confirmed to a socket is the only one its messages reach, whatever they name.

Without WEB_SESSION_SECRET a random secret is made per process (a restart starts every widget
conversation over); PRODUCTION=true requires one of at least 32 characters.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from typing import Any

from rasa.shared.exceptions import RasaException

from bot.settings import environment, production, setting

logger = logging.getLogger(__name__)

MIN_SECRET_CHARS = 32
TOKEN_BYTES = 16


class SessionIds:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    @classmethod
    def from_settings(cls, env: dict[str, str] | None = None) -> SessionIds:
        env = environment() if env is None else env
        secret = setting("WEB_SESSION_SECRET", env)
        if secret and len(secret) < MIN_SECRET_CHARS:
            raise RasaException(f"WEB_SESSION_SECRET must be at least {MIN_SECRET_CHARS} "
                                "characters. Not starting.")
        if not secret and production(env):
            raise RasaException("PRODUCTION is set: the web widget needs WEB_SESSION_SECRET "
                                f"(at least {MIN_SECRET_CHARS} random characters, the same on "
                                "every Rasa instance). Not starting.")
        if not secret:
            logger.info("WEB_SESSION_SECRET is not set: widget sessions last as long as this "
                        "process")
            secret = secrets.token_hex(32)
        return cls(secret)

    def _signature(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        token = secrets.token_hex(TOKEN_BYTES)
        return f"{token}.{self._signature(token)}"

    def is_valid(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or session_id.count(".") != 1:
            return False
        token, signature = session_id.split(".")
        return hmac.compare_digest(signature.encode("utf-8", "replace"),
                                   self._signature(token).encode())

    def confirm(self, requested: Any) -> str:
        """The requested id if this server issued it, else a new one."""
        return requested if self.is_valid(requested) else self.issue()
