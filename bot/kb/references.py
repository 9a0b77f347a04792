"""Explicit article references in English and Chinese: "art. 31 LAL", "律师法第四十二条"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .numerals import NUMERAL_CHARS, parse_number

DEFAULT_LAW = "legal_aid_law"

_NUM = r"\d{1,4}"
_JOIN = r"\s*(?:,|&|\band\b|\bor\b|-|–|—|\bto\b|\bthrough\b|\bthru\b)\s*"
_EN_ARTICLE_RE = re.compile(
    rf"(?:\b(?:articles?|arts?|sections?|secs?)\b\.?|§+)\s*(?:no\.?|number|#)?\s*"
    rf"(?P<first>{_NUM})\b(?P<more>(?:{_JOIN}\d{{1,3}}\b)*)",
    re.IGNORECASE,
)
_EN_ORDINAL_RE = re.compile(rf"\b(?P<first>{_NUM})(?:st|nd|rd|th)\s+article\b", re.IGNORECASE)
_ZH_NUM = f"[{NUMERAL_CHARS}]+"
_ZH_ARTICLE_RE = re.compile(
    rf"第\s*(?P<first>{_ZH_NUM})\s*[条條]?\s*(?:(?P<range>至|到|-|–|—|~|～)\s*第?\s*"
    rf"(?P<last>{_ZH_NUM}))?\s*[条條]"
)  # 條: the traditional character, as people in Hong Kong and Taiwan type it
# "LAL 31", "律师法42条": a bare number right after a law's name.
_AFTER_ALIAS_RE = re.compile(r"\s*(?:第\s*)?(?P<first>\d{1,3})(?!\d)\s*(?:[条條]|\b)")
_GAP_BEFORE_RE = re.compile(r"^[\s,:：的'’s]*$")
_GAP_AFTER_OF_RE = re.compile(r"^\s*(?:of|in|from|under)\s+(?:the\s+)?$", re.IGNORECASE)
_GAP_AFTER_RE = re.compile(r"^[\s,(（]*$")


@dataclass(frozen=True)
class LawName:
    """What the parser needs to know about a law."""

    id: str
    aliases: tuple[str, ...]
    article_count: int


@dataclass(frozen=True)
class Reference:
    law_id: str
    numbers: tuple[int, ...]
    law_assumed: bool
    start: int
    end: int


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    law_id: str


def _alias_pattern(alias: str) -> str:
    body = r"\s+".join(re.escape(part) for part in alias.split())
    body = body.replace("'", "['’]?")
    if re.match(r"[a-z0-9]", alias):
        return rf"(?<![a-z0-9]){body}(?![a-z0-9])"
    return body


class ReferenceParser:
    """Finds article references; laws are recognised by the aliases in laws.yml."""

    @classmethod
    def from_laws(cls, laws: Sequence[Any], default_law: str = DEFAULT_LAW) -> ReferenceParser:
        """Parser for objects with id, aliases, short/title names and article_count
        (results.Law or sources.LawSource); the names count as aliases too."""
        return cls([LawName(law.id, tuple(dict.fromkeys(
                        (*law.aliases, law.short_en.lower(), law.short_zh, law.title_en.lower(),
                         law.title_zh))), law.article_count) for law in laws], default_law)

    def __init__(self, laws: Sequence[LawName], default_law: str = DEFAULT_LAW) -> None:
        self.laws = {law.id: law for law in laws}
        self.default_law = default_law if default_law in self.laws else laws[0].id
        pairs = sorted(((a.lower(), law.id) for law in laws for a in law.aliases),
                       key=lambda pair: -len(pair[0]))
        self._alias_res = [(re.compile(_alias_pattern(a), re.IGNORECASE), law_id)
                           for a, law_id in pairs]

    def law_mentions(self, text: str) -> list[_Mention]:
        """Non-overlapping law names in *text*, longest alias winning."""
        found = [_Mention(m.start(), m.end(), law_id)
                 for regex, law_id in self._alias_res for m in regex.finditer(text)]
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[_Mention] = []
        for mention in found:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept

    def parse(self, text: str) -> list[Reference]:
        """Every article reference in *text*, in order of appearance."""
        text = text.replace("’", "'")
        mentions = self.law_mentions(text)
        raw: list[tuple[int, int, tuple[int, ...]]] = []  # start, end, numbers
        for match in _EN_ARTICLE_RE.finditer(text):
            raw.append((match.start(), match.end(), _english_numbers(match)))
        for match in _EN_ORDINAL_RE.finditer(text):
            raw.append((match.start(), match.end(), (int(match.group("first")),)))
        for match in _ZH_ARTICLE_RE.finditer(text):
            numbers = _chinese_numbers(match)
            if numbers:
                raw.append((match.start(), match.end(), numbers))
        taken = [(s, e) for s, e, _ in raw]
        for mention in mentions:
            match = _AFTER_ALIAS_RE.match(text, mention.end)
            if match and not any(s <= match.start("first") < e for s, e in taken):
                raw.append((mention.end, match.end(), (int(match.group("first")),)))
        raw.sort()
        refs = []
        for start, end, numbers in raw:
            law_id, assumed = self._attach(text, start, end, mentions)
            refs.append(Reference(law_id, numbers, assumed, start, end))
        return refs

    def remove_references(self, text: str) -> tuple[str, tuple[str, ...]]:
        """*text* without its article references and law names, and the ids of the laws named."""
        text = text.replace("’", "'")
        mentions = self.law_mentions(text)
        spans = [(m.start, m.end) for m in mentions]
        spans += [(r.start, r.end) for r in self.parse(text)]
        chars = list(text)
        for start, end in spans:
            chars[start:end] = [" "] * (end - start)
        law_ids = tuple(dict.fromkeys(m.law_id for m in mentions))
        return "".join(chars), law_ids

    def _attach(self, text: str, start: int, end: int,
                mentions: Sequence[_Mention]) -> tuple[str, bool]:
        for mention in mentions:  # "article 42 of the lawyers law"
            if mention.start >= end and _GAP_AFTER_OF_RE.match(text[end:mention.start]):
                return mention.law_id, False
        for mention in mentions:  # "律师法第四十二条", "regulations article 2"
            if mention.end <= start and _GAP_BEFORE_RE.match(text[mention.end:start]):
                return mention.law_id, False
        for mention in mentions:  # "art 31 LAL"
            if mention.start >= end and _GAP_AFTER_RE.match(text[end:mention.start]):
                return mention.law_id, False
        if mentions:  # a law named elsewhere in the sentence: the nearest one
            nearest = min(mentions, key=lambda m: min(abs(m.start - end), abs(start - m.end)))
            return nearest.law_id, False
        return self.default_law, True


def _english_numbers(match: re.Match[str]) -> tuple[int, ...]:
    numbers = [int(match.group("first"))]
    more = match.group("more") or ""
    for joiner, number in re.findall(rf"({_JOIN})({_NUM})", more, re.IGNORECASE):
        value = int(number)
        if re.search(r"-|–|—|to|thr", joiner, re.IGNORECASE) and value > numbers[-1]:
            numbers.extend(range(numbers[-1] + 1, min(value, numbers[-1] + 50) + 1))
        else:
            numbers.append(value)
    return tuple(dict.fromkeys(numbers))


def _chinese_numbers(match: re.Match[str]) -> tuple[int, ...]:
    try:
        first = parse_number(match.group("first"))
        last = parse_number(match.group("last")) if match.group("last") else first
    except ValueError:
        return ()
    if last < first:
        return (first, last)
    return tuple(range(first, min(last, first + 50) + 1))
