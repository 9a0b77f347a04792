"""Response text inside an action, to compose one message from many parts (bot/responses.py).

Used where a message is built from a variable number of parts (an assessment's reasons, a
summary of facts): each part is a response in the domain, so all wording stays translatable.
An action first calls `localized(domain, tracker)`: every response is then the one variation Rasa
itself would utter in this conversation, so `template` and `article_button` need no slots.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from bot.responses import article_button, localized_responses, project_responses, response_text

template = response_text  # the actions' name for it: template(domain, name, **values)


def responses_of(domain: dict[str, Any]) -> Mapping[str, Any]:
    """The responses Rasa sent with the call, else the project's own: with selective domain
    (endpoints.yml) Rasa sends no domain to an action that does not ask for it."""
    return domain.get("responses") or project_responses()


def localized(domain: dict[str, Any], tracker: Tracker) -> dict[str, Any]:
    """The domain with each response reduced to the variation this conversation gets."""
    responses = localized_responses(responses_of(domain), tracker.current_slot_values(),
                                    tracker.get_latest_input_channel())
    return {**domain, "responses": responses}


__all__ = ["article_button", "localized", "response_text", "responses_of", "template"]
