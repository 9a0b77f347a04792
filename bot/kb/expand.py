"""Query analysis for topic search: lemmas, jieba words, typo repair, synonym expansion."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import analysis
from .numerals import NUMERAL_CHARS, parse_number

# Weight of a word repaired by spelling correction: the guess may be wrong.
TYPO_WEIGHT = 0.8
# Default weight of a synonym-table addition (the user's own words weigh 1.0).
DEFAULT_EXPANSION_WEIGHT = 0.5
_MIN_TYPO_LENGTH = 4


# "16 years old", "a 15-year-old", "aged 70", "十六岁", "16岁": ages decide minor / elderly.
_AGE_RES = (
    re.compile(r"\b(\d{1,3})(?:[\s-]*(?:years?|yrs?)[\s-]*old\b|\s*y/?o\b)", re.IGNORECASE),
    re.compile(r"\baged?\s+(\d{1,3})\b", re.IGNORECASE),
    re.compile(rf"(\d{{1,3}}|[{NUMERAL_CHARS}]{{1,4}})\s*(?:周岁|岁)"),
)


@dataclass(frozen=True)
class _AgeRule:
    low: int
    high: int
    add: tuple[str, ...]
    weight: float


def ages_in(text: str) -> list[int]:
    """Ages mentioned in *text*."""
    found = []
    for regex in _AGE_RES:
        for match in regex.finditer(text):
            try:
                found.append(parse_number(match.group(1)))
            except ValueError:
                continue
    return found


@dataclass(frozen=True)
class _Expansion:
    phrases: tuple[str, ...]  # " lemma lemma " with padding, for whole-word matching
    zh_items: tuple[str, ...]
    add: tuple[str, ...]
    weight: float


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance (adjacent transpositions) ≤ 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


class QueryExpander:
    """Turns a question into weighted index terms."""

    def __init__(self, vocabulary: Mapping[str, int], raw: Mapping | None = None) -> None:
        raw = raw if raw is not None else analysis.lexicon().raw
        self.vocabulary = vocabulary
        self.expansions = [self._compile(entry) for entry in raw.get("expansions") or ()]
        self.age_rules = [
            _AgeRule(int(rule.get("from", 0)), int(rule.get("below", 1000)),
                     tuple(t for item in rule.get("add") or () for t in analysis.terms(str(item))),
                     float(rule.get("weight", DEFAULT_EXPANSION_WEIGHT)))
            for rule in raw.get("ages") or ()]
        triggers = {p.strip() for e in self.expansions for p in e.phrases if " " not in p.strip()}
        self.known = set(vocabulary) | triggers
        self._typo_index: dict[str, set[str]] = {}
        for word in self.known:
            if word.isalpha() and word.isascii() and len(word) >= _MIN_TYPO_LENGTH - 1:
                for variant in _deletes(word):
                    self._typo_index.setdefault(variant, set()).add(word)

    @staticmethod
    def _compile(entry: Mapping) -> _Expansion:
        phrases, zh_items = [], []
        for item in entry.get("when") or ():
            item = str(item).strip()
            if analysis.has_cjk(item):
                zh_items.append(item)
            elif item:
                lemmas = analysis.english_lemmas(item)
                if lemmas:
                    phrases.append(" " + " ".join(lemmas) + " ")
        add: list[str] = []
        for item in entry.get("add") or ():
            add.extend(t for t in analysis.terms(str(item)) if t not in add)
        weight = float(entry.get("weight", DEFAULT_EXPANSION_WEIGHT))
        return _Expansion(tuple(phrases), tuple(zh_items), tuple(add), weight)

    def correct(self, word: str) -> str | None:
        """A known word one edit away from an unknown *word*, preferring frequent ones."""
        if word in self.known or len(word) < _MIN_TYPO_LENGTH or not word.isalpha():
            return None
        candidates = set()
        for variant in _deletes(word):
            candidates |= self._typo_index.get(variant, set())
        candidates = {c for c in candidates if _within_one_edit(word, c)}
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda c: self.vocabulary.get(c, 0))

    def expand(self, query: str) -> dict[str, float]:
        """term → weight for *query* (its own terms 1.0, repaired words and synonyms less)."""
        latin, zh = analysis.split_scripts(query)
        weights: dict[str, float] = {}
        lemmas: list[str] = []
        if latin.strip():
            for lemma, is_stop in analysis.english_tokens(latin):
                weight = 1.0
                if not is_stop:
                    fixed = self.correct(lemma)
                    if fixed:
                        lemma, weight = fixed, TYPO_WEIGHT
                    _raise(weights, [lemma], weight)
                lemmas.append(lemma)
        if zh:
            _raise(weights, analysis.chinese_terms(zh), 1.0)
        padded = " " + " ".join(lemmas) + " "
        lowered = query.lower()
        for exp in self.expansions:
            if any(p in padded for p in exp.phrases) or any(z in lowered for z in exp.zh_items):
                _raise(weights, exp.add, exp.weight)
        for age in ages_in(query):
            for rule in self.age_rules:
                if rule.low <= age < rule.high:
                    _raise(weights, rule.add, rule.weight)
        return weights


def _raise(weights: dict[str, float], terms: Iterable[str], weight: float) -> None:
    for term in terms:
        if weights.get(term, 0.0) < weight:
            weights[term] = weight
