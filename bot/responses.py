"""Which variation of a domain response a conversation gets: Rasa's own rule, in one place.

Every response has an English variation without a condition (the fallback) and a Chinese one
with `condition: [{type: slot, name: language, value: zh}]`. Rasa's NLG chooses among them with
`ResponseVariationFilter` (rasa/core/nlg/generator.py: a matching condition wins over the
unconditional variations, a channel-specific variation over a general one). Where the project
composes a message from several responses itself (the screening's summary and assessment, the
topic buttons, the channels' own replies), it chooses with the same filter, here.
tests/unit/test_responses.py checks the choice against Rasa's TemplatedNaturalLanguageGenerator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa.core.nlg.generator import ResponseVariationFilter

LANGUAGE_SLOT = "language"
ZH_CONDITION = [{"type": "slot", "name": LANGUAGE_SLOT, "value": "zh"}]


def variation(responses: Mapping[str, list[dict[str, Any]]], name: str,
              slots: Mapping[str, Any], channel: str | None = None) -> dict[str, Any] | None:
    """The variation of response `name` that Rasa would utter with these slot values.

    Rasa picks at random among several suitable variations; this project has one per language,
    and the first suitable one is taken, so the choice is deterministic.
    """
    if name not in responses:
        return None
    suitable = ResponseVariationFilter(dict(responses)).responses_for_utter_action(
        name, channel or "", dict(slots))
    return suitable[0] if suitable else None


def localized_responses(responses: Mapping[str, list[dict[str, Any]]], slots: Mapping[str, Any],
                        channel: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every response reduced to the one variation this conversation gets."""
    chosen = {name: variation(responses, name, slots, channel) for name in responses}
    return {name: [value] for name, value in chosen.items() if value is not None}


def language_slots(language: str | None) -> dict[str, Any]:
    """The slot values that select `language`'s variations (None: the fallback, English)."""
    return {LANGUAGE_SLOT: language}
