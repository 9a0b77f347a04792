"""Open the knowledge base and build its search index, and load the domain's responses, before
the first user needs them.

Not part of any dialogue: `bot.ops.launcher` calls it once, right after the action server answers
its health check, because the first search otherwise takes seconds (spaCy pipeline and index)
and a WeChat reply must come within five; the responses take about one (bot/responses.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base as kb_access
from bot.responses import project_responses

WARM_UP_ACTION = "action_warm_up"


class ActionWarmUp(Action):
    def name(self) -> str:
        return WARM_UP_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, project_responses)
        await loop.run_in_executor(None, kb_access.knowledge_base().warm_up)
        return []
