"""Answer "which article says that?" after an FAQ answer: the cited articles, in full."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.articles import utter_article, utter_background
from actions.knowledge_base import knowledge_base
from bot.kb.citations import faq_citations

FAQ_RESPONSE_PREFIX = "utter_"


def last_faq_topic(tracker: Tracker) -> str | None:
    """The retrieval intent (`faq/...`) of the most recent FAQ answer in this session."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        if event.get("event") == "bot":
            utter_action = (event.get("metadata") or {}).get("utter_action") or ""
            if utter_action.startswith("utter_faq/"):
                return utter_action[len(FAQ_RESPONSE_PREFIX):]
    return None


class ActionShowSource(Action):
    def name(self) -> str:
        return "action_show_source"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        topic = last_faq_topic(tracker)
        citations = faq_citations().get(topic or "", ())
        if not citations:
            dispatcher.utter_message(response="utter_no_source")
            return []
        dispatcher.utter_message(response="utter_source_intro")
        kb = knowledge_base()
        for citation in citations:
            if citation.document:
                document = next((d for d in kb.background() if d.id == citation.document), None)
                utter_background(dispatcher, document)
            else:
                utter_article(dispatcher, kb.get_article(citation.law_id, citation.article))
        return []
