"""Rasa NLU component: ages, monthly money amounts and household sizes as entities.

In config.yml, after the tokenizer:

    - name: bot.nlu.quantity_extractor.QuantityExtractor
      # dimensions: [age, money]   # optional, default: all three

Entities: {"entity": "age" | "money" | "household_size", "value", "start", "end",
"confidence": 1.0, "extractor": "QuantityExtractor"}; money values are CNY per month, with
"additional_info": {"period": "month" | "year", "unit": "CNY/month"} (a yearly amount was
divided by 12). Rule-based, nothing to train; spaCy is loaded on the first message.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.screening.quantities import KINDS, Quantity, extract_quantities


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class QuantityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds age / money / household_size entities found by `bot.screening.quantities`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"dimensions": None}  # None: every kind in KINDS

    def __init__(self, config: dict[str, Any]) -> None:
        dimensions = config.get("dimensions") or list(KINDS)
        unknown = set(dimensions) - set(KINDS)
        if unknown:
            raise ValueError(f"QuantityExtractor: unknown dimensions {sorted(unknown)}")
        self.dimensions = frozenset(dimensions)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuantityExtractor:
        return cls({**cls.get_default_config(), **config})

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None  # English and Chinese cues are both looked for whatever the language

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            found = [self._entity(q) for q in extract_quantities(text)
                     if q.kind in self.dimensions]
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def _entity(self, quantity: Quantity) -> dict[str, Any]:
        entity: dict[str, Any] = {
            "entity": quantity.kind,
            "value": quantity.value,
            "start": quantity.start,
            "end": quantity.end,
            "confidence": 1.0,
            "extractor": self.name,
        }
        if quantity.period is not None:
            entity["additional_info"] = {"period": quantity.period, "unit": "CNY/month"}
        return entity
