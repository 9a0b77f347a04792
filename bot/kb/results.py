"""Public result types of the knowledge base: frozen dataclasses, safe to share across threads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

LookupKind = Literal["found", "no_such_article", "not_a_reference"]


@dataclass(frozen=True)
class Law:
    """A statute and its metadata from laws.yml."""

    id: str
    title_zh: str
    title_en: str
    short_en: str
    short_zh: str
    status: str
    status_note: str
    adopted: date
    effective: date
    article_count: int
    english_coverage: str
    aliases: tuple[str, ...] = ()

    @property
    def valid_range(self) -> tuple[int, int]:
        return (1, self.article_count)


@dataclass(frozen=True)
class Article:
    """One article: the Chinese text is authoritative, text_en is an (unofficial) translation."""

    law_id: str
    law_short_en: str
    law_title_zh: str
    number: int
    label_zh: str
    chapter_number: int
    chapter_title_en: str
    chapter_title_zh: str
    text_zh: str
    text_en: str | None
    en_source: str | None
    law_status: str

    @property
    def key(self) -> str:
        """Stable id such as "legal_aid_law:31"."""
        return f"{self.law_id}:{self.number}"

    @property
    def citation_en(self) -> str:
        return f"{self.law_short_en}, Article {self.number}"


@dataclass(frozen=True)
class Lookup:
    """Result of parsing an explicit article reference ("article 25 of the legal aid law").

    kind is "found" when every requested article exists, "no_such_article" when at least one
    number is outside the law's valid_range (missing lists those; articles holds the rest),
    "not_a_reference" when the text names no article. law_assumed is True when the text
    named no law and the current Legal Aid Law was assumed.
    """

    kind: LookupKind
    articles: tuple[Article, ...] = ()
    law: Law | None = None
    law_assumed: bool = False
    valid_range: tuple[int, int] | None = None
    requested: tuple[int, ...] = ()
    missing: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    """A ranked search result. via is "reference" for an explicit article reference in the query."""

    article: Article
    score: float
    rank: int
    via: Literal["reference", "topic"] = "topic"
    matched: tuple[str, ...] = field(default=())

    @property
    def law_id(self) -> str:
        return self.article.law_id

    @property
    def number(self) -> int:
        return self.article.number

    @property
    def chapter_number(self) -> int:
        return self.article.chapter_number


@dataclass(frozen=True)
class BackgroundSection:
    heading: str
    text: str


@dataclass(frozen=True)
class BackgroundDoc:
    """Background facts from a seed article: not law, never to be cited as law."""

    id: str
    title: str
    kind: str
    source: str
    related: tuple[str, ...]  # article keys such as "legal_aid_law:12"
    sections: tuple[BackgroundSection, ...]


# A topic search shows its best article on its own, without a menu, when that article scores at
# least this many times the runner-up. Chosen from the scores of tests/kb/devset.yml's tuning
# half (135 questions, 2026-12-06): at 1.5, 45 answers are shown at once and 44 are right (the
# one wrong leads by 2.02); at 1.4, 56 and 53 (two wrong lead by 1.41). Held-out half, in
# aggregate: 1.5 shows 27 of 67 at once, 96.3 % right. tests/kb/topic_articles.yml: examples.
CLEAR_WIN_RATIO = 1.5


def clear_winner(hits: Sequence[Hit]) -> Hit | None:
    """The best hit when it clearly beats the rest (or is alone), else None (offer a menu)."""
    if not hits:
        return None
    best = hits[0]
    if len(hits) == 1 or best.score >= CLEAR_WIN_RATIO * hits[1].score:
        return best
    return None
