"""Personal data never reaches a log, whatever logs it: Rasa's own warnings ("Failed to parse
arguments in line '/my ID is ...'"), its structlog events, Sanic's loggers, exceptions, Python
warnings. The servers install the redaction at start (bot.log_redaction.install); the full
screening through both servers is tests/production/test_logs.py."""

from __future__ import annotations

import logging
import subprocess
import sys

from bot.paths import REPO_ROOT
from bot.redaction import redact

ID_NUMBER, PHONE = "110101199003071234", "13800138000"
SLASH_MESSAGE = f"/my ID is {ID_NUMBER}, phone {PHONE}, I earn 3850 yuan"

# Run in a fresh interpreter: the redaction is process-wide, as in the servers.
SCRIPT = f"""
import logging, sys, warnings
from bot import log_redaction
log_redaction.install()
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s %(message)s")
# Rasa's regex-message parser, as the Rasa server runs it on a typed message.
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.domain import Domain
from bot.paths import DOMAIN_FILE
YAMLStoryReader.unpack_regex_message(
    __import__("rasa.shared.nlu.training_data.message", fromlist=["Message"]).Message(
        data={{"text": {SLASH_MESSAGE!r}}}), Domain.load(str(DOMAIN_FILE)))
logging.getLogger("sanic.error").propagate = False
logging.getLogger("sanic.error").addHandler(logging.StreamHandler(sys.stderr))
logging.getLogger("sanic.error").error("request failed: %s", {SLASH_MESSAGE!r})
try:
    raise ValueError({SLASH_MESSAGE!r})
except ValueError:
    logging.getLogger("rasa.core.processor").exception("Encountered an exception")
warnings.warn({SLASH_MESSAGE!r})
print("done", file=sys.stderr)
"""


def test_the_redaction_hides_ids_phones_and_amounts():
    redacted = redact(SLASH_MESSAGE)
    assert ID_NUMBER not in redacted and PHONE not in redacted and "3850" not in redacted
    assert redacted.startswith("/my ID is ")


def test_nothing_personal_in_any_log_of_a_process_with_the_redaction():
    completed = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=120)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0 and "done" in output, output
    assert "Failed to parse arguments" in output, output  # Rasa did log the message
    assert "request failed" in output and "ValueError" in output, output
    for personal in (ID_NUMBER, PHONE, "3850"):
        assert personal not in output, output


def test_records_without_personal_data_are_unchanged():
    from bot import log_redaction

    log_redaction.install()
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1,
                                           "Loaded %d intents", (42,), None)
    assert record.getMessage() == "Loaded 42 intents"
