"""The domain's responses as Python reads them: the text of a response, and the button that asks
for a statute article. Used by the actions (a message composed of many responses) and by the
input channels (their own replies); all wording stays in domain.yml and data/responses/.

A response's variation is chosen as Rasa's NLG chooses it (rasa.core.nlg.generator,
ResponseVariationFilter): a variation whose `condition` matches the slots wins over one without a
condition; of several that fit, Rasa picks one at random and this takes the first (the domain has
one variation per language). tests/unit/test_responses.py compares the two. Rasa itself is not
imported: the action server runs without it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _matches(slots: Mapping[str, Any], variation: Mapping[str, Any]) -> bool:
    """Every slot condition of `variation` holds (strings compared case-insensitively)."""
    for condition in variation.get("condition") or []:
        value, filled = condition.get("value"), slots.get(condition.get("name"))
        if isinstance(value, str) and isinstance(filled, str):
            if value.casefold() != filled.casefold():
                return False
        elif value != filled:
            return False
    return True


def variations(domain: Mapping[str, Any], name: str, slots: Mapping[str, Any] | None = None,
               channel: str | None = None) -> list[Mapping[str, Any]]:
    """The variations of response `name` that fit `slots` and `channel`, in Rasa's order of
    preference: conditional for this channel, unconditional for this channel, conditional,
    unconditional."""
    every = (domain.get("responses") or {}).get(name) or []
    slots = slots or {}
    default = [v for v in every if not v.get("condition")]
    conditional = [v for v in every if v.get("condition") and _matches(slots, v)]
    for group in ([v for v in conditional if v.get("channel") == channel],
                  [v for v in default if v.get("channel") == channel],
                  [v for v in conditional if v.get("channel") is None]):
        if group:
            return group
    return [v for v in default if v.get("channel") is None]


def variation(domain: Mapping[str, Any], name: str, slots: Mapping[str, Any] | None = None
              ) -> Mapping[str, Any]:
    """The variation of `name` Rasa would utter given `slots` ({} when there is none)."""
    fitting = variations(domain, name, slots)
    return fitting[0] if fitting else {}


def response_text(domain: Mapping[str, Any], name: str, slots: Mapping[str, Any] | None = None,
                  /, **values: Any) -> str:
    """The text of response `name` for `slots`, its `{placeholders}` filled from `values` ("?"
    for one not given: a message composed in an action never shows a raw placeholder)."""
    return str(variation(domain, name, slots).get("text") or "").format_map(_Blank(values))


def ask_article_payload(law_id: str, number: int | str) -> str:
    """The payload that asks for one article (intent `ask_article`, entities law and article)."""
    return "/ask_article" + json.dumps({"law": law_id, "article": str(number)})


def article_button(domain: Mapping[str, Any], law_id: str, number: int | str,
                   slots: Mapping[str, Any] | None = None) -> dict[str, str]:
    """A button that shows article `number` of `law_id`, titled like "Legal Aid Law art. 25"
    (responses `utter_article_button_title` and `utter_law_name_<law_id>`)."""
    law_name = response_text(domain, f"utter_law_name_{law_id}", slots)
    title = response_text(domain, "utter_article_button_title", slots, law_name=law_name,
                          number=number)
    return {"title": title, "payload": ask_article_payload(law_id, number)}
