"""SQLAlchemy 1.4 models (2.0-style usage) of the knowledge base; every table is prefixed kb_."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base

# Bump when the table layout changes: the builder then drops and recreates the kb_ tables.
SCHEMA_VERSION = 1

metadata = MetaData()
Base = declarative_base(metadata=metadata)


class LawRow(Base):
    __tablename__ = "kb_laws"

    id = Column(String(64), primary_key=True)
    position = Column(Integer, nullable=False)
    title_zh = Column(Text, nullable=False)
    title_en = Column(Text, nullable=False)
    short_en = Column(String(200), nullable=False)
    short_zh = Column(String(200), nullable=False)
    status = Column(String(64), nullable=False)
    status_note = Column(Text, nullable=False)
    adopted = Column(Date, nullable=False)
    effective = Column(Date, nullable=False)
    article_count = Column(Integer, nullable=False)
    english_coverage = Column(String(200), nullable=False)
    en_label = Column(Text)


class LawAliasRow(Base):
    __tablename__ = "kb_law_aliases"

    id = Column(Integer, primary_key=True, autoincrement=True)
    law_id = Column(String(64), ForeignKey("kb_laws.id"), nullable=False, index=True)
    alias = Column(String(200), nullable=False, unique=True)


class ChapterRow(Base):
    __tablename__ = "kb_chapters"
    __table_args__ = (UniqueConstraint("law_id", "number"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    law_id = Column(String(64), ForeignKey("kb_laws.id"), nullable=False)
    number = Column(Integer, nullable=False)
    title_zh = Column(Text, nullable=False)
    title_en = Column(Text, nullable=False)
    first_article = Column(Integer, nullable=False)
    last_article = Column(Integer, nullable=False)


class ArticleRow(Base):
    __tablename__ = "kb_articles"
    __table_args__ = (UniqueConstraint("law_id", "number"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    law_id = Column(String(64), ForeignKey("kb_laws.id"), nullable=False)
    number = Column(Integer, nullable=False)
    label_zh = Column(String(32), nullable=False)
    chapter_id = Column(Integer, ForeignKey("kb_chapters.id"), nullable=False)
    text_zh = Column(Text, nullable=False)
    text_en = Column(Text)
    en_source = Column(String(32))


class SearchFieldRow(Base):
    """Analysed tokens of one field of one article, space-separated (tokens contain no spaces)."""

    __tablename__ = "kb_search_fields"
    __table_args__ = (UniqueConstraint("article_id", "field"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    article_id = Column(Integer, ForeignKey("kb_articles.id"), nullable=False)
    field = Column(String(32), nullable=False)
    tokens = Column(Text, nullable=False)


class BackgroundDocRow(Base):
    __tablename__ = "kb_background_docs"

    id = Column(String(128), primary_key=True)
    position = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    kind = Column(String(64), nullable=False)
    source = Column(Text, nullable=False)


class BackgroundLinkRow(Base):
    __tablename__ = "kb_background_links"

    id = Column(Integer, primary_key=True, autoincrement=True)
    doc_id = Column(String(128), ForeignKey("kb_background_docs.id"), nullable=False)
    article_id = Column(Integer, ForeignKey("kb_articles.id"), nullable=False)


class BackgroundSectionRow(Base):
    __tablename__ = "kb_background_sections"

    id = Column(Integer, primary_key=True, autoincrement=True)
    doc_id = Column(String(128), ForeignKey("kb_background_docs.id"), nullable=False)
    position = Column(Integer, nullable=False)
    heading = Column(Text, nullable=False)
    text = Column(Text, nullable=False)


class MetaRow(Base):
    """Key/value facts about the build: content_hash, built_at, schema_version, analyzer."""

    __tablename__ = "kb_meta"

    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)
