"""Ages, monthly money amounts and household sizes in English or Chinese free text.

English cues go through a blank spaCy pipeline (tokenizer + Matcher, created on first use);
Chinese cues are regexes over the raw text, because spaCy's English tokenizer does not segment
Chinese. A number needs a cue ("16 years old", "earning 3000", "4 people", "16岁", "月收入3000",
"三口人"); a bare "16" is read only by `parse_bare_number`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from bot.screening import patterns as p
from bot.screening.numbers import (
    CN_MAGNITUDES,
    EN_MAGNITUDES,
    Number,
    normalize,
    number_phrases,
    parse_chinese_number,
    parse_digits,
    to_number,
)

Kind = Literal["age", "money", "household_size"]
KINDS: tuple[Kind, ...] = ("money", "household_size", "age")  # tie-break order
PRIORITY = {"suffix": 3, "prefix": 3, "cue": 2}
MAGNITUDE = 1  # only "1.5k", "3 thousand", "3千": read as money, the weakest reading
MAX_AGE, MAX_HOUSEHOLD = 120, 30
_CJK = re.compile(r"[\u3400-\u9fff]")
_BARE_FILLER = re.compile(r"^(?:about|around|approximately|roughly|maybe|like|~|约|大概|大约|"
                          r"差不多|可能)\s*|[\s.。!！?？~]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One quantity: `value` is monthly for money (a yearly amount divided by 12)."""

    kind: Kind
    value: Number
    start: int
    end: int
    period: Literal["month", "year"] | None = None


@dataclass(frozen=True)
class _Candidate:
    kind: Kind
    raw: Number
    num_start: int
    num_end: int
    start: int
    end: int
    priority: int


@lru_cache(maxsize=1)
def _pipeline() -> tuple[Any, Any]:
    """The blank English pipeline and its Matcher, built once, on first use."""
    import spacy
    from spacy.matcher import Matcher
    from spacy.tokens import Token
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    prefixes = list(nlp.Defaults.prefixes) + [r"[Rr][Mm][Bb](?=\d)", r"[Cc][Nn][Yy](?=\d)", "￥"]
    suffixes = list(nlp.Defaults.suffixes) + [
        r"(?<=\d)(?:[Rr][Mm][Bb]|[Cc][Nn][Yy]|[Yy]uan|YUAN|[Kk]uai|[Yy][Oo]|[Kk])"]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    for name, default in (("qx_num", False), ("qx_value", None)):
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)
    matcher = Matcher(nlp.vocab)
    for label, token_patterns in p.ENGLISH_PATTERNS.items():
        matcher.add(label, token_patterns)
    return nlp, matcher


def _follower_ok(doc: Any, i: int, kind: str) -> bool:
    """A number found through context words must not be followed by an unrelated noun."""
    if i + 1 >= len(doc):
        return True
    following = doc[i + 1]
    return following.is_punct or following.lower_ in p.FOLLOWERS[kind]


def _negative(doc: Any, i: int) -> bool:
    """ "minus 500", or a "-" glued to the number but not to a word before it ("-500")."""
    if i == 0:
        return False
    sign = doc[i - 1]
    if sign.lower_ == "minus":
        return True
    return sign.text == "-" and not sign.whitespace_ and (i == 1 or bool(doc[i - 2].whitespace_))


def _english(text: str) -> list[_Candidate]:
    nlp, matcher = _pipeline()
    doc = nlp(text)
    phrases = []
    for i, j, value in number_phrases([t.lower_ for t in doc]):
        magnitude = any(t.lower_ in EN_MAGNITUDES for t in doc[i:j])
        if _negative(doc, i):
            value = -value
        phrases.append((doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), value, magnitude, i, j))
    with doc.retokenize() as retokenizer:
        for *_, i, j in phrases:
            if j > i + 1:
                retokenizer.merge(doc[i:j])
    candidates = []
    for start, end, value, magnitude, *_ in phrases:
        token = doc.char_span(start, end)[0]
        token._.qx_num, token._.qx_value = True, value
        if magnitude and _follower_ok(doc, token.i, "money"):
            candidates.append(_Candidate("money", value, start, end, start, end, MAGNITUDE))
    for match_id, first, last in matcher(doc):
        kind, rule = nlp.vocab.strings[match_id].split(":")
        num = next(t for t in doc[first:last] if t._.qx_num)
        if rule == "cue" and not _follower_ok(doc, num.i, kind):
            continue
        num_end = num.idx + len(num)
        start = doc[first].idx if rule == "prefix" else num.idx
        end = doc[last - 1].idx + len(doc[last - 1]) if rule == "suffix" else num_end
        candidates.append(
            _Candidate(kind, num._.qx_value, num.idx, num_end, start, end, PRIORITY[rule]))
    return candidates


