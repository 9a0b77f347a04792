"""BM25F ranking over pre-tokenised, multi-field documents (numpy postings, no dependencies).

score(d, q) = Σ_t w_q(t) · idf(t) · tf'(t, d) · (k1 + 1) / (k1 + tf'(t, d))
tf'(t, d)   = Σ_f W_f · tf_f(t, d) / (1 − b + b · len_f(d) / avglen_f)
idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))

Everything but the query weights w_q is fixed at index time, so each term's posting stores its
final per-document contribution and a query is a sparse sum of a few arrays.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

# k1 = 1.2 saturates term frequency early: legal articles repeat their key nouns
# (法律援助 appears in most of them), and a repeat says little more than the first mention.
K1 = 1.2
# b = 0.75 is the usual length normalisation: long articles (lists of items) should not win
# merely by containing more words.
B = 0.75


class BM25FIndex:
    """Ranks documents (each a mapping field → tokens) for weighted term queries."""

    def __init__(self, docs: Sequence[Mapping[str, Sequence[str]]],
                 field_weights: Mapping[str, float], k1: float = K1, b: float = B) -> None:
        self.size = len(docs)
        self.k1, self.b = k1, b
        fields = [f for f, w in field_weights.items() if w > 0]
        avg = {f: (sum(len(d.get(f, ())) for d in docs) / max(self.size, 1)) or 1.0
               for f in fields}
        pseudo_tf: dict[str, dict[int, float]] = {}
        for index, doc in enumerate(docs):
            for f in fields:
                tokens = doc.get(f, ())
                if not tokens:
                    continue
                norm = field_weights[f] / (1 - b + b * len(tokens) / avg[f])
                for term, count in Counter(tokens).items():
                    row = pseudo_tf.setdefault(term, {})
                    row[index] = row.get(index, 0.0) + count * norm
        self.df: dict[str, int] = {}
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, row in pseudo_tf.items():
            df = len(row)
            idf = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            ids = np.fromiter(row.keys(), dtype=np.int32, count=df)
            tf = np.fromiter(row.values(), dtype=np.float64, count=df)
            self.df[term] = df
            self.postings[term] = (ids, (idf * tf * (k1 + 1) / (k1 + tf)).astype(np.float32))

    @property
    def vocabulary(self) -> Mapping[str, int]:
        """term → document frequency."""
        return self.df

    def scores(self, query: Mapping[str, float]) -> np.ndarray:
        """Dense score vector for a query given as term → weight."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term, weight in query.items():
            posting = self.postings.get(term)
            if posting is not None:
                ids, values = posting
                scores[ids] += np.float32(weight) * values
        return scores

    def top(self, query: Mapping[str, float], limit: int,
            prior: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best *limit* (doc index, score) pairs with score > 0, best first; ties by index."""
        scores = self.scores(query)
        if prior is not None:
            scores *= prior
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0 or limit <= 0:
            return []
        if candidates.size > limit:
            part = np.argpartition(-scores[candidates], limit - 1)[:limit]
            candidates = candidates[part]
        order = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), i))
        return [(i, float(scores[i])) for i in order]
