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
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from rasa.core.nlg.generator import ResponseVariationFilter

from bot.kb.numerals import article_label
from bot.paths import DATA_DIR, DOMAIN_FILE

RESPONSES_DIR = DATA_DIR / "responses"  # with domain.yml: the responses the model is trained on

LANGUAGE_SLOT = "language"
ZH_CONDITION = [{"type": "slot", "name": LANGUAGE_SLOT, "value": "zh"}]


@lru_cache(maxsize=1)
def project_responses() -> dict[str, list[dict[str, Any]]]:
    """The domain's responses as the project's files hold them: what Rasa would send to the
    action server. Rasa sends none with selective domain (endpoints.yml): 231 kB of JSON written
    and read again at every action call cost the screening ~2 ms a turn. Read once
    (actions/warm_up.py), with plain YAML: Rasa's own Domain.load validates every file, and in
    the warm-up it delayed the first answer after a start (two starts: 36.1 and 33.0 s against
    28.8 and 28.6 s). tests/unit/test_responses.py checks that the result is the domain Rasa
    trains."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    responses: dict[str, list[dict[str, Any]]] = {}
    for path in [DOMAIN_FILE, *sorted(RESPONSES_DIR.glob("*.yml"))]:
        responses.update(yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
                         .get("responses") or {})
    return responses


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
    # The filter reads only the response asked for: give it that one, not a copy of them all.
    suitable = ResponseVariationFilter({name: responses[name]}).responses_for_utter_action(
        name, channel or "", dict(slots))
    return suitable[0] if suitable else None


class LocalizedResponses(Mapping[str, list[dict[str, Any]]]):
    """Every response reduced to the one variation this conversation gets (its condition
    dropped: it has been decided), chosen when it is first read: an action reads a few of the
    domain's 300-odd responses, and choosing them all took ~2 ms of every action call."""

    def __init__(self, responses: Mapping[str, list[dict[str, Any]]], slots: Mapping[str, Any],
                 channel: str | None = None) -> None:
        self._responses = responses
        self._slots = dict(slots)
        self._channel = channel
        self._chosen: dict[str, list[dict[str, Any]] | None] = {}

    def _choose(self, name: str) -> list[dict[str, Any]] | None:
        if name not in self._chosen:
            value = variation(self._responses, name, self._slots, self._channel)
            self._chosen[name] = (None if value is None else
                                  [{k: v for k, v in value.items() if k != "condition"}])
        return self._chosen[name]

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        chosen = self._choose(name)
        if chosen is None:
            raise KeyError(name)
        return chosen

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._choose(name) is not None

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._responses if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:  # without it, truth would be len(): every variation chosen
        return next(iter(self), None) is not None


def localized_responses(responses: Mapping[str, list[dict[str, Any]]], slots: Mapping[str, Any],
                        channel: str | None = None) -> LocalizedResponses:
    """Every response reduced to the one variation this conversation gets."""
    return LocalizedResponses(responses, slots, channel)


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
