"""One knowledge-base handle per action-server process, opened on first use (not at import)."""

from __future__ import annotations

from functools import lru_cache

from bot.kb import KnowledgeBase


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase.from_env()
