"""RelatedIntents: a close call inside a group of intents with one route is not ambiguous."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.related_intents import RelatedIntents, merge_related

GROUPS = [["inform", "start_screening"]]


def ranking(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("given, expected", [
    # close call inside the group: the group's first intent, summed confidence
    (ranking(("start_screening", 0.48), ("inform", 0.45), ("faq", 0.07)),
     ranking(("inform", 0.93), ("faq", 0.07))),
    (ranking(("inform", 0.53), ("start_screening", 0.45), ("faq", 0.02)),
     ranking(("inform", 0.98), ("faq", 0.02))),
    # a clear winner inside the group keeps its name
    (ranking(("start_screening", 0.70), ("inform", 0.25), ("faq", 0.05)),
     ranking(("start_screening", 0.95), ("faq", 0.05))),
    # intents from different groups, or a group member third: untouched
    (ranking(("start_screening", 0.48), ("faq", 0.45), ("inform", 0.07)),
     ranking(("start_screening", 0.48), ("faq", 0.45), ("inform", 0.07))),
    (ranking(("inform", 1.0),), ranking(("inform", 1.0),)),
    ([], []),
])
def test_merge_related(given, expected):
    merged = merge_related(given, GROUPS, 0.1)
    assert [m["name"] for m in merged] == [e["name"] for e in expected]
    assert [m["confidence"] for m in merged] == pytest.approx([e["confidence"] for e in expected])


def parsed(*pairs: tuple[str, float]) -> Message:
    intents = ranking(*pairs)
    return Message(data={"text": "my boss hasn't paid me, can you help me",
                         "intent": dict(intents[0]), "intent_ranking": intents})


def test_fallback_classifier_no_longer_sees_ambiguity(tmp_path):
    context = ExecutionContext(GraphSchema({}), "test")
    storage, resource = LocalModelStorage(tmp_path), Resource("fallback")
    fallback = FallbackClassifier.create({**FallbackClassifier.get_default_config(),
                                          "threshold": 0.55, "ambiguity_threshold": 0.1},
                                         storage, resource, context)
    related = RelatedIntents.create({**RelatedIntents.get_default_config(), "groups": GROUPS},
                                    storage, Resource("related"), context)
    close_call = [("inform", 0.527), ("start_screening", 0.453), ("faq", 0.02)]
    [without] = fallback.process([parsed(*close_call)])
    [with_related] = fallback.process(related.process([parsed(*close_call)]))
    assert without.get("intent")["name"] == "nlu_fallback"
    assert with_related.get("intent") == {"name": "inform", "confidence": pytest.approx(0.98)}
    # a real ambiguity between different routes still falls back
    [unrelated] = fallback.process(related.process(
        [parsed(("faq", 0.5), ("start_screening", 0.45), ("inform", 0.05))]))
    assert unrelated.get("intent")["name"] == "nlu_fallback"
