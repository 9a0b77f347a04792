"""Load data/regulations/ into the kb_ tables: validate, compare the content hash, replace."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from . import analysis
from .db import DEFAULT_DATA_DIR, make_engine, redact
from .models import (
    SCHEMA_VERSION,
    ArticleRow,
    BackgroundDocRow,
    BackgroundLinkRow,
    BackgroundSectionRow,
    ChapterRow,
    LawAliasRow,
    LawRow,
    MetaRow,
    SearchFieldRow,
    metadata,
)
from .sources import Corpus, load_corpus

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    built: bool  # False when the database was already up to date
    content_hash: str
    laws: int
    articles: int
    translated: int
    background: int
    warnings: tuple[str, ...]
    seconds: float


def content_salt() -> str:
    """Mixed into the content hash so schema or analyser changes force a rebuild."""
    return f"schema-{SCHEMA_VERSION}|{analysis.fingerprint()}"


def read_meta(engine: Engine) -> dict[str, str]:
    """kb_meta as a dict; empty if the tables do not exist yet."""
    if not inspect(engine).has_table(MetaRow.__tablename__):
        return {}
    with Session(engine, future=True) as session:
        return {row.key: row.value for row in session.execute(select(MetaRow)).scalars()}


def _prepare_schema(engine: Engine, say: Progress) -> None:
    meta = read_meta(engine)
    if meta and meta.get("schema_version") != str(SCHEMA_VERSION):
        say(f"schema version {meta.get('schema_version')} -> {SCHEMA_VERSION}: recreating tables")
        metadata.drop_all(engine)
    metadata.create_all(engine)


def build(url: str, data_dir: Path | str = DEFAULT_DATA_DIR, *, force: bool = False,
          progress: Progress | None = None, strict: bool = True) -> BuildResult:
    """Validate the sources and (re)load them unless the stored content hash matches.

    Raises SourceError for invalid sources; with strict=False missing English is a warning.
    The replacement happens in a single transaction, so readers never see half a build.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    corpus = load_corpus(Path(data_dir), strict=strict, salt=content_salt())
    for warning in corpus.warnings:
        say(f"warning: {warning}")
    translated = sum(len(law.en) for law in corpus.laws)
    total = sum(len(law.zh) for law in corpus.laws)

    def result(built: bool) -> BuildResult:
        return BuildResult(built, corpus.content_hash, len(corpus.laws), total, translated,
                           len(corpus.background), tuple(corpus.warnings),
                           time.perf_counter() - started)

    engine = make_engine(url)
    try:
        _prepare_schema(engine, say)
        stored = read_meta(engine).get("content_hash")
        if stored == corpus.content_hash and not force:
            say(f"{redact(url)}: up to date ({corpus.content_hash[:12]})")
            return result(False)
        rows = _rows(corpus, say)
        with Session(engine, future=True) as session, session.begin():
            for table in reversed(metadata.sorted_tables):
                session.execute(delete(table))
            for model, items in rows:
                if items:
                    session.execute(insert(model), items)
            meta = {"content_hash": corpus.content_hash, "schema_version": str(SCHEMA_VERSION),
                    "analyzer": analysis.fingerprint(),
                    "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            session.execute(insert(MetaRow), [{"key": k, "value": v} for k, v in meta.items()])
        say(f"{redact(url)}: built {total} articles ({translated} with English), "
            f"{len(corpus.background)} background documents")
        return result(True)
    finally:
        engine.dispose()


def _rows(corpus: Corpus, say: Progress) -> list[tuple[type, list[dict]]]:
    """All rows to insert, in foreign-key order, with explicit ids."""
    laws, aliases, chapters, articles, fields = [], [], [], [], []
    article_ids: dict[str, int] = {}
    background_text: dict[str, list[str]] = {}
    for doc in corpus.background:
        text = "\n".join(f"{heading}\n{body}" for heading, body in doc.sections)
        for key in doc.related:
            background_text.setdefault(key, []).append(text)
    for position, law in enumerate(corpus.laws, start=1):
        laws.append({"id": law.id, "position": position, "title_zh": law.title_zh,
                     "title_en": law.title_en, "short_en": law.short_en, "short_zh": law.short_zh,
                     "status": law.status, "status_note": law.status_note,
                     "adopted": law.adopted, "effective": law.effective,
                     "article_count": law.article_count,
                     "english_coverage": law.english_coverage, "en_label": law.en_label})
        aliases += [{"law_id": law.id, "alias": alias} for alias in law.aliases]
        chapter_ids = {}
        for chapter in law.chapters:
            chapter_ids[chapter.number] = len(chapters) + 1
            chapters.append({"id": len(chapters) + 1, "law_id": law.id, "number": chapter.number,
                             "title_zh": chapter.title_zh, "title_en": chapter.title_en,
                             "first_article": chapter.first, "last_article": chapter.last})
        for zh in law.zh:
            chapter = law.chapter_of(zh.number)
            en = law.en.get(zh.number)
            article_id = len(articles) + 1
            key = f"{law.id}:{zh.number}"
            article_ids[key] = article_id
            articles.append({"id": article_id, "law_id": law.id, "number": zh.number,
                             "label_zh": zh.label, "chapter_id": chapter_ids[chapter.number],
                             "text_zh": zh.text, "text_en": en.text if en else None,
                             "en_source": en.source if en else None})
            analysed = analysis.document_fields(zh.text, en.text if en else None,
                                                chapter.title_en, chapter.title_zh,
                                                "\n".join(background_text.get(key, ())))
            fields += [{"article_id": article_id, "field": name, "tokens": " ".join(tokens)}
                       for name, tokens in analysed.items() if tokens]
        say(f"{law.id}: {len(law.zh)} articles, {len(law.en)} in English, "
            f"{len(law.chapters)} chapters")
    docs, links, sections = [], [], []
    for position, doc in enumerate(corpus.background, start=1):
        docs.append({"id": doc.id, "position": position, "title": doc.title, "kind": doc.kind,
                     "source": doc.source})
        links += [{"doc_id": doc.id, "article_id": article_ids[key]} for key in doc.related]
        sections += [{"doc_id": doc.id, "position": i, "heading": heading, "text": text}
                     for i, (heading, text) in enumerate(doc.sections, start=1)]
    return [(LawRow, laws), (LawAliasRow, aliases), (ChapterRow, chapters),
            (ArticleRow, articles), (SearchFieldRow, fields), (BackgroundDocRow, docs),
            (BackgroundLinkRow, links), (BackgroundSectionRow, sections)]
