"""The action server's warm-up builds the knowledge base's search index and loads the responses
before any user asks."""

from __future__ import annotations

from actions.warm_up import ActionWarmUp
from bot.responses import project_responses
from tests.actions.conftest import run, tracker


def test_warm_up_builds_the_search_index_and_says_nothing(knowledge_base):
    knowledge_base._index = None
    project_responses.cache_clear()
    messages, events = run(ActionWarmUp(), tracker())
    assert knowledge_base._index is not None
    assert project_responses.cache_info().currsize == 1  # the responses are loaded too
    assert (messages, events) == ([], [])
