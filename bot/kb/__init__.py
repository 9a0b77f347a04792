"""Knowledge base of the legal-aid statutes: build, look up articles, search by topic.

Typical use (e.g. from a Rasa action)::

    from bot.kb import KnowledgeBase
    kb = KnowledgeBase.from_env()           # $KB_DATABASE_URL or var/kb.sqlite3, built if empty
    kb.lookup("article 25 of the legal aid law")   # Lookup(kind="found", articles=(...))
    kb.search("my boss won't pay me", limit=3)     # [Hit(article=..., score=..., rank=1), ...]

Importing this package is cheap: spaCy and jieba load on the first search.
"""

from .knowledge import REFERENCE_SCORE, KnowledgeBase, KnowledgeBaseNotBuilt
from .results import (
    CLEAR_WIN_RATIO,
    Article,
    BackgroundDoc,
    BackgroundSection,
    Hit,
    Law,
    Lookup,
    LookupKind,
    clear_winner,
)
from .srcyaml import SourceError

__all__ = [
    "CLEAR_WIN_RATIO",
    "Article",
    "BackgroundDoc",
    "BackgroundSection",
    "Hit",
    "KnowledgeBase",
    "KnowledgeBaseNotBuilt",
    "Law",
    "Lookup",
    "LookupKind",
    "REFERENCE_SCORE",
    "SourceError",
    "clear_winner",
]
