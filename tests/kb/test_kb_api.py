"""The public KnowledgeBase API over the real statutes, and ranking on known questions."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb import Article, Hit, KnowledgeBase, Law

REPO = Path(__file__).resolve().parents[2]


def test_laws(real_kb: KnowledgeBase) -> None:
    laws = real_kb.laws()
    assert [(law.id, law.article_count) for law in laws] == [
        ("legal_aid_law", 71), ("legal_aid_regulations", 31), ("lawyers_law", 60)]
    assert isinstance(laws[0], Law) and laws[0].status == "current"
    assert laws[1].status == "largely_overtaken"
    assert real_kb.law("律师法").id == "lawyers_law" and real_kb.law("LAL").id == "legal_aid_law"


def test_get_article(real_kb: KnowledgeBase) -> None:
    article = real_kb.get_article("legal_aid_law", 25)
    assert isinstance(article, Article)
    assert (article.label_zh, article.chapter_number, article.chapter_title_en) == (
        "第二十五条", 3, "Forms and scope")
    assert article.text_zh.startswith("刑事案件的犯罪嫌疑人")
    assert "（一）未成年人；" in article.text_zh
    assert (article.law_short_en, article.law_title_zh, article.law_status) == (
        "Legal Aid Law", "中华人民共和国法律援助法", "current")
    assert real_kb.get_article("legal_aid_law", 72) is None
    assert real_kb.get_article("no_such_law", 1) is None
    assert real_kb.get_article("lal", 1).number == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.number = 3  # type: ignore[misc]


def test_english_marked_by_source(real_kb: KnowledgeBase) -> None:
    for article in real_kb.articles():
        assert (article.text_en is None) == (article.en_source is None)
    assert real_kb.get_article("lawyers_law", 31).text_en  # inside english_coverage 28-42


def test_index_is_lazy_and_built_once(tmp_path: Path) -> None:
    from bot.kb.builder import build
    from bot.kb.db import make_engine

    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    build(url, REPO / "data" / "regulations", strict=False)
    kb = KnowledgeBase(make_engine(url))
    assert kb._index is None
    kb.search("wages")
    index = kb._index
    kb.search("detention")
    assert kb._index is index and len(index) == 162


def test_import_is_light() -> None:
    code = "import sys, bot.kb; print('spacy' in sys.modules, 'jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_from_env_builds_empty_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        clear_kb_cache: None) -> None:
    db = tmp_path / "var" / "env.sqlite3"
    monkeypatch.setenv("KB_DATABASE_URL", f"sqlite:///{db}")
    kb = KnowledgeBase.from_env()
    assert db.exists() and len(kb.articles()) == 162
    assert KnowledgeBase.from_env() is kb  # one instance per process and URL


# --- ranking -------------------------------------------------------------------------------
def keys(hits: list[Hit]) -> list[str]:
    return [h.article.key for h in hits]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("my boss won't pay me", "legal_aid_law:31", 3),
        ("第三十一条", "legal_aid_law:31", 1),
        ("juvenile suspect", "legal_aid_law:25", 1),
        ("老板拖欠工资怎么办", "legal_aid_law:31", 3),
        ("domestic violence victim", "legal_aid_law:32", 3),
        ("can my lawyer represent the other side too", "lawyers_law:39", 3),
        ("律师会见犯罪嫌疑人会被监听吗", "lawyers_law:33", 3),
        ("art 42 lawyers law", "lawyers_law:42", 1),
    ],
)
def test_ranking(real_kb: KnowledgeBase, query: str, expected: str, within: int) -> None:
    assert expected in keys(real_kb.search(query, limit=within))


def test_hits(real_kb: KnowledgeBase) -> None:
    hits = real_kb.search("juvenile suspect", limit=5)
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    top = hits[0]
    assert (top.law_id, top.number, top.chapter_number) == ("legal_aid_law", 25, 3)
    assert top.via == "topic"
    assert "未成年人" in top.matched


def test_reference_hits_come_first(real_kb: KnowledgeBase) -> None:
    hits = real_kb.search("article 31 of the legal aid law, unpaid wages", limit=3)
    assert hits[0].via == "reference" and hits[0].article.key == "legal_aid_law:31"
    assert "legal_aid_law:31" not in keys(hits[1:])
    assert keys(real_kb.search("第三十一条", limit=5)) == ["legal_aid_law:31"]


def test_named_law_is_preferred(real_kb: KnowledgeBase) -> None:
    hits = real_kb.search("what do the regulations say about financial difficulty", limit=3)
    assert all(h.law_id == "legal_aid_regulations" for h in hits)


def test_nothing_found(real_kb: KnowledgeBase) -> None:
    assert real_kb.search("", limit=3) == []
    assert real_kb.search("xyzzy qwerty", limit=3) == []
    assert real_kb.search("wages", limit=0) == []


# Legal audit P2-1 (issue 17): the superseded 2003 Regulations never come first where a Law
# article covers the point; these two questions did (Regs 17 scored 22.5 against 10.0).
@pytest.mark.parametrize("query, law_article, regulations_article", [
    ("what documents do I need to apply", 41, 17),
    ("where do I apply for legal aid for a wage claim", 38, 14),
    ("申请法律援助需要提交什么材料", 41, 17),
])
def test_the_law_comes_before_the_regulations_it_supersedes(real_kb: KnowledgeBase, query,
                                                             law_article, regulations_article):
    hits = real_kb.search(query, limit=3)
    assert hits[0].article.key == f"legal_aid_law:{law_article}"
    keys = [h.article.key for h in hits]
    if f"legal_aid_regulations:{regulations_article}" in keys:
        assert keys.index(f"legal_aid_law:{law_article}") < keys.index(
            f"legal_aid_regulations:{regulations_article}")
    assert [h.rank for h in hits] == [1, 2, 3]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_no_regulations_article_is_ever_the_top_topic_hit(real_kb: KnowledgeBase) -> None:
    """Every Regulations article's own opening words, asked as a question, get a Law article
    (unless the question names the Regulations themselves: then they come first, labelled)."""
    for article in real_kb.articles("legal_aid_regulations"):
        query = (article.text_en or "")[:80].replace("Regulations", "").replace("regulations", "")
        top = real_kb.search(query, limit=3)[0]
        assert top.article.law_id != "legal_aid_regulations", (article.number, query)


def test_every_regulations_article_names_the_law_articles_covering_it(real_kb: KnowledgeBase):
    from bot.kb.superseded import covered_by

    mapping = covered_by()
    for article in real_kb.articles("legal_aid_regulations"):
        newer = mapping[(article.law_id, article.number)]
        assert newer and all(real_kb.get_article(law, n) for law, n in newer)
