"""Parser for the authoritative Chinese statute files (zh/*.zh.txt)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .numerals import NUMERAL_CHARS, article_label, parse_number
from .srcyaml import SourceError, read_source

# An article starts a line: 第N条, then a space (ASCII or ideographic) and its first paragraph.
# "第二十五条第一款规定…" at the start of a paragraph is a cross-reference, not a header.
_HEADER_RE = re.compile(rf"^第([{NUMERAL_CHARS}]+)条(?:[ \u3000]+(.*))?$")


@dataclass(frozen=True)
class ZhArticle:
    number: int
    label: str
    text: str
    line: int


def parse_zh(path: Path, expected_count: int) -> list[ZhArticle]:
    """Parse and validate one statute file: numbering 1..N in order, no gaps, no empty articles."""
    raw = read_source(path).lstrip("\ufeff")
    articles: list[ZhArticle] = []
    current: dict | None = None  # number, label, line, paragraphs
    blank_before = True

    def close() -> None:
        if current is None:
            return
        if not current["paragraphs"]:
            raise SourceError(path, current["line"], f"{current['label']} is empty")
        articles.append(ZhArticle(current["number"], current["label"],
                                  "\n".join(current["paragraphs"]), current["line"]))

    for lineno, line in enumerate(raw.splitlines(), start=1):
        text = line.strip().replace("\u3000", " ").strip()
        if not text:
            blank_before = True
            continue
        header = _HEADER_RE.match(text)
        if header:
            expected = len(articles) + (1 if current is None else 2)
            found_label = f"第{header.group(1)}条"
            try:
                number = parse_number(header.group(1))
            except ValueError:
                raise SourceError(path, lineno, f"bad article number in {found_label}") from None
            if number != expected:
                raise SourceError(
                    path, lineno, f"expected {article_label(expected)}, found {found_label}")
            if not blank_before:
                raise SourceError(path, lineno, f"missing blank line before {found_label}")
            close()
            current = {"number": number, "label": article_label(number), "line": lineno,
                       "paragraphs": []}
            first = (header.group(2) or "").strip()
            if first:
                current["paragraphs"].append(first)
        elif current is None:
            raise SourceError(path, lineno, "text before the first article (expected 第一条)")
        elif blank_before and current["paragraphs"]:
            raise SourceError(path, lineno,
                              f"paragraph after a blank line inside {current['label']}")
        else:
            current["paragraphs"].append(text)
        blank_before = False
    close()
    if not articles:
        raise SourceError(path, None, "no articles found")
    if len(articles) != expected_count:
        last = articles[-1]
        raise SourceError(path, last.line, f"expected {expected_count} articles (laws.yml), "
                                           f"found {len(articles)} (last is {last.label})")
    return articles
