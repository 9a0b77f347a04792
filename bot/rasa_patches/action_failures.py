"""Which turn's custom action failed, read from the one place Rasa 3.6 says so: its log.

When an action raises (the action server is down or crashed), rasa/core/processor.py logs
ACTION_FAILURE_LOG, drops the action's events and goes on; nothing public tells the channel, so
the user would get no answer. The channel guard (bot/channels/guard.py) wraps each turn in
`recording_action_failures()` and answers `utter_service_unavailable` when it is marked.

Not a patch: it reads the log and changes nothing in Rasa, so it is active on every version.
The text is checked against Rasa's own processor by tests/unit/test_rasa_patches.py; if a
Rasa upgrade changes it, that test fails (and a failed action would go unanswered again).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager

ACTION_FAILURE_LOG = "Encountered an exception while running action"
PROCESSOR_LOGGER = "rasa.core.processor"


class _TurnOutcome:
    """Whether a failed action was logged while this turn was processed."""

    failed = False


_current_turn: contextvars.ContextVar[_TurnOutcome | None] = contextvars.ContextVar(
    "legal_aid_current_turn", default=None)


class _ActionFailureRecorder(logging.Handler):
    """Marks the turn being processed (in this asyncio task) when Rasa logs a failed action."""

    def emit(self, record: logging.LogRecord) -> None:
        turn = _current_turn.get()
        if turn is not None and str(record.msg).startswith(ACTION_FAILURE_LOG):
            turn.failed = True


_recorder = _ActionFailureRecorder(level=logging.ERROR)


@contextmanager
def recording_action_failures() -> Iterator[_TurnOutcome]:
    """Within the block, a failed action of this task's turn sets `.failed`."""
    processor_logger = logging.getLogger(PROCESSOR_LOGGER)
    if _recorder not in processor_logger.handlers:
        processor_logger.addHandler(_recorder)
    turn = _TurnOutcome()
    token = _current_turn.set(turn)
    try:
        yield turn
    finally:
        _current_turn.reset(token)
