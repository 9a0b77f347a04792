"""Text analysis for search: English lemmas (blank spaCy + lookup lemmatizer), Chinese (jieba).

spaCy and jieba load lazily, once per process, on first use (never at import time).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import zh_dictionary

# Bump when tokenisation changes: stored document tokens are then re-analysed.
ANALYZER_VERSION = 3
SYNONYMS_PATH = Path(__file__).with_name("synonyms.yml")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN_RE = re.compile(f"[{_CJK}0-9０-９]*[{_CJK}][{_CJK}0-9０-９]*")
_HAS_CJK_RE = re.compile(f"[{_CJK}]")
_WORDLIKE_RE = re.compile(r"\w", re.UNICODE)
_SENTENCE_END_ZH = re.compile(r"[。；：:]")
_SENTENCE_END_EN = re.compile(r"(?<=[.;:])\s")

_lock = threading.Lock()
_nlp: Any = None
_jieba: Any = None


@dataclass(frozen=True)
class Lexicon:
    """Word lists from synonyms.yml that shape tokenisation (and so the stored tokens)."""

    stop_en: frozenset[str]
    stop_zh: frozenset[str]
    zh_words: tuple[str, ...]
    raw: dict[str, Any]
    digest: str


@lru_cache(maxsize=1)
def lexicon(path: Path = SYNONYMS_PATH) -> Lexicon:
    text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or {}
    return Lexicon(
        stop_en=frozenset(str(w).lower() for w in raw.get("stop_en") or ()),
        stop_zh=frozenset(str(w) for w in raw.get("stop_zh") or ()),
        zh_words=tuple(str(w) for w in raw.get("zh_words") or ()),
        raw=raw,
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
    )


def fingerprint() -> str:
    """Identifies the document analysis; part of the build's content hash."""
    lex = lexicon()
    words = "\n".join(sorted(lex.stop_en) + sorted(lex.stop_zh) + list(lex.zh_words)
                      + [zh_dictionary.DICTIONARY.read_text(encoding="utf-8")])
    digest = hashlib.sha256(words.encode()).hexdigest()[:16]
    return f"analyzer-{ANALYZER_VERSION}-{digest}"


def english_nlp() -> Any:
    """The shared spaCy pipeline: blank English + lookup lemmatizer."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                nlp = spacy.blank("en")
                nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
                nlp.initialize()
                _nlp = nlp
    return _nlp


def chinese_segmenter() -> Any:
    """A jieba.Tokenizer of its own (jieba's global one is left alone), with the statutes'
    dictionary and the legal vocabulary; built once, on first use. The knowledge base's search
    and the NLU tokenizer (bot/nlu/bilingual_tokenizer.py) share it: one segmentation."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                cutter = jieba.Tokenizer(dictionary=str(zh_dictionary.DICTIONARY))
                cutter.initialize()
                for word in lexicon().zh_words:
                    cutter.add_word(word, freq=20000)
                _jieba = cutter
    return _jieba


# Contractions as the blank tokenizer splits them ("can't" → "ca" + "n't").
_CONTRACTIONS = {"ca": "can", "wo": "will", "n't": "not", "'m": "be", "'re": "be", "'ve": "have",
                 "'ll": "will", "'d": "would", "sha": "shall"}


def english_tokens(text: str) -> list[tuple[str, bool]]:
    """(lowercase lemma, is_stop) for every word of *text*, punctuation dropped."""
    nlp = english_nlp()
    stop = _english_stop_words()
    out = []
    for tok in nlp(text):
        if tok.is_punct or tok.is_space or not _WORDLIKE_RE.search(tok.text):
            continue
        lower = tok.lower_
        lemma = _CONTRACTIONS.get(lower) or (tok.lemma_ or lower).lower()
        if not _WORDLIKE_RE.search(lemma):
            lemma = lower
        out.append((lemma, tok.is_stop or lemma in stop or lower in stop))
    return out


@lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    return lexicon().stop_en | frozenset(english_nlp().Defaults.stop_words)


def english_lemmas(text: str) -> list[str]:
    """Every word's lowercase lemma, stop words kept (for phrase matching)."""
    return [lemma for lemma, _ in english_tokens(text)]


def english_terms(text: str) -> list[str]:
    """Index terms of English text: lemmas minus stop words."""
    return [lemma for lemma, is_stop in english_tokens(text) if not is_stop]


def chinese_terms(text: str) -> list[str]:
    """Index terms of Chinese text: jieba search-mode words minus stop words and punctuation."""
    stop = lexicon().stop_zh
    words = chinese_segmenter().lcut_for_search(text)
    return [w for w in (w.strip().lower() for w in words)
            if w and w not in stop and _WORDLIKE_RE.search(w)]


def has_cjk(text: str) -> bool:
    return bool(_HAS_CJK_RE.search(text))


def split_scripts(text: str) -> tuple[str, str]:
    """(non-Chinese part, Chinese part) of mixed text; digits next to Chinese go with it."""
    zh_parts = _CJK_RUN_RE.findall(text)
    latin = _CJK_RUN_RE.sub(" ", text)
    return latin, " ".join(zh_parts)


def terms(text: str) -> list[str]:
    """Index terms of text in either language or both."""
    latin, zh = split_scripts(text)
    out = english_terms(latin) if latin.strip() else []
    if zh:
        out.extend(chinese_terms(zh))
    return out


def lead_sentence(text: str, chinese: bool) -> str:
    """First sentence (up to 。；： or . ; :) of an article's first paragraph."""
    first = text.strip().split("\n", 1)[0]
    pattern = _SENTENCE_END_ZH if chinese else _SENTENCE_END_EN
    parts = pattern.split(first, maxsplit=1)
    return parts[0]


def document_fields(text_zh: str, text_en: str | None, chapter_en: str, chapter_zh: str,
                    background: str = "") -> dict[str, list[str]]:
    """Analysed fields of one article (see search.FIELD_WEIGHTS)."""
    fields = {
        "title": english_terms(chapter_en) + chinese_terms(chapter_zh),
        "lead_zh": chinese_terms(lead_sentence(text_zh, chinese=True)),
        "body_zh": chinese_terms(text_zh),
        "lead_en": english_terms(lead_sentence(text_en, chinese=False)) if text_en else [],
        "body_en": english_terms(text_en) if text_en else [],
        "background": terms(background) if background else [],
    }
    return fields
