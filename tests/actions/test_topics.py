"""action_suggest_topics with constructed trackers and the real domain."""

import asyncio

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import ActionSuggestTopics, suggest_buttons, topic_scores
from bot.paths import DOMAIN_FILE

DOMAIN = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


def tracker_with(parse_data: dict) -> Tracker:
    return Tracker("user", {}, parse_data, [], False, None, {}, "action_listen")


UNSURE_FAQ = {
    "text": "centre free?",
    "intent": {"name": "nlu_fallback", "confidence": 0.55},
    "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55},
                       {"name": "faq", "confidence": 0.5},
                       {"name": "human_handoff", "confidence": 0.35},
                       {"name": "greet", "confidence": 0.01}],
    "response_selector": {"faq": {"ranking": [
        {"intent_response_key": "faq/is_it_free", "confidence": 0.6},
        {"intent_response_key": "faq/what_is_center", "confidence": 0.3},
        {"intent_response_key": "faq/hotline", "confidence": 0.1}]}},
}


def run(parse_data: dict) -> list[dict]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSuggestTopics().run(dispatcher, tracker_with(parse_data), DOMAIN))
    return dispatcher.messages


def test_faq_scores_are_weighted_by_the_faq_intent_confidence():
    scores = topic_scores(UNSURE_FAQ)
    assert scores["faq/is_it_free"] == 0.5 * 0.6
    assert "nlu_fallback" not in scores


def test_the_likeliest_three_topics_become_buttons_best_first():
    catalogue = DOMAIN["responses"]["utter_all_topics"][0]["buttons"]
    titles = [b["title"] for b in suggest_buttons(UNSURE_FAQ, catalogue)]
    assert titles == ["I want to talk to a person", "Is legal aid free?",
                      "What does a legal aid center do?"]


def test_action_utters_the_rephrase_response_with_buttons():
    [message] = run(UNSURE_FAQ)
    assert message["response"] == "utter_rephrase"
    assert len(message["buttons"]) == 3
    assert all(b["title"] == b["payload"] for b in message["buttons"])


def test_without_any_likely_topic_it_asks_to_rephrase_without_buttons():
    [message] = run({"text": "zzz", "intent_ranking": [{"name": "nlu_fallback",
                                                         "confidence": 0.9}]})
    assert message["response"] == "utter_rephrase_no_topics"
    assert not message.get("buttons")
