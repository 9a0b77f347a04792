"""Typed payloads: a message such as "/faq" or `/ask_article{"law":["a"],"article":{"b":1}}`.

Rasa reads a message that starts with "/" and names an intent of the domain as that intent with
those entities, without NLU: the way buttons send their payloads. A person can type one too,
and a payload the assistant never offers breaks the actions that trust it (a retrieval intent
without its response key, entity values that are lists or objects): the user got "system
down" and the log an error. `payload_problem` says when a typed payload is not one the
assistant could have sent; the guard then answers `utter_type_your_question` instead of
processing it. Text that only starts with "/" ("/my ID is ...") names no intent and stays
text, as Rasa has it.
"""

from __future__ import annotations

import json
from typing import Any

SCALARS = (str, int, float)


def payload_problem(text: str, domain: Any) -> str | None:
    """Why `text`, a payload naming an intent of `domain`, cannot be processed; None when it
    can, or when it is not such a payload."""
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import (
        YAMLStoryReader,
    )

    text = text.strip()
    if domain is None or not text.startswith("/"):
        return None
    match = YAMLStoryReader._regex_message_pattern().match(text)
    if not match:
        return None
    intent = match.group("name").strip()  # rasa.shared.nlu.constants.INTENT_NAME_KEY
    if intent not in domain.intents:
        return None  # Rasa treats it as text
    if intent in domain.retrieval_intents:
        return "a retrieval intent needs its response key"
    if match.group("rest"):
        return "text after the payload"
    entities = match.group("entities")
    if entities is None:
        return None
    try:
        values = json.loads(entities)
    except ValueError:
        return "entities are not JSON"
    if not isinstance(values, dict):
        return "entities are not an object"
    if not set(values) <= set(domain.entities):
        return "unknown entities"
    if not all(isinstance(value, SCALARS) and not isinstance(value, bool)
               for value in values.values()):
        return "entity values must be strings or numbers"
    return None
