"""Which Legal Aid Law (2021) articles cover the point of each Regulations (2003) article.

The Regulations are superseded wherever the Law differs (shared/docs/domain.md), so a search
must never serve a Regulations article as the best answer where a Law article covers the point,
and a Regulations article is shown with the Law articles that now govern it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from bot.paths import REGULATIONS_DIR

SUPERSEDED_FILE = REGULATIONS_DIR / "superseded.yml"


@lru_cache(maxsize=4)
def covered_by(path: Path = SUPERSEDED_FILE) -> dict[tuple[str, int], tuple[tuple[str, int], ...]]:
    """(regulations law id, article) -> ((law id, article), ...) that cover the same point."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    old, new = data["regulations"], data["law"]
    return {(old, int(number)): tuple((new, int(a)) for a in articles)
            for number, articles in data["covered_by"].items()}


def current_first(keys: list[tuple[str, int]],
                  asked_for: Sequence[str] = ()) -> list[tuple[str, int]]:
    """`keys` (best first) with each superseded article moved after the articles covering it;
    covering articles not in `keys` are brought in just before it. A question that names the
    superseded law itself (`asked_for`) gets its articles first (shown with their status)."""
    mapping = covered_by()
    out: list[tuple[str, int]] = []
    for key in keys:
        for newer in () if key[0] in asked_for else mapping.get(key, ()):
            if newer not in out:
                out.append(newer)
        if key not in out:
            out.append(key)
    return out
