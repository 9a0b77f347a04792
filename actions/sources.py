"""Answer "which article says that?" after an FAQ or a situation-first answer: the cited
articles, in full."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.articles import utter_article, utter_background
from actions.knowledge_base import knowledge_base
from bot.kb.citations import Citation, faq_citations, situation_citations

FAQ_RESPONSE_PREFIX = "utter_"
SITUATION_PREFIX = "utter_situation_"


def last_answer_citations(tracker: Tracker) -> tuple[Citation, ...]:
    """The citations of the most recent FAQ answer, or of every part of the most recent
    situation-first answer (it may have several: a matter and an exemption)."""
    situation: list[Citation] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started" or (kind == "user" and situation):
            break
        if kind != "bot":
            continue
        utter_action = (event.get("metadata") or {}).get("utter_action") or ""
        if utter_action.startswith("utter_faq/") and not situation:
            return faq_citations().get(utter_action[len(FAQ_RESPONSE_PREFIX):], ())
        cited = situation_citations().get(utter_action.removeprefix(SITUATION_PREFIX), ())
        if utter_action.startswith(SITUATION_PREFIX):
            situation[:0] = [c for c in cited if c not in situation]
    return tuple(situation)


class ActionShowSource(Action):
    def name(self) -> str:
        return "action_show_source"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        citations = last_answer_citations(tracker)
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
