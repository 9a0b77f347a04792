"""Session start: Rasa's own, plus the conversation's language.

As Rasa's ActionSessionStart does (rasa/core/actions/action.py), with the domain's
`carry_over_slots_to_new_session: false`: a new session starts with no slots, except the language,
which is a preference, not personal data. When there is none yet, the channel's default from the
message metadata is used (WeChat: {"language": "zh"}; the web page: its toggle; the staff shell:
--lang; Rasa puts the first message's metadata in the slot `session_started_metadata`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

LANGUAGE_SLOT = "language"
LANGUAGES = ("zh", "en")


def channel_language(metadata: Any) -> str | None:
    """The channel's default language in message metadata, if it names a known one."""
    value = metadata.get(LANGUAGE_SLOT) if isinstance(metadata, dict) else None
    return value if value in LANGUAGES else None


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        # The tracker still holds the previous session's slots when this runs.
        language = (tracker.get_slot(LANGUAGE_SLOT)
                    or channel_language(tracker.get_slot("session_started_metadata")))
        events: list[dict[str, Any]] = [SessionStarted()]
        if language:
            events.append(SlotSet(LANGUAGE_SLOT, language))
        return [*events, ActionExecuted("action_listen")]
