"""KnowledgeBase: the stable API the bot's actions use (no Rasa imports here)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from . import analysis
from .builder import build, read_meta
from .db import DEFAULT_DATA_DIR, default_url, make_engine, redact
from .models import (
    ArticleRow,
    BackgroundDocRow,
    BackgroundLinkRow,
    BackgroundSectionRow,
    ChapterRow,
    LawAliasRow,
    LawRow,
    SearchFieldRow,
)
from .references import ReferenceParser
from .results import Article, BackgroundDoc, BackgroundSection, Hit, Law, Lookup
from .search import SearchDoc, SearchIndex
from .superseded import current_first

log = logging.getLogger(__name__)

# Score given to articles the query cites explicitly: they outrank any topic match
# (topic scores are BM25 sums, well below this for any realistic question).
REFERENCE_SCORE = 1000.0


class KnowledgeBaseNotBuilt(RuntimeError):
    """The database has no knowledge base; run `python -m bot kb build`."""


class KnowledgeBase:
    """Laws and articles held in memory, plus a lazily built search index (once per instance)."""

    _instances: dict[str, KnowledgeBase] = {}
    _instances_lock = threading.Lock()

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self.meta = read_meta(engine)
        if "content_hash" not in self.meta:
            raise KnowledgeBaseNotBuilt(
                f"no knowledge base in {redact(str(engine.url))}: run `python -m bot kb build`")
        self._load()

    # --- construction ------------------------------------------------------------------------
    @classmethod
    def from_url(cls, url: str, *, build_if_empty: bool = False,
                 data_dir: Path | str = DEFAULT_DATA_DIR) -> KnowledgeBase:
        """The process-wide instance for *url*; builds the database first if asked and empty."""
        with cls._instances_lock:
            instance = cls._instances.get(url)
            if instance is None:
                engine = make_engine(url)
                if build_if_empty and "content_hash" not in read_meta(engine):
                    log.warning("knowledge base in %s is empty: building it", redact(url))
                    result = build(url, data_dir, strict=False, progress=log.info)
                    for warning in result.warnings:
                        log.warning("%s", warning)
                instance = cls._instances[url] = cls(engine)
            return instance

    @classmethod
    def from_env(cls, *, build_if_empty: bool = True) -> KnowledgeBase:
        """Instance for $KB_DATABASE_URL (default: SQLite var/kb.sqlite3), built if empty."""
        return cls.from_url(default_url(), build_if_empty=build_if_empty)

    @classmethod
    def clear_cache(cls) -> None:
        """Forget process-wide instances (tests, or after a rebuild)."""
        with cls._instances_lock:
            cls._instances.clear()

    def _load(self) -> None:
        with Session(self._engine, future=True) as session:
            law_rows = session.execute(select(LawRow).order_by(LawRow.position)).scalars().all()
            aliases: dict[str, list[str]] = {}
            for row in session.execute(select(LawAliasRow).order_by(LawAliasRow.id)).scalars():
                aliases.setdefault(row.law_id, []).append(row.alias)
            self._laws = {
                r.id: Law(r.id, r.title_zh, r.title_en, r.short_en, r.short_zh, r.status,
                          r.status_note, r.adopted, r.effective, r.article_count,
                          r.english_coverage, tuple(aliases.get(r.id, ())))
                for r in law_rows}
            chapters = {c.id: c for c in session.execute(select(ChapterRow)).scalars()}
            self._articles: dict[tuple[str, int], Article] = {}
            self._article_ids: dict[int, Article] = {}
            query = select(ArticleRow).order_by(ArticleRow.law_id, ArticleRow.number)
            for row in session.execute(query).scalars():
                law, chapter = self._laws[row.law_id], chapters[row.chapter_id]
                article = Article(row.law_id, law.short_en, law.title_zh, row.number,
                                  row.label_zh, chapter.number, chapter.title_en,
                                  chapter.title_zh, row.text_zh, row.text_en, row.en_source,
                                  law.status)
                self._articles[(row.law_id, row.number)] = article
                self._article_ids[row.id] = article
            self._background = self._load_background(session)
        self._parser = ReferenceParser.from_laws(list(self._laws.values()))
        self._alias_to_law = {a.lower(): n.id for n in self._parser.laws.values()
                              for a in n.aliases}

    def _load_background(self, session: Session) -> list[BackgroundDoc]:
        related: dict[str, list[str]] = {}
        links = session.execute(select(BackgroundLinkRow).order_by(BackgroundLinkRow.id))
        for link in links.scalars():
            related.setdefault(link.doc_id, []).append(self._article_ids[link.article_id].key)
        sections: dict[str, list[BackgroundSection]] = {}
        query = select(BackgroundSectionRow).order_by(BackgroundSectionRow.position)
        for row in session.execute(query).scalars():
            sections.setdefault(row.doc_id, []).append(BackgroundSection(row.heading, row.text))
        docs = session.execute(select(BackgroundDocRow).order_by(BackgroundDocRow.position))
        return [BackgroundDoc(d.id, d.title, d.kind, d.source, tuple(related.get(d.id, ())),
                              tuple(sections.get(d.id, ()))) for d in docs.scalars()]

    # --- reading -----------------------------------------------------------------------------
    def laws(self) -> list[Law]:
        return list(self._laws.values())

    def law(self, law_id_or_alias: str) -> Law | None:
        """A law by id or by any alias ("lal", "律师法")."""
        key = law_id_or_alias.strip()
        law_id = key if key in self._laws else self._alias_to_law.get(key.lower())
        return self._laws.get(law_id) if law_id else None

    def get_article(self, law_id: str, number: int) -> Article | None:
        law = self.law(law_id)
        return self._articles.get((law.id, number)) if law else None

    def articles(self, law_id: str | None = None) -> list[Article]:
        return [a for a in self._articles.values() if law_id is None or a.law_id == law_id]

    def background(self) -> list[BackgroundDoc]:
        return list(self._background)

    # --- references and search ---------------------------------------------------------------
    def lookup(self, text: str) -> Lookup:
        """Resolve explicit article references in *text* (see Lookup for the result kinds)."""
        refs = self._parser.parse(text)
        if not refs:
            return Lookup("not_a_reference")
        found: list[Article] = []
        missing: list[tuple[str, int]] = []
        for ref in refs:
            for number in ref.numbers:
                article = self._articles.get((ref.law_id, number))
                if article is None:
                    missing.append((ref.law_id, number))
                elif article not in found:
                    found.append(article)
        law = self._laws[missing[0][0] if missing else refs[0].law_id]
        return Lookup(
            kind="no_such_article" if missing else "found",
            articles=tuple(found), law=law, law_assumed=refs[0].law_assumed,
            valid_range=law.valid_range,
            requested=tuple(dict.fromkeys(n for ref in refs for n in ref.numbers)),
            missing=tuple(n for _, n in missing))

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Articles for a question, best first; explicitly cited articles come first."""
        hits: list[Hit] = []
        lookup = self.lookup(query)
        for article in lookup.articles[:limit]:
            hits.append(Hit(article, REFERENCE_SCORE, len(hits) + 1, "reference"))
        if len(hits) >= limit:
            return hits
        seen = {h.article.key for h in hits}
        topic, named_laws = self._parser.remove_references(query)
        ranked = {}
        for r in self.index().search(topic, limit + len(seen), prefer_laws=named_laws):
            law_id, number = r.key.split(":")
            ranked[(law_id, int(number))] = r
        # A superseded Regulations article never outranks the Law articles that cover its
        # point: they come first (brought in if the search missed them) and take its score.
        order = [key for key in current_first(list(ranked), named_laws)
                 if key in self._articles and self._articles[key].key not in seen]
        own = [ranked[key].score if key in ranked else 0.0 for key in order]
        for index, key in enumerate(order[:limit - len(hits)]):
            hit = ranked.get(key)
            hits.append(Hit(self._articles[key], max(own[index:]), len(hits) + 1, "topic",
                            hit.matched if hit else ()))
        return hits

    def query_terms(self, query: str) -> dict[str, float]:
        """The weighted index terms a topic search for *query* uses (for debugging)."""
        return self.index().query_terms(self._parser.remove_references(query)[0])

    def warm_up(self) -> None:
        """Build the search index now (e.g. at server start) instead of on the first query."""
        self.index().search("legal aid", 1)

    def index(self) -> SearchIndex:
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = self._build_index()
        return self._index

    def _build_index(self) -> SearchIndex:
        fields: dict[int, dict[str, list[str]]] = {}
        if self.meta.get("analyzer") == analysis.fingerprint():
            with Session(self._engine, future=True) as session:
                for row in session.execute(select(SearchFieldRow)).scalars():
                    fields.setdefault(row.article_id, {})[row.field] = row.tokens.split()
        else:
            log.warning("stored search tokens are from another analyzer version; re-analysing "
                        "(run `python -m bot kb build` to store fresh ones)")
            fields = self._analyse_all()
        docs = [SearchDoc(a.key, fields.get(article_id, {}), a.law_status)
                for article_id, a in self._article_ids.items()]
        return SearchIndex(docs)

    def _analyse_all(self) -> dict[int, dict[str, list[str]]]:
        background: dict[str, list[str]] = {}
        for doc in self._background:
            text = "\n".join(f"{s.heading}\n{s.text}" for s in doc.sections)
            for key in doc.related:
                background.setdefault(key, []).append(text)
        return {article_id: analysis.document_fields(
                    a.text_zh, a.text_en, a.chapter_title_en, a.chapter_title_zh,
                    "\n".join(background.get(a.key, ())))
                for article_id, a in self._article_ids.items()}
