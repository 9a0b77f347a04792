"""Topic search over articles in both languages: BM25F over analysed fields plus query expansion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .bm25 import K1, B, BM25FIndex
from .expand import QueryExpander

# Field weights (BM25F W_f). The opening sentence of an article states its subject ("下列事项的
# 当事人…可以申请法律援助"), so it counts more than the rest; chapter titles are shared by many
# articles and only break ties; background text is not law and only nudges related articles.
FIELD_WEIGHTS: Mapping[str, float] = {
    "title": 0.5,
    "lead_en": 2.0,
    "lead_zh": 2.0,
    "body_en": 1.0,
    "body_zh": 1.0,
    "background": 0.3,
}

# Multiplier for articles of other laws when the question names a law ("in the lawyers law").
OTHER_LAW_PRIOR = 0.6

# Multiplier by law status: prefer the current law when an overtaken one says the same thing.
STATUS_PRIOR: Mapping[str, float] = {"current": 1.0, "largely_overtaken": 0.75}


@dataclass(frozen=True)
class SearchDoc:
    key: str  # "law_id:number"
    fields: Mapping[str, Sequence[str]]
    status: str = "current"


@dataclass(frozen=True)
class RankedKey:
    key: str
    score: float
    matched: tuple[str, ...]


class SearchIndex:
    """Built once from analysed documents; search() is cheap and thread-safe (read-only)."""

    def __init__(self, docs: Sequence[SearchDoc],
                 field_weights: Mapping[str, float] = FIELD_WEIGHTS,
                 status_prior: Mapping[str, float] = STATUS_PRIOR,
                 k1: float = K1, b: float = B) -> None:
        self.docs = list(docs)
        self.keys = [d.key for d in docs]
        self._law_of = np.array([d.key.split(":", 1)[0] for d in docs])
        self.bm25 = BM25FIndex([d.fields for d in docs], field_weights, k1, b)
        self.prior = np.array([status_prior.get(d.status, 1.0) for d in docs], dtype=np.float32)
        self._doc_terms = [frozenset(t for tokens in d.fields.values() for t in tokens)
                           for d in docs]
        english_vocab = {t: df for t, df in self.bm25.vocabulary.items() if t.isascii()}
        self.expander = QueryExpander(english_vocab)

    def __len__(self) -> int:
        return len(self.keys)

    def query_terms(self, query: str) -> dict[str, float]:
        return self.expander.expand(query)

    def search(self, query: str, limit: int = 5,
               prefer_laws: Sequence[str] = ()) -> list[RankedKey]:
        """Best articles for *query*; articles of *prefer_laws* (if any) are favoured."""
        terms = self.expander.expand(query)
        return self.rank(terms, limit, prefer_laws)

    def rank(self, terms: Mapping[str, float], limit: int,
             prefer_laws: Sequence[str] = ()) -> list[RankedKey]:
        prior = self.prior
        if prefer_laws:
            preferred = np.isin(self._law_of, list(prefer_laws))
            prior = prior * np.where(preferred, 1.0, OTHER_LAW_PRIOR).astype(np.float32)
        out = []
        for index, score in self.bm25.top(terms, limit, prior):
            doc_terms = self._doc_terms[index]
            matched = tuple(t for t in terms if t in doc_terms)
            out.append(RankedKey(self.keys[index], score, matched))
        return out
