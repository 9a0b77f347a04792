"""UnknownWordsFallback: only messages made entirely of unseen Latin words fall back."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.unknown_words import UnknownWordsFallback, is_unknown

VOCABULARY = frozenset({"legal", "aid", "is", "it", "free", "no", "hi"})


@pytest.mark.parametrize("text, unknown", [
    ("purple", True),
    ("zxcvbnm qwerty", True),
    ("is legal aid free", False),
    ("is it fre", False),  # one known word is enough: misspellings are DIET's job
    ("Qinghai", True),
    ("法律援助免费吗", False),  # Chinese is not space-separated: never judged here
    ("free 法律援助", False),
    ("12345", False),
    ("", False),
    ("???", False),
])
def test_is_unknown(text, unknown):
    assert is_unknown(text, VOCABULARY) is unknown


def test_nothing_is_unknown_without_a_vocabulary():
    assert not is_unknown("purple", frozenset())


def intent_message(text: str, intent: str, confidence: float = 0.97) -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                         "intent_ranking": [{"name": intent, "confidence": confidence}]})


def test_trains_persists_loads_and_overrides_only_unknown_messages(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("unknown_words")
    context = ExecutionContext(GraphSchema({}), "test")
    component = UnknownWordsFallback.create({}, storage, resource, context)
    component.train(TrainingData([Message(data={"text": "Is legal aid free?", "intent": "faq"}),
                                  Message(data={"text": "hi", "intent": "greet"})]))

    loaded = UnknownWordsFallback.load({}, storage, resource, context)
    assert loaded.vocabulary == {"is", "legal", "aid", "free", "hi"}
    gibberish, question = loaded.process([intent_message("purple", "faq"),
                                          intent_message("is it free", "faq")])
    assert gibberish.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert gibberish.get("intent_ranking")[0]["name"] == "nlu_fallback"
    assert gibberish.get("intent_ranking")[1]["name"] == "faq"  # kept for the topic buttons
    assert question.get("intent")["name"] == "faq"
