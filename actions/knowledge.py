"""Answer "show me article N" and "what does the law say about X" from the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.articles import utter_article
from actions.knowledge_base import knowledge_base
from actions.templates import article_button, localized, template
from bot.kb import Hit, clear_winner
from bot.kb.numerals import article_label

SEARCH_LIMIT = 3


def law_name(domain: dict[str, Any], law_id: str, fallback: str) -> str:
    """The law's short name in the conversation's language (`utter_law_name_<id>`)."""
    return template(domain, f"utter_law_name_{law_id}") or fallback


def entity_value(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class ActionShowArticle(Action):
    """Show an article named by reference, in English or Chinese, or by button entities."""

    def name(self) -> str:
        return "action_show_article"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = knowledge_base()
        domain = localized(domain, tracker)
        law_id, number = entity_value(tracker, "law"), entity_value(tracker, "article")
        if law_id and number and number.isdigit():
            utter_article(dispatcher, kb.get_article(law_id, int(number)))
            return []
        lookup = kb.lookup(tracker.latest_message.get("text") or "")
        if lookup.kind == "found":
            if lookup.law_assumed:
                first = lookup.articles[0]
                dispatcher.utter_message(response="utter_law_assumed", law_name=law_name(
                    domain, first.law_id, first.law_short_en))
            for article in lookup.articles:
                utter_article(dispatcher, article)
        elif lookup.kind == "no_such_article":
            first, last = lookup.valid_range
            dispatcher.utter_message(
                response="utter_no_such_article", number=lookup.missing[0], first=first, last=last,
                law_name=law_name(domain, lookup.law.id, lookup.law.short_en),
                label_zh=article_label(lookup.missing[0]))
            for article in lookup.articles:  # the ones that do exist, if several were asked
                utter_article(dispatcher, article)
        else:
            search_and_answer(dispatcher, tracker, domain)
        return []


class ActionSearchLaw(Action):
    """Rank articles for a topic question; show a clear winner, else offer the candidates."""

    def name(self) -> str:
        return "action_search_law"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        search_and_answer(dispatcher, tracker, localized(domain, tracker))
        return []


def buttons(hits: list[Hit], domain: dict[str, Any]) -> list[dict[str, str]]:
    """Buttons for the hits' articles; `domain` is localized (actions/templates.py)."""
    return [article_button(domain, h.article.law_id, h.article.number) for h in hits]


def search_and_answer(dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> None:
    hits = knowledge_base().search(tracker.latest_message.get("text") or "", limit=SEARCH_LIMIT)
    if not hits:
        dispatcher.utter_message(response="utter_search_nothing")
        return
    # The top hit is shown in full when it clearly beats the next one; otherwise the user chooses.
    best, rest = clear_winner(hits), hits[1:]
    if best is not None:
        dispatcher.utter_message(response="utter_search_best")
        utter_article(dispatcher, best.article)
        if rest:
            dispatcher.utter_message(response="utter_search_related",
                                     buttons=buttons(hits[1:], domain))
    else:
        dispatcher.utter_message(response="utter_search_choose",
                                 buttons=buttons(hits, domain))
