"""`python -m bot.rasa_server ARGS` is `python -m rasa ARGS` with the project's fixes to Rasa
3.6.21's hot path installed first (bot/launcher.py starts the Rasa server this way).

RemoteAction checks every action-server reply with `jsonschema.validate`, which first validates
the large, constant events schema against its meta-schema: about 48 ms of CPU per custom-action
call on this 2-core machine, a third of the Rasa server's CPU per message under `make bench`
(py-spy; see docs/benchmarks.md). Here the schema is checked once and the same validator is
reused; replies are validated exactly as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import exceptions
from jsonschema.protocols import Validator


@lru_cache(maxsize=1)
def action_result_validator() -> Validator:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator built once."""
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(action_result_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (  # Rasa's own wording
        ". Failed to validate Action server response from API, make sure your response from "
        "the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
