"""Answer a described situation first, then offer to check the person's own case (issue 16).

Thin: bot.screening.situation reads the facts and asks the rules engine; this action utters
the responses it names, prefills the screening's slots with the facts, and tells the rules
(slot `situation_answered`) whether to wait for the offer's answer or start the screening.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_control import reset_events
from actions.templates import responses_of
from bot.screening.situation import OFFER, answer_situation

ANSWERED = "situation_answered"


def last_bot_response(tracker: Tracker) -> str | None:
    """The response name of the assistant's last message, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action")
    return None


class ActionAnswerSituation(Action):
    def name(self) -> str:
        return "action_answer_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        message = tracker.latest_message
        answer = answer_situation(message.get("text") or "")
        if not answer.facts and last_bot_response(tracker) == OFFER:
            # "check if I qualify" right after the offer accepts it: keep what was said.
            return [SlotSet(ANSWERED, False)]
        responses = [r for r in answer.responses if r in responses_of(domain)]
        for response in responses:
            dispatcher.utter_message(response=response)
        if responses:
            dispatcher.utter_message(response=OFFER)
        # A new screening starts from nothing but what this message said.
        return [*reset_events(), SlotSet("screening_outcome", None),
                *(SlotSet(slot, value) for slot, value in answer.facts.items()),
                SlotSet(ANSWERED, bool(responses))]
