"""Article questions by topic: the article about the topic first, alone when it clearly wins."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.kb import CLEAR_WIN_RATIO, Hit, KnowledgeBase, clear_winner

QUERIES = yaml.safe_load(Path(__file__).with_name("topic_articles.yml").read_text("utf-8"))[
    "queries"]


@pytest.mark.parametrize("row", QUERIES, ids=[row["q"] for row in QUERIES])
def test_the_article_about_the_topic_comes_first(real_kb: KnowledgeBase, row: dict) -> None:
    hits = real_kb.search(row["q"], limit=3)
    assert hits[0].article.key == row["first"], [(h.article.key, h.score) for h in hits]
    if "clear" in row:
        winner = clear_winner(hits)
        assert (winner is not None) == row["clear"], [(h.article.key, h.score) for h in hits]
        if row["clear"]:
            assert winner is hits[0]


def test_the_clear_win_rule(real_kb: KnowledgeBase) -> None:
    article = real_kb.get_article("legal_aid_law", 9)
    other = real_kb.get_article("legal_aid_law", 8)
    assert clear_winner([]) is None
    alone = [Hit(article, 2.0, 1)]
    assert clear_winner(alone) is alone[0]
    ahead = [Hit(article, CLEAR_WIN_RATIO * 10.0, 1), Hit(other, 10.0, 2)]
    assert clear_winner(ahead) is ahead[0]
    close = [Hit(article, CLEAR_WIN_RATIO * 10.0 - 0.01, 1), Hit(other, 10.0, 2)]
    assert clear_winner(close) is None
