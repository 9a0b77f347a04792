"""'Delete my data' (Legal Aid Law art. 21), after the user confirms."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher


class ActionForgetMe(Action):
    """The tracker store deletes the conversation when it saves this turn
    (bot/stores/tracker_store.py, FORGET_ACTION); here the slots are cleared and the user told."""

    def name(self) -> str:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_data_deleted")
        return [AllSlotsReset()]
