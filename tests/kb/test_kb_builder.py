"""Building the kb_ tables on SQLite and PostgreSQL: content, idempotence, atomic replacement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.kb import KnowledgeBase, SourceError
from bot.kb.builder import build, read_meta
from bot.kb.db import make_engine
from bot.kb.models import ArticleRow, LawRow, MetaRow, SearchFieldRow

Edit = Callable[[Path, str, str], None]


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with Session(engine, future=True) as session:
            return {model.__tablename__: session.execute(select(func.count()).select_from(model))
                    .scalar_one() for model in (LawRow, ArticleRow, SearchFieldRow, MetaRow)}
    finally:
        engine.dispose()


def check_build_cycle(url: str, data: Path, edit: Edit) -> None:
    messages: list[str] = []
    first = build(url, data, progress=messages.append)
    assert first.built and (first.laws, first.articles, first.translated) == (2, 15, 14)
    assert any(m.startswith("alpha_law: 12 articles, 12 in English") for m in messages)
    assert counts(url)["kb_articles"] == 15
    meta = read_meta(make_engine(url))
    assert meta["content_hash"] == first.content_hash and "built_at" in meta

    again = build(url, data)
    assert not again.built and again.content_hash == first.content_hash
    assert read_meta(make_engine(url))["built_at"] == meta["built_at"]
    assert build(url, data, force=True).built
    assert counts(url)["kb_articles"] == 15  # replaced, not appended

    edit(data / "zh/beta.zh.txt", "规范法律援助工作", "规范和促进法律援助工作")
    changed = build(url, data)
    assert changed.built and changed.content_hash != first.content_hash

    kb = KnowledgeBase(make_engine(url))
    article = kb.get_article("beta_rules", 1)
    assert article is not None and "规范和促进" in article.text_zh
    assert article.text_en and article.en_source == "seed_001"
    assert kb.get_article("beta_rules", 3).text_en is None
    tenth = kb.get_article("alpha_law", 10)
    assert (tenth.label_zh, tenth.chapter_number) == ("第十条", 2)
    assert tenth.chapter_title_zh == "援助范围"
    assert kb.background()[0].related == ("alpha_law:3", "beta_rules:2")

    # A broken source leaves the previous build untouched.
    edit(data / "zh/alpha.zh.txt", "第十条", "第十二条")
    with pytest.raises(SourceError):
        build(url, data, force=True)
    assert counts(url)["kb_articles"] == 15


def test_build_sqlite(tmp_path: Path, fixture_dir: Path, edit: Edit) -> None:
    check_build_cycle(f"sqlite:///{tmp_path / 'sub' / 'kb.sqlite3'}", fixture_dir, edit)


@pytest.mark.postgres
def test_build_postgres(postgres_url: str, fixture_dir: Path, edit: Edit) -> None:
    check_build_cycle(postgres_url, fixture_dir, edit)


@pytest.mark.postgres
def test_search_on_postgres(postgres_url: str, fixture_dir: Path) -> None:
    build(postgres_url, fixture_dir)
    kb = KnowledgeBase(make_engine(postgres_url))
    assert kb.search("domestic violence victim", limit=1)[0].article.key == "alpha_law:7"


def test_incomplete_english_needs_opt_in(tmp_path: Path, fixture_dir: Path) -> None:
    (fixture_dir / "en/beta.en.yml").unlink()
    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    with pytest.raises(SourceError, match="beta.en.yml: file not found"):
        build(url, fixture_dir)
    result = build(url, fixture_dir, strict=False)
    assert result.built and result.translated == 12 and len(result.warnings) == 1


def test_empty_database_is_reported(tmp_path: Path) -> None:
    from bot.kb import KnowledgeBaseNotBuilt

    with pytest.raises(KnowledgeBaseNotBuilt, match="kb build"):
        KnowledgeBase(make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))


def test_stale_tokens_are_reanalysed(tmp_path: Path, fixture_dir: Path,
                                     caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy import update

    url = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    build(url, fixture_dir)
    engine = make_engine(url)
    with Session(engine, future=True) as session, session.begin():
        session.execute(update(MetaRow).where(MetaRow.key == "analyzer").values(value="old"))
    fresh = KnowledgeBase(engine).search("domestic violence victim", limit=1)
    assert fresh[0].article.key == "alpha_law:7"
    assert "re-analysing" in caplog.text
