"""Stopping, restarting and resetting the screening, and "why do you ask?"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.screening import SCREENING_SLOTS
from actions.templates import localized, template


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in SCREENING_SLOTS]


class ActionStopScreening(Action):
    def name(self) -> str:
        return "action_stop_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_screening_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_events()]


class ActionResetScreening(Action):
    """A new screening starts from nothing: the last person's facts are not reused."""

    def name(self) -> str:
        return "action_reset_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return [*reset_events(), SlotSet("screening_outcome", None)]


class ActionRestartScreening(Action):
    def name(self) -> str:
        return "action_restart_screening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_screening_restarted")
        return [SlotSet("requested_slot", None), *reset_events(),
                SlotSet("screening_outcome", None)]


class ActionExplainQuestion(Action):
    """ "Why do you ask?": the purpose of the current question, with its article."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        requested = tracker.get_slot("requested_slot")
        if requested:
            dispatcher.utter_message(response="utter_why", why=template(
                localized(domain, tracker), f"utter_why_{requested}"))
        else:
            dispatcher.utter_message(response="utter_no_screening_active")
        return []

