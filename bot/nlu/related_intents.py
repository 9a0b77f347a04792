"""Rasa NLU component: a close call between two intents that lead to the same place is no doubt.

"My boss hasn't paid me for 3 months, can you help me" is both a request to be screened
(start_screening) and a fact for the screening (inform); outside a screening both start one.
DIET splits its confidence between them, and FallbackClassifier would then ask the user to
rephrase a perfectly clear message. This component, placed just before FallbackClassifier, merges
the top two intents of the ranking when they belong to one configured group: the merged entry
carries their summed confidence, and the group's first intent wins a close call (within
`ambiguity_threshold`), because it is the one that loses nothing (`inform` keeps a screening
under way; `start_screening` would start it over).

In config.yml:

    - name: bot.nlu.related_intents.RelatedIntents
      groups:
        - [inform, start_screening]
      ambiguity_threshold: 0.1
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

Ranking = list[dict[str, Any]]


def merge_related(ranking: Ranking, groups: list[list[str]], ambiguity: float) -> Ranking:
    """`ranking` (best first) with its top two merged when one group holds both."""
    if len(ranking) < 2:
        return ranking
    first, second = ranking[0], ranking[1]
    group = next((g for g in groups if first["name"] in g and second["name"] in g), None)
    if group is None:
        return ranking
    close = first["confidence"] - second["confidence"] < ambiguity
    name = min(first["name"], second["name"], key=group.index) if close else first["name"]
    merged = {"name": name, "confidence": first["confidence"] + second["confidence"]}
    return [merged, *ranking[2:]]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class RelatedIntents(GraphComponent):
    def __init__(self, config: dict[str, Any]) -> None:
        self.groups: list[list[str]] = [list(group) for group in config["groups"]]
        self.ambiguity: float = config["ambiguity_threshold"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"groups": [], "ambiguity_threshold": 0.1}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> RelatedIntents:
        return cls(config)

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            merged = merge_related(ranking, self.groups, self.ambiguity)
            if merged is not ranking:
                message.set(INTENT_RANKING_KEY, merged, add_to_output=True)
                message.set(INTENT, dict(merged[0]), add_to_output=True)
        return messages
