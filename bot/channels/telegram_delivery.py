"""Calls to Telegram's Bot API that neither hang a conversation nor lose what the user said.

Rasa 3.6 sends a turn's replies while it holds the conversation and before it stores the turn:
a Bot API call that hangs blocks the chat, and one that fails makes Rasa drop the user's message.
So every call here
- has a time limit (`send_timeout`, default 5 s, TELEGRAM_SEND_TIMEOUT);
- is retried with back-off (0.5 s, 1 s, ...) when the failure is transient: a timeout, a network
  error, Telegram's 5xx or "retry after" (429, waited up to 5 s); `send_attempts` in all
  (default 3, TELEGRAM_SEND_ATTEMPTS). A refusal (400 Bad Request, 403 bot blocked) is not;
- gets one attempt only while the API is known to be failing (after a call failed every
  attempt, until one succeeds), so a turn with several replies is not held for each of them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from aiogram.utils.exceptions import NetworkError, RestartingTelegram, RetryAfter, TelegramAPIError
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_SEND_TIMEOUT = 5.0
DEFAULT_SEND_ATTEMPTS = 3
BACKOFF_SECONDS = 0.5  # doubled after each failed attempt
MAX_RETRY_AFTER = 5.0  # a longer "retry after" is not waited for within a turn
MAX_REGISTER_DELAY = 300.0  # the background webhook registration retries at least this often


TRANSIENT = asyncio.TimeoutError | NetworkError | RetryAfter | RestartingTelegram


def is_transient(error: BaseException) -> bool:
    """Whether trying the same call again may succeed (unlike a refusal by Telegram)."""
    if isinstance(error, TRANSIENT):
        return True
    return type(error) is TelegramAPIError  # what aiogram raises for 5xx and unknown statuses


@dataclass
class DeliveryPolicy:
    """How long one Bot API call may take and how often it is tried."""

    timeout: float = DEFAULT_SEND_TIMEOUT
    attempts: int = DEFAULT_SEND_ATTEMPTS
    backoff: float = BACKOFF_SECONDS

    @classmethod
    def from_settings(cls, credentials: Mapping[str, Any],
                      env: Mapping[str, str]) -> DeliveryPolicy:
        """From `send_timeout` / `send_attempts` in the credentials, else the environment."""
        raw_timeout = (str(credentials.get("send_timeout") or "")
                       or env.get("TELEGRAM_SEND_TIMEOUT", "")).strip()
        raw_attempts = (str(credentials.get("send_attempts") or "")
                        or env.get("TELEGRAM_SEND_ATTEMPTS", "")).strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_SEND_TIMEOUT
            attempts = int(raw_attempts) if raw_attempts else DEFAULT_SEND_ATTEMPTS
        except ValueError:
            timeout = attempts = 0
        if not (0 < timeout <= 60 and 1 <= attempts <= 10):
            raise RasaException("TELEGRAM_SEND_TIMEOUT must be 0-60 seconds and "
                                "TELEGRAM_SEND_ATTEMPTS 1-10.")
        return cls(timeout, attempts)


class ResilientCaller:
    """Runs Bot API calls under a `DeliveryPolicy`, remembering whether the API is failing."""

    def __init__(self, policy: DeliveryPolicy) -> None:
        self.policy = policy
        self.failing_since: float | None = None

    async def call(self, make_call: Callable[[], Awaitable[T]], method: str) -> T:
        attempts = 1 if self.failing_since is not None else self.policy.attempts
        for attempt in range(1, attempts + 1):
            try:
                result = await asyncio.wait_for(make_call(), self.policy.timeout)
            except Exception as error:  # noqa: BLE001 - sorted into transient or not below
                if not is_transient(error):
                    raise
                if attempt == attempts:
                    if self.failing_since is None:
                        self.failing_since = time.monotonic()
                        logger.error("Telegram: the Bot API failed %d time(s) for %s (%s); "
                                     "trying once per call until it answers", attempts, method,
                                     type(error).__name__)
                    raise
                await asyncio.sleep(self.delay(error, attempt))
            else:
                if self.failing_since is not None:
                    logger.warning("Telegram: the Bot API answers again after %.0f s",
                                   time.monotonic() - self.failing_since)
                    self.failing_since = None
                return result
        raise AssertionError("unreachable")  # pragma: no cover

    def delay(self, error: BaseException, attempt: int) -> float:
        if isinstance(error, RetryAfter):
            return min(float(error.timeout), MAX_RETRY_AFTER)
        return self.policy.backoff * 2 ** (attempt - 1)


async def keep_trying(action: Callable[[], Awaitable[Any]], what: str,
                      first_delay: float = 1.0) -> bool:
    """Run `action` until it succeeds (True) or Telegram refuses it (False), backing off."""
    delay = first_delay
    while True:
        try:
            await action()
        except Exception as error:  # noqa: BLE001 - sorted into transient or not
            if not is_transient(error):
                logger.error("Telegram: %s refused: %s", what, error)
                return False
            logger.warning("Telegram: %s failed (%s); trying again in %.0f s", what,
                           type(error).__name__, delay)
        else:
            logger.info("Telegram: %s done", what)
            return True
        await asyncio.sleep(delay)
        delay = min(delay * 2, MAX_REGISTER_DELAY)
