"""The articles each FAQ answer relies on (data/regulations/faq_citations.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.paths import REGULATIONS_DIR

CITATIONS_FILE = REGULATIONS_DIR / "faq_citations.yml"
SITUATION_CITATIONS_FILE = REGULATIONS_DIR / "situation_citations.yml"


@dataclass(frozen=True)
class Citation:
    """`law_id` and `article` for a statute; `law_id == "background"` and `document` otherwise."""

    law_id: str
    article: int | None = None
    document: str | None = None

    @classmethod
    def parse(cls, ref: str) -> Citation:
        kind, _, rest = ref.partition(":")
        if not rest:
            raise ValueError(f"citation {ref!r} is not of the form law_id:article")
        if kind == "background":
            return cls(law_id=kind, document=rest)
        return cls(law_id=kind, article=int(rest))


def load_citations(path: Path = CITATIONS_FILE) -> dict[str, tuple[Citation, ...]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {topic: tuple(Citation.parse(ref) for ref in refs) for topic, refs in raw.items()}


@lru_cache(maxsize=1)
def faq_citations() -> dict[str, tuple[Citation, ...]]:
    """Citations by retrieval intent (`faq/what_is_center`), read once per process."""
    return load_citations()


@lru_cache(maxsize=1)
def situation_citations() -> dict[str, tuple[Citation, ...]]:
    """Citations of the situation-first answers, by response name without `utter_situation_`."""
    return load_citations(SITUATION_CITATIONS_FILE)
