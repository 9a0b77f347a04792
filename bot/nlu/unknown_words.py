"""Rasa NLU component: a message made only of words never seen in training is not understood.

Sparse features give an unseen word like "purple" or "zxcvbnm" arbitrary character n-gram
overlaps, and DIET can be confidently wrong about it (an FAQ answer to gibberish). This component
keeps the training vocabulary and, when a Latin-script message shares no word with it, sets the
intent to `nlu_fallback`, as FallbackClassifier does: the assistant asks to rephrase, and the
screening form still parses the text itself ("Qinghai" answers the province question).
Messages with Chinese characters or digits are left alone: their words are not space-separated.

In config.yml, last, after FallbackClassifier:

    - name: bot.nlu.unknown_words.UnknownWordsFallback
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

WORD = re.compile(r"[a-z]+")
NOT_SPACE_SEPARATED = re.compile(r"[\u3000-\u9fff\uf900-\ufaff0-9]")
VOCABULARY_FILE = "vocabulary.json"


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def is_unknown(text: str, vocabulary: frozenset[str]) -> bool:
    """True when `text` has Latin words and none of them is in `vocabulary`."""
    if not vocabulary or NOT_SPACE_SEPARATED.search(text):
        return False
    found = words(text)
    return bool(found) and not found & vocabulary


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class UnknownWordsFallback(GraphComponent):
    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 vocabulary: frozenset[str] = frozenset()) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UnknownWordsFallback:
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> UnknownWordsFallback:
        with model_storage.read_from(resource) as directory:
            vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, frozenset(vocabulary))

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: set[str] = set()
        for example in training_data.intent_examples:
            vocabulary |= words(example.get(TEXT) or "")
        self.vocabulary = frozenset(vocabulary)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(vocabulary)),
                                                     encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            already = (message.get(INTENT) or {}).get("name") == DEFAULT_NLU_FALLBACK_INTENT_NAME
            if not already and is_unknown(message.get(TEXT) or "", self.vocabulary):
                fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.data[INTENT] = fallback
                message.data.setdefault(INTENT_RANKING_KEY, []).insert(0, fallback)
        return messages
