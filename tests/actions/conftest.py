"""Actions run against the real knowledge base (built once into a temporary SQLite file)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base as kb_access
from bot.kb import KnowledgeBase
from bot.kb.builder import build
from bot.paths import DOMAIN_FILE, REGULATIONS_DIR
from bot.responses import project_responses


def full_domain() -> dict[str, Any]:
    """domain.yml with the responses of data/responses merged in, as Rasa would send it."""
    return {**yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")),
            "responses": project_responses()}


DOMAIN = full_domain()
# What Rasa sends with each action call: no domain, as selective domain is on (endpoints.yml).
SENT_DOMAIN: dict[str, Any] = {}


@pytest.fixture(scope="session", autouse=True)
def knowledge_base(tmp_path_factory) -> KnowledgeBase:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.sqlite3'}"
    build(url, REGULATIONS_DIR)
    kb = KnowledgeBase.from_url(url)
    kb_access.knowledge_base.cache_clear()
    original = kb_access.knowledge_base
    kb_access.knowledge_base = lambda: kb  # type: ignore[assignment]
    yield kb
    kb_access.knowledge_base = original


def tracker(text: str = "", intent: str | None = None, slots: dict | None = None,
            events: list | None = None, entities: list | None = None,
            confidence: float = 0.95) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "entities": entities or []}
    return Tracker("user", slots or {}, latest, events or [], False, None,
                   {"name": "screening_form"} if slots and slots.get("requested_slot") else {},
                   "action_listen")


def run(action, tracker_: Tracker, domain: dict[str, Any] | None = None
        ) -> tuple[list[dict], list[dict]]:
    """(messages, events) of running `action` on `tracker_` as the action server runs it: with
    the domain Rasa sends (none), so the action reads the project's responses."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, SENT_DOMAIN if domain is None
                                    else domain))
    return dispatcher.messages, events
