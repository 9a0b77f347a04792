"""Rasa NLU component: of a text's features, only the sentence-level ones are used.

Without transformer layers, DIETClassifier and ResponseSelector read a text only at its last
position, the sentence-level features: every other position is a token's own features passed
through position-wise dense layers, which nothing reads (Rasa 3.6, `_last_token` in
`batch_loss` and `_batch_loss_intent`; with `number_of_transformer_layers: 0` the sequence
layer returns its input). The token-level features and their weights were computed, trained
and saved for nothing; the long FAQ answers, one position per token, cost the ResponseSelector
most of its training time. Rasa's sequence layer insists on some token-level features, so
this component replaces them by a single position with one constant feature: the model reads
the same sentence-level features in the same way as before, and the token-level work shrinks
to one position per text. What changes is the order in which the weights draw their random
initial values and dropout masks: a retrained model differs as one with another seed would.

In config.yml, after the last featurizer, and only while every DIETClassifier and
ResponseSelector has no transformer layers, no entity recognition and no masked language model
(those read the token positions; tests/nlu_components/test_sentence_features.py checks
config.yml):

    - name: bot.nlu.sentence_features.SentenceFeaturesOnly
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, RESPONSE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ATTRIBUTES = "attributes"
ORIGIN = "SentenceFeaturesOnly"


def is_token_level(feature: Features, attributes: frozenset[str]) -> bool:
    return feature.type == FEATURE_TYPE_SEQUENCE and feature.attribute in attributes


def replace_token_features(message: Message, attributes: frozenset[str]) -> None:
    """Replaces the token-level features of `attributes` by one position, one constant."""
    replaced = {feature.attribute for feature in message.features
                if is_token_level(feature, attributes)}
    message.features = [feature for feature in message.features
                        if not is_token_level(feature, attributes)]
    for attribute in sorted(replaced):
        message.features.append(Features(np.ones((1, 1), dtype=np.float32),
                                         FEATURE_TYPE_SEQUENCE, attribute, ORIGIN))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class SentenceFeaturesOnly(GraphComponent):
    def __init__(self, config: dict[str, Any]) -> None:
        self.attributes = frozenset(config[ATTRIBUTES])

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {ATTRIBUTES: [TEXT, RESPONSE]}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceFeaturesOnly:
        return cls(config)

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            replace_token_features(example, self.attributes)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            replace_token_features(message, self.attributes)
        return messages
