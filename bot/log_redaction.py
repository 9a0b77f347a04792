"""No personal data in any log line, whatever logs it (Legal Aid Law art. 21).

`install()` makes every log record of the process pass through `bot.redaction.redact` (ID and
phone numbers, amounts, names, addresses become placeholders) as the record is created: Rasa's
loggers, its structlog events (which reach the standard library's logging), Sanic's loggers
with their own handlers, our own, exception tracebacks; and Python warnings, which Rasa uses
for "Failed to parse arguments in line '/my ID is ...'" and which do not go through logging.
Redacting at creation rather than in a handler's filter covers handlers that Rasa, Sanic or
coloredlogs add later and loggers that do not propagate to the root.

The Rasa server (bot/rasa_patches/__main__.py) and the action server
(bot/servers/action_server.py) install it first thing.
"""

from __future__ import annotations

import logging
import traceback
import warnings
from typing import Any

from bot.redaction import redact

_installed = False


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message (arguments merged in) and traceback redacted."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record: logging reports it as usual
        return record
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, ()
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        redacted = redact(text)
        if redacted != text:
            record.exc_text = redacted  # the formatter uses it instead of the traceback
    return record


def install() -> None:
    """Redact every log record and warning of this process from now on (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(make_record(*args, **kwargs))

    logging.setLogRecordFactory(redacting_factory)
    show_warning = warnings.showwarning

    def redacting_showwarning(message: Warning | str, category: type[Warning], *args: Any,
                              **kwargs: Any) -> None:
        show_warning(redact(str(message)), category, *args, **kwargs)

    warnings.showwarning = redacting_showwarning
