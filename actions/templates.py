"""Fill domain response templates inside an action, to compose one message from many parts.

Used where a message is built from a variable number of parts (an assessment's reasons, a
summary of facts): each part is a response in the domain, so all wording stays translatable.
An action first calls `localized(domain, tracker)`: every response is then the variation Rasa
itself would utter in this conversation (bot/responses.py), so `template` takes the first.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.responses import localized_responses


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def localized(domain: dict[str, Any], tracker: Tracker) -> dict[str, Any]:
    """The domain with each response reduced to the variation this conversation gets."""
    responses = localized_responses(domain.get("responses") or {}, tracker.current_slot_values(),
                                    tracker.get_latest_input_channel())
    return {**domain, "responses": responses}


def template(domain: dict[str, Any], name: str, **values: Any) -> str:
    """The first variation of response `name`, with `{placeholders}` filled from `values`."""
    variations = domain.get("responses", {}).get(name) or [{"text": ""}]
    return str(variations[0].get("text") or "").format_map(_Blank(values))
