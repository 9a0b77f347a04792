"""Read and validate data/regulations/: laws.yml, zh/*.zh.txt, en/*.en.yml, background/*.yml.

The data contract is data/regulations/README.md. Every problem raises SourceError naming the file
and line. With strict=False, missing English (coverage gaps, a missing en file) becomes a warning.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .srcyaml import (
    SourceError,
    clean_text,
    line_of,
    load_yaml,
    parse_ranges,
    reject_unknown_keys,
    require,
    require_mapping,
)
from .zhtext import ZhArticle, parse_zh

__all__ = ["SourceError", "Corpus", "LawSource", "ChapterMeta", "EnArticle", "BackgroundSource",
           "load_corpus", "load_laws_meta"]

_SOURCE_RE = re.compile(r"^(project|seed_\d{3})$")
_REF_RE = re.compile(r"^([a-z0-9_]+):(\d+)$")


@dataclass(frozen=True)
class ChapterMeta:
    number: int
    title_zh: str
    title_en: str
    first: int
    last: int


@dataclass(frozen=True)
class EnArticle:
    number: int
    source: str
    text: str
    line: int


@dataclass
class LawSource:
    """One law: laws.yml metadata plus its parsed texts."""

    id: str
    title_zh: str
    title_en: str
    short_en: str
    short_zh: str
    aliases: tuple[str, ...]
    adopted: date
    effective: date
    status: str
    status_note: str
    zh_file: str
    en_file: str
    article_count: int
    english_coverage: str
    chapters: tuple[ChapterMeta, ...]
    line: int
    zh: list[ZhArticle] = field(default_factory=list)
    en: dict[int, EnArticle] = field(default_factory=dict)
    en_label: str | None = None

    def chapter_of(self, number: int) -> ChapterMeta:
        for chapter in self.chapters:
            if chapter.first <= number <= chapter.last:
                return chapter
        raise KeyError(number)


@dataclass(frozen=True)
class BackgroundSource:
    id: str
    title: str
    kind: str
    source: str
    related: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]


@dataclass
class Corpus:
    laws: list[LawSource]
    background: list[BackgroundSource]
    content_hash: str
    warnings: list[str] = field(default_factory=list)


_LAW_KEYS = {"id", "title_zh", "title_en", "short_en", "short_zh", "aliases", "adopted",
             "effective", "status", "status_note", "zh_file", "en_file", "article_count",
             "english_coverage", "chapters"}


def _parse_chapters(raw: Any, law: dict[str, Any], path: Path,
                    count: int) -> tuple[ChapterMeta, ...]:
    if not isinstance(raw, list) or not raw:
        raise SourceError(path, line_of(law), f"{law['id']}: 'chapters' must be a non-empty list")
    chapters: list[ChapterMeta] = []
    next_first = 1
    for index, node in enumerate(raw, start=1):
        node = require_mapping(node, path, line_of(law), "chapter")
        line = line_of(node)
        number = require(node, "number", int, path)
        first, last = require(node, "first", int, path), require(node, "last", int, path)
        if number != index:
            raise SourceError(path, line, f"expected chapter {index}, found {number}")
        if first != next_first or last < first:
            raise SourceError(path, line, f"chapter {number} covers {first}-{last}, expected it "
                                          f"to start at article {next_first}")
        chapters.append(ChapterMeta(number, require(node, "title_zh", str, path),
                                    str(require(node, "title_en", str, path)), first, last))
        next_first = last + 1
    if next_first != count + 1:
        raise SourceError(path, line_of(law), f"{law['id']}: chapters end at article "
                                              f"{next_first - 1}, article_count is {count}")
    return tuple(chapters)


def load_laws_meta(data_dir: Path) -> list[LawSource]:
    """Parse and check laws.yml (ids, aliases, counts, chapter ranges, coverage spec)."""
    path = data_dir / "laws.yml"
    root = require_mapping(load_yaml(path), path, 1, "laws.yml")
    if not isinstance(root.get("laws"), list) or not root["laws"]:
        raise SourceError(path, line_of(root), "'laws' must be a non-empty list")
    laws: list[LawSource] = []
    seen_alias: dict[str, str] = {}
    for node in root["laws"]:
        node = require_mapping(node, path, line_of(root), "law")
        line = line_of(node)
        reject_unknown_keys(node, _LAW_KEYS, path, "law")
        law_id = require(node, "id", str, path)
        if any(law.id == law_id for law in laws):
            raise SourceError(path, line, f"duplicate law id '{law_id}'")
        count = require(node, "article_count", int, path)
        if count < 1:
            raise SourceError(path, line, f"{law_id}: article_count must be positive")
        coverage = str(require(node, "english_coverage", (str, int), path))
        try:
            parse_ranges(coverage, count)
        except ValueError as exc:
            raise SourceError(path, line, f"{law_id}: english_coverage: {exc}") from None
        aliases = require(node, "aliases", list, path)
        norm_aliases = tuple(dict.fromkeys(str(a).strip().lower() for a in aliases
                                           if str(a).strip()))
        for alias in norm_aliases:
            if seen_alias.setdefault(alias, law_id) != law_id:
                raise SourceError(path, line, f"alias '{alias}' used by both "
                                              f"{seen_alias[alias]} and {law_id}")
        for key in ("adopted", "effective"):
            require(node, key, date, path)
        laws.append(LawSource(
            id=law_id, title_zh=require(node, "title_zh", str, path),
            title_en=require(node, "title_en", str, path),
            short_en=require(node, "short_en", str, path),
            short_zh=require(node, "short_zh", str, path), aliases=norm_aliases,
            adopted=node["adopted"], effective=node["effective"],
            status=require(node, "status", str, path),
            status_note=require(node, "status_note", str, path),
            zh_file=require(node, "zh_file", str, path),
            en_file=require(node, "en_file", str, path),
            article_count=count, english_coverage=coverage,
            chapters=_parse_chapters(node.get("chapters"), node, path, count), line=line or 0))
    return laws


def _parse_en(path: Path, laws: dict[str, LawSource], owner: LawSource | None) -> LawSource:
    """Parse one en/*.en.yml; attaches articles to its law and returns that law."""
    root = require_mapping(load_yaml(path), path, 1, "English file")
    reject_unknown_keys(root, {"law", "label", "articles"}, path, "English file")
    law_id = require(root, "law", str, path)
    law_line = line_of(root)
    if law_id not in laws:
        raise SourceError(path, law_line, f"unknown law id '{law_id}' (laws.yml has "
                                          f"{', '.join(laws)})")
    law = laws[law_id]
    if owner is not None and owner.id != law_id:
        raise SourceError(path, law_line, f"file is laws.yml's en_file of {owner.id} "
                                          f"but says law: {law_id}")
    if owner is None:
        raise SourceError(path, law_line, f"not the en_file of {law_id} in laws.yml "
                                          f"({law.en_file})")
    label = root.get("label")
    law.en_label = str(label).strip() if label else None
    items = root.get("articles")
    if not isinstance(items, list):
        raise SourceError(path, law_line, "'articles' must be a list")
    previous = 0
    for item in items:
        item = require_mapping(item, path, law_line, "article entry")
        reject_unknown_keys(item, {"number", "source", "text"}, path, "article entry")
        line = line_of(item) or 0
        number = require(item, "number", int, path)
        if not 1 <= number <= law.article_count:
            raise SourceError(path, line, f"no article {number} in {law_id} "
                                          f"(1-{law.article_count})")
        if number == previous:
            raise SourceError(path, line, f"article {number} appears twice")
        if number < previous:
            raise SourceError(path, line, f"article {number} after {previous}: numbers must "
                                          "ascend")
        source = require(item, "source", str, path).strip()
        if not _SOURCE_RE.match(source):
            raise SourceError(path, line, f"source must be project or seed_NNN, got {source!r}")
        text = clean_text(str(require(item, "text", str, path)))
        law.en[number] = EnArticle(number, source, text, line)
        previous = number
    return law


def _check_coverage(law: LawSource, path: Path, strict: bool, warnings: list[str]) -> None:
    missing = [n for n in parse_ranges(law.english_coverage, law.article_count) if n not in law.en]
    if not missing:
        return
    shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
    if not law.en and not path.exists():
        problem = f"file not found (english_coverage of {law.id} is '{law.english_coverage}')"
    else:
        problem = (f"english_coverage '{law.english_coverage}' of {law.id} needs "
                   f"{len(missing)} more article(s): {shown}")
    error = SourceError(path, None, problem)
    if strict:
        raise error
    warnings.append(str(error))


def _parse_background(path: Path, laws: dict[str, LawSource]) -> BackgroundSource:
    root = require_mapping(load_yaml(path), path, 1, "background file")
    reject_unknown_keys(root, {"id", "title", "kind", "source", "related", "sections"}, path,
                        "background file")
    doc_id = require(root, "id", str, path)
    stem = path.name.removesuffix(".yml")
    if doc_id != stem:
        raise SourceError(path, line_of(root), f"id '{doc_id}' does not match file name '{stem}'")
    related: list[str] = []
    for ref in root.get("related") or []:
        match = _REF_RE.match(str(ref).strip())
        law = laws.get(match.group(1)) if match else None
        if not match or law is None or not 1 <= int(match.group(2)) <= law.article_count:
            raise SourceError(path, line_of(root), f"related: no such article {ref!r}")
        related.append(f"{law.id}:{int(match.group(2))}")
    sections = root.get("sections")
    if not isinstance(sections, list) or not sections:
        raise SourceError(path, line_of(root), "'sections' must be a non-empty list")
    parsed = []
    for section in sections:
        section = require_mapping(section, path, line_of(root), "section")
        parsed.append((str(require(section, "heading", str, path)).strip(),
                       clean_text(require(section, "text", str, path))))
    return BackgroundSource(doc_id, require(root, "title", str, path).strip(),
                            require(root, "kind", str, path), str(root.get("source") or ""),
                            tuple(related), tuple(parsed))


def _hash_files(data_dir: Path, files: list[Path], salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for path in sorted(files):
        digest.update(os.path.relpath(path, data_dir).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_corpus(data_dir: Path | str, *, strict: bool = True, salt: str = "") -> Corpus:
    """Parse and validate everything under *data_dir*; *salt* is mixed into the content hash."""
    data_dir = Path(data_dir)
    laws = load_laws_meta(data_dir)
    by_id = {law.id: law for law in laws}
    warnings: list[str] = []
    files = [data_dir / "laws.yml"]
    for law in laws:
        zh_path = data_dir / law.zh_file
        law.zh = parse_zh(zh_path, law.article_count)
        files.append(zh_path)
    owners = {(data_dir / law.en_file).resolve(): law for law in laws}
    en_paths = sorted((data_dir / "en").glob("*.en.yml")) if (data_dir / "en").is_dir() else []
    for extra in {p for p in owners if p.exists()} - {p.resolve() for p in en_paths}:
        en_paths.append(extra)  # an en_file outside en/ still counts
    for path in en_paths:
        _parse_en(path, by_id, owners.get(path.resolve()))
        files.append(path)
    for law in laws:
        _check_coverage(law, data_dir / law.en_file, strict, warnings)
    background = []
    bg_dir = data_dir / "background"
    for path in sorted(bg_dir.glob("*.yml")) if bg_dir.is_dir() else []:
        background.append(_parse_background(path, by_id))
        files.append(path)
    return Corpus(laws, background, _hash_files(data_dir, files, salt), warnings)
