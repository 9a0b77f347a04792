"""Two fixes to the Rasa server's hot path: action replies validated fast, event classes looked up
from a table (installed by bot/rasa_patches/__init__.py).

RemoteAction checks every action-server reply with `jsonschema.validate`, which first validates
the large, constant events schema against its meta-schema: about 48 ms of CPU per custom-action
call on this 2-core machine, a third of the Rasa server's CPU per message under `make bench`
(py-spy; see docs/benchmarks.md). Here the schema is checked once and validators are reused.
Checking the events still cost 1.2 ms per reply of six events: the schema says each event is
one of 23 kinds, told apart by a constant `event` field, and jsonschema tries every event
against all 23 (building an error for each miss). Each event is checked against its own kind
instead (0.16 ms), which gives the same verdict; replies are accepted and refused as before.

Loading a tracker turns each stored event into its class with `Event.resolve_by_type`, which
walks every subclass of Event each time (5 % of the server's CPU); the name -> class table is
built once here, and a name it lacks still goes to Rasa's own lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, exceptions
from jsonschema.protocols import Validator


@dataclass(frozen=True)
class ReplyValidators:
    reply: Validator  # the reply without checking inside the events
    event: Validator  # one event, any kind (Rasa's own schema for an item)
    by_kind: dict[str, Validator]  # one event of the kind named by its `event` field


@lru_cache(maxsize=1)
def action_result_validators() -> ReplyValidators:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    event = schema["properties"]["events"]["items"]
    any_event = {**schema["properties"]["events"], "items": {}}
    reply = {**schema, "properties": {**schema["properties"], "events": any_event}}
    common = {key: value for key, value in event.items() if key != "oneOf"}
    by_kind = {kind["properties"]["event"]["const"]: validator_class({**common, "oneOf": [kind]})
               for kind in event["oneOf"]}
    return ReplyValidators(validator_class(reply), validator_class(event), by_kind)


def reply_errors(result: Any) -> Iterator[ValidationError]:
    validators = action_result_validators()
    yield from validators.reply.iter_errors(result)
    events = result.get("events") if isinstance(result, dict) else None
    for event in events if isinstance(events, list) else ():
        kind = event.get("event") if isinstance(event, dict) else None
        validator = validators.by_kind.get(kind) if isinstance(kind, str) else None
        yield from (validator or validators.event).iter_errors(event)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the validators built once."""
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(reply_errors(result))
    if error is None:
        return True
    error.message += (  # Rasa's own wording
        ". Failed to validate Action server response from API, make sure your response from "
        "the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


@lru_cache(maxsize=1)
def event_classes() -> dict[str, type]:
    """Event type name -> the class Rasa's lookup returns for it (the first subclass found)."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    table: dict[str, type] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


RASAS_RESOLVE_BY_TYPE = None


def resolve_event_type(type_name: str, default: type | None = None) -> type | None:
    """Event.resolve_by_type from the table; anything else (unknown names) as Rasa does."""
    found = event_classes().get(type_name) if isinstance(type_name, str) else None
    return found or RASAS_RESOLVE_BY_TYPE(type_name, default)


def install() -> None:
    global RASAS_RESOLVE_BY_TYPE
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    RemoteAction._validate_action_result = validate_action_result
    if RASAS_RESOLVE_BY_TYPE is None:
        RASAS_RESOLVE_BY_TYPE = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(resolve_event_type)