def _chinese(text: str) -> list[_Candidate]:
    candidates = []
    for label, regex in p.CHINESE_PATTERNS:
        kind, rule = label.split(":")
        for match in regex.finditer(text):
            value = parse_chinese_number(match.group("num"))
            if value is None:
                continue
            num_start, num_end = match.span("num")
            start = match.start() if rule == "prefix" else num_start
            end = match.end() if rule == "suffix" else num_end
            candidates.append(
                _Candidate(kind, value, num_start, num_end, start, end, PRIORITY[rule]))
    for match in p.CHINESE_NUMBER.finditer(text):
        number = match.group("num")
        value = parse_chinese_number(number)
        if value is not None and CN_MAGNITUDES & set(number) and not re.match(
                r"\s*[人个岁次步米年天口位]", text[match.end():]):
            candidates.append(_Candidate("money", value, *match.span(), *match.span(), MAGNITUDE))
    for match in p.NO_INCOME.finditer(text):
        candidates.append(_Candidate("money", 0, *match.span(), *match.span(), PRIORITY["cue"]))
    return candidates


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """One reading per number: strongest cue first, then the longer span, then KINDS order."""
    chosen: list[_Candidate] = []
    ranked = sorted(candidates, key=lambda c: (
        -c.priority, -(c.end - c.start), KINDS.index(c.kind), c.num_start))
    for cand in ranked:
        if not any(cand.num_start < o.num_end and o.num_start < cand.num_end for o in chosen):
            chosen.append(cand)
    return chosen


def _period(text: str, start: int, end: int) -> Literal["month", "year"]:
    """The cue nearest to the amount within its clause; a month unless a year cue is nearer."""
    before = p.CLAUSE_BREAK.split(text[max(0, start - 24):start])[-1]
    after = p.CLAUSE_BREAK.split(text[end:end + 24])[0]
    best: tuple[int, Literal["month", "year"]] = (10_000, "month")
    for period, regex in (("month", p.MONTH_CUE), ("year", p.YEAR_CUE)):
        for match in regex.finditer(before):
            best = min(best, (len(before) - match.end(), period))
        for match in regex.finditer(after):
            best = min(best, (match.start(), period))
    return best[1]


def _quantity(cand: _Candidate, text: str) -> Quantity | None:
    raw = cand.raw
    if cand.kind == "age":
        ok = 0 <= raw <= MAX_AGE
    elif cand.kind == "household_size":
        ok = float(raw).is_integer() and 1 <= raw <= MAX_HOUSEHOLD
    else:
        if raw < 0:
            return None
        period = _period(text, cand.start, cand.end)
        value = to_number(raw / 12) if period == "year" else raw
        return Quantity("money", value, cand.start, cand.end, period)
    return Quantity(cand.kind, to_number(raw), cand.start, cand.end) if ok else None


def extract_quantities(text: str) -> list[Quantity]:
    """Every cued age, money amount and household size, in text order."""
    if not text or not text.strip():
        return []
    normalized = normalize(text)
    candidates = _resolve(_english(normalized) + _chinese(normalized))
    found = (_quantity(cand, normalized) for cand in candidates)
    return sorted((q for q in found if q is not None), key=lambda q: q.start)


def _first(text: str, kind: Kind) -> Number | None:
    return next((q.value for q in extract_quantities(text) if q.kind == kind), None)


def parse_age(text: str) -> Number | None:
    return _first(text, "age")


def parse_money(text: str) -> Number | None:
    """The first amount, per month."""
    return _first(text, "money")


def parse_household_size(text: str) -> int | None:
    value = _first(text, "household_size")
    return None if value is None else int(value)


def parse_bare_number(text: str) -> Number | None:
    """A reply that is only a number ("16", "sixteen", "2,000", "1.5k", "两千"), else None."""
    bare = _BARE_FILLER.sub("", normalize(text or "").strip()).strip()
    if not bare:
        return None
    value = parse_digits(bare)
    if value is None:
        value = parse_chinese_number(bare)
    if value is None and not _CJK.search(bare):
        doc = _pipeline()[0](bare)
        phrases = number_phrases([t.lower_ for t in doc])
        if len(phrases) == 1 and phrases[0][:2] == (0, len(doc)):
            value = phrases[0][2]
    return value


def is_dont_know(text: str) -> bool:
    """ "I don't know", "not sure", "不知道"... and no number given alongside."""
    normalized = normalize(text or "")
    return bool(p.DONT_KNOW.search(normalized)) and not re.search(r"\d", normalized) and not (
        extract_quantities(normalized))
