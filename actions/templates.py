"""Response text inside an action, to compose one message from many parts (bot/responses.py).

Used where a message is built from a variable number of parts (an assessment's reasons, a
summary of facts): each part is a response in the domain, so all wording stays translatable.
An action first calls `localized(domain, tracker)`: every response is then the one variation Rasa
itself would utter in this conversation, so `template` and `article_button` need no slots.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.responses import article_button, localized_responses, response_text

template = response_text  # the actions' name for it: template(domain, name, **values)


def localized(domain: dict[str, Any], tracker: Tracker) -> dict[str, Any]:
    """The domain with each response reduced to the variation this conversation gets."""
    responses = localized_responses(domain.get("responses") or {}, tracker.current_slot_values(),
                                    tracker.get_latest_input_channel())
    return {**domain, "responses": responses}


__all__ = ["article_button", "localized", "response_text", "template"]
