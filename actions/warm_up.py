"""Open the knowledge base and build its search index before the first user needs it.

Not part of any dialogue: `bot.ops.launcher` calls it once, right after the action server answers
its health check, because the first search otherwise takes seconds (spaCy pipeline and index)
and a WeChat reply must come within five.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base as kb_access

WARM_UP_ACTION = "action_warm_up"


class ActionWarmUp(Action):
    def name(self) -> str:
        return WARM_UP_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        await asyncio.get_running_loop().run_in_executor(None, kb_access.knowledge_base().warm_up)
        return []
