"""Offer the likely topics as buttons when NLU is unsure (intent `nlu_fallback`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.templates import localized

TOPIC_CATALOGUE = "utter_all_topics"
MAX_SUGGESTIONS = 3
MIN_SCORE = 0.05  # below this a topic is noise, not a likely meaning


def topic_scores(parse_data: dict[str, Any]) -> dict[str, float]:
    """Score intents and FAQ sub-intents (`faq/what_is_center`) by NLU confidence."""
    scores: dict[str, float] = {}
    faq_ranking = (parse_data.get("response_selector", {}).get("faq", {}).get("ranking")) or []
    for entry in parse_data.get("intent_ranking") or []:
        name, confidence = entry.get("name"), entry.get("confidence") or 0.0
        if name == "faq":
            for faq in faq_ranking:
                key = faq.get("intent_response_key")
                if key:
                    scores[key] = confidence * (faq.get("confidence") or 0.0)
        elif name and name != "nlu_fallback":
            scores[name] = confidence
    return scores


def suggest_buttons(parse_data: dict[str, Any], catalogue: list[dict[str, Any]]
                    ) -> list[dict[str, str]]:
    """The catalogue's buttons for the most likely topics, best first."""
    scores = topic_scores(parse_data)
    ranked = sorted((b for b in catalogue if scores.get(b.get("intent"), 0.0) >= MIN_SCORE),
                    key=lambda b: scores[b["intent"]], reverse=True)
    return [{"title": b["title"], "payload": b["payload"]} for b in ranked[:MAX_SUGGESTIONS]]


class ActionSuggestTopics(Action):
    def name(self) -> str:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        variations = localized(domain, tracker)["responses"].get(TOPIC_CATALOGUE) or [{}]
        buttons = suggest_buttons(tracker.latest_message, variations[0].get("buttons") or [])
        if buttons:
            dispatcher.utter_message(response="utter_rephrase", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_rephrase_no_topics")
        return []
