"""The Rasa server's action-reply validation accepts and rejects what Rasa's own does."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction

from bot.ops import launcher
from bot.rasa_patches import install
from bot.rasa_patches.action_replies import (
    action_result_validators,
    reply_errors,
    validate_action_result,
)
from bot.settings import environment

SCHEMA = RemoteAction.action_response_format_spec()

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
    {"events": [{"event": "slot", "name": "age", "value": 16}, {"event": "no_such_kind"}]},
    {"events": [{"name": "age", "value": 16}]},  # no kind
    {"events": [{"event": "bot", "text": "hi", "timestamp": "now"}]},  # common field, bad type
    {"events": [{"event": 3}]},
    {"events": ["slot"]},
]


def rasas_verdict(result) -> bool:
    return jsonschema.validators.validator_for(SCHEMA)(SCHEMA).is_valid(result)


# Events of every kind with the fields their schema names, and some it does not, each holding
# a value of any JSON type: mostly invalid, some valid, often by only one field.
KINDS = [kind["properties"]["event"]["const"] for kind in
         SCHEMA["properties"]["events"]["items"]["oneOf"]]
FIELDS = sorted({field for kind in SCHEMA["properties"]["events"]["items"]["oneOf"]
                 for field in kind["properties"]} | {"timestamp", "metadata", "extra"})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3), max_leaves=6)
events = st.one_of(
    st.builds(lambda kind, fields: {"event": kind, **fields},
              st.sampled_from(KINDS + ["no_such_kind"]) | json_values,
              st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4)),
    json_values)
replies = st.dictionaries(st.sampled_from(["events", "responses"]),
                          st.lists(events, max_size=4) | json_values, max_size=2)


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


@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(result=replies)
def test_any_reply_gets_rasas_verdict(result) -> None:
    assert (next(reply_errors(result), None) is None) == rasas_verdict(result)


def test_every_kind_of_event_has_its_own_check() -> None:
    assert sorted(action_result_validators().by_kind) == sorted(KINDS)
    assert len(KINDS) > 20


def test_installed_on_remote_action_and_built_once() -> None:
    install()
    assert RemoteAction._validate_action_result is validate_action_result
    assert action_result_validators() is action_result_validators()


def test_the_launcher_starts_the_servers_through_the_wrappers() -> None:
    command = launcher.rasa_server_command(environment({}))
    assert command[1:4] == ["-m", "bot.rasa_patches", "run"]
    command = launcher.action_server_command(environment({}))
    assert command[1:5] == ["-m", "bot.servers.action_server", "--actions", "actions"]


def test_event_classes_resolve_as_with_rasa() -> None:
    from rasa.shared.core.events import Event, SlotSet, UserUttered
    from rasa.shared.utils.common import all_subclasses

    from bot.rasa_patches import action_replies as rasa_server

    install()
    assert Event.resolve_by_type is rasa_server.resolve_event_type
    rasas = rasa_server.RASAS_RESOLVE_BY_TYPE
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in names:
        assert Event.resolve_by_type(name) is rasas(name)
    assert Event.resolve_by_type("topic") is None  # Rasa's backwards compatibility
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    slot = {"event": "slot", "name": "age", "value": 16}
    assert Event.from_parameters(slot) == SlotSet("age", 16)
