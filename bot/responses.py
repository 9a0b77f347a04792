"""The domain's responses as Python reads them: which variation a conversation gets, the text of
a response, and the button that asks for a statute article. Used by the actions (a message
composed of many responses) and by the input channels (their own replies); all wording stays
in domain.yml and data/responses/.

Every response has an English variation without a condition (the fallback) and a Chinese one
with `condition: [{type: slot, name: language, value: zh}]`. Rasa's NLG chooses among them with
`ResponseVariationFilter` (rasa/core/nlg/generator.py: a matching condition wins over the
unconditional variations, a channel-specific variation over a general one); the project chooses
with the same filter, here. tests/unit/test_responses.py checks the choice against Rasa's
TemplatedNaturalLanguageGenerator.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rasa.core.nlg.generator import ResponseVariationFilter

from bot.kb.numerals import article_label

LANGUAGE_SLOT = "language"
ZH_CONDITION = [{"type": "slot", "name": LANGUAGE_SLOT, "value": "zh"}]


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


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
    """Every response reduced to the one variation this conversation gets (its condition
    dropped: it has been decided)."""
    chosen = {name: variation(responses, name, slots, channel) for name in responses}
    return {name: [{k: v for k, v in value.items() if k != "condition"}]
            for name, value in chosen.items() if value is not None}


def language_slots(language: str | None) -> dict[str, Any]:
    """The slot values that select `language`'s variations (None: the fallback, English)."""
    return {LANGUAGE_SLOT: language}


def response_text(domain: Mapping[str, Any], name: str, slots: Mapping[str, Any] | None = None,
                  /, **values: Any) -> str:
    """The text of response `name` for `slots`, its `{placeholders}` filled from `values` ("?"
    for one not given: a message composed in an action never shows a raw placeholder)."""
    chosen = variation(domain.get("responses") or {}, name, slots or {}) or {}
    return str(chosen.get("text") or "").format_map(_Blank(values))


def ask_article_payload(law_id: str, number: int | str) -> str:
    """The payload that asks for one article (intent `ask_article`, entities law and article)."""
    return "/ask_article" + json.dumps({"law": law_id, "article": str(number)})


def article_button(domain: Mapping[str, Any], law_id: str, number: int | str,
                   slots: Mapping[str, Any] | None = None) -> dict[str, str]:
    """A button that shows article `number` of `law_id`, titled like "Legal Aid Law art. 25" or
    "《法律援助法》第二十五条" (`utter_article_button_title`, `utter_law_name_<law_id>`)."""
    law_name = response_text(domain, f"utter_law_name_{law_id}", slots)
    title = response_text(domain, "utter_article_button_title", slots, law_name=law_name,
                          number=number, label_zh=article_label(int(number)))
    return {"title": title, "payload": ask_article_payload(law_id, number)}
