"""The Rasa server's cached action-reply validator accepts and rejects what Rasa's own does."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import launcher
from bot.rasa_server import action_result_validator, install, validate_action_result
from bot.settings import environment

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 16},
                {"event": "active_loop", "name": None}],
     "responses": [{"response": "utter_ask_age"}]},
]
INVALID = [
    {"events": [{"event": "slot", "name": 3}]},  # a slot name must be a string
    {"events": "slot"},
    {"responses": ["utter_ask_age"]},  # responses are objects
]


@pytest.mark.parametrize("result", VALID)
def test_valid_replies_pass_as_with_rasa(result: dict) -> None:
    jsonschema.validate(result, RemoteAction.action_response_format_spec())  # Rasa's check
    assert validate_action_result(None, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_replies_fail_as_with_rasa(result: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        validate_action_result(None, result)


def test_installed_on_remote_action_and_built_once() -> None:
    install()
    assert RemoteAction._validate_action_result is validate_action_result
    assert action_result_validator() is action_result_validator()


def test_the_launcher_starts_the_servers_through_the_wrappers() -> None:
    command = launcher.rasa_server_command(environment({}))
    assert command[1:4] == ["-m", "bot.rasa_server", "run"]
    command = launcher.action_server_command(environment({}))
    assert command[1:5] == ["-m", "bot.action_server", "--actions", "actions"]
