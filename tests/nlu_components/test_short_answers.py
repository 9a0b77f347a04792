"""A message that is only a yes or a no word is affirm or deny when the classifiers were unsure."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.short_answers import ShortAnswers, short_answer_intent


@pytest.mark.parametrize(("text", "intent"), [
    ("是", "affirm"), ("好", "affirm"), ("好的！", "affirm"), ("可以", "affirm"), ("嗯", "affirm"),
    ("Yes.", "affirm"), ("不用了", "deny"), ("没有", "deny"), ("否", "deny"), (" no ", "deny"),
    ("可以申请吗", None), ("是什么", None), ("好的 我下线了", None), ("yes please check", None),
])
def test_only_a_whole_short_answer_counts(text, intent):
    assert short_answer_intent(text) == intent


def parse(text: str, intent: str, confidence: float) -> Message:
    ranking = [{"name": intent, "confidence": confidence},
               {"name": "affirm", "confidence": 0.41}, {"name": "deny", "confidence": 0.09}]
    message = Message(data={TEXT: text, INTENT: ranking[0], INTENT_RANKING_KEY: ranking})
    ShortAnswers.create({}, None, None, None).process([message])
    return message


def test_an_unsure_yes_becomes_affirm_with_one_ranking_entry_each():
    message = parse("是", "nlu_fallback", 0.55)
    assert message.get(INTENT) == {"name": "affirm", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["affirm", "deny"]
    assert parse("不用了", "nlu_fallback", 0.55).get(INTENT)["name"] == "deny"


def test_a_confident_prediction_and_other_messages_are_left_alone():
    assert parse("好", "thank", 0.9).get(INTENT)["name"] == "thank"
    assert parse("这是什么", "nlu_fallback", 0.55).get(INTENT)["name"] == "nlu_fallback"
    assert parse("/affirm", "nlu_fallback", 0.55).get(INTENT)["name"] == "nlu_fallback"
