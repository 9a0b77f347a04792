"""Benchmark of the knowledge-base search: quality on tests/kb/devset.yml and query latency.

    python -m bench.kb_bench [--scale 100] [--repeat 5]

Compares the project's search (KnowledgeBase.search: references, lemmas, jieba, synonyms, BM25F)
with a plain BM25 baseline over raw text (lowercase words and single Chinese characters, no
synonyms, no lemmas, no jieba). With --scale N it also ranks against a synthetic corpus N times
larger (each article plus N-1 perturbed copies) to measure how latency grows. Writes
reports/kb_bench.json and reports/kb_bench.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from bench.kb_report import markdown
from bot.paths import REPO_ROOT

DEVSET = REPO_ROOT / "tests" / "kb" / "devset.yml"
# Chinese questions written blind (never tuned on): scored apart, at 1x, in aggregate only.
BLIND_ZH = DEVSET.with_name("devset_zh_holdout.yml")
REPORTS = REPO_ROOT / "reports"
TOP_K = 10

Ranker = Callable[[str], list[str]]  # query -> ranked article keys


def load_devset(path: Path = DEVSET) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


# --- baseline ---------------------------------------------------------------------------------
_RAW_RE = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")


def raw_tokens(text: str) -> list[str]:
    """Baseline tokens: lowercase ASCII words and single Chinese characters."""
    return _RAW_RE.findall(text.lower())


# --- metrics ----------------------------------------------------------------------------------
def quality(ranker: Ranker, questions: Sequence[dict]) -> dict[str, float]:
    """top-1, top-3 (share of questions) and MRR@10 over *questions*."""
    top1 = top3 = rr = 0.0
    for item in questions:
        expected = set(item["expect"])
        ranked = ranker(item["q"])[:TOP_K]
        rank = next((i for i, key in enumerate(ranked, start=1) if key in expected), None)
        top1 += rank == 1
        top3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0.0
    n = max(len(questions), 1)
    return {"n": len(questions), "top1": round(100 * top1 / n, 1),
            "top3": round(100 * top3 / n, 1), "mrr": round(rr / n, 3)}


def quality_by_group(ranker: Ranker, questions: Sequence[dict]) -> dict[str, dict]:
    groups = {"all": questions}
    for split in ("tune", "holdout"):
        groups[split] = [q for q in questions if q["split"] == split]
    for lang in ("en", "zh"):
        groups[lang] = [q for q in questions if q["lang"] == lang]
    return {name: quality(ranker, items) for name, items in groups.items()}


def latency(ranker: Ranker, questions: Sequence[dict], repeat: int) -> dict[str, float]:
    """p50/p95/max of single-query wall time in ms (after one warm-up pass)."""
    for item in questions:
        ranker(item["q"])
    samples = []
    for _ in range(repeat):
        for item in questions:
            started = time.perf_counter_ns()
            ranker(item["q"])
            samples.append((time.perf_counter_ns() - started) / 1e6)
    samples.sort()
    return {"p50_ms": round(statistics.median(samples), 3),
            "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 3),
            "max_ms": round(samples[-1], 3), "samples": len(samples)}


# --- synthetic scale-up -----------------------------------------------------------------------
def perturb(tokens: Sequence[str], pool: Sequence[str], other: Sequence[str],
            rng: random.Random) -> list[str]:
    """A distractor: ~15% of tokens dropped, ~15% replaced, a third of another doc mixed in."""
    out = []
    for token in tokens:
        roll = rng.random()
        if roll < 0.15:
            continue
        out.append(rng.choice(pool) if roll < 0.30 else token)
    if other:
        out.extend(rng.sample(list(other), k=len(other) // 3))
    return out


def scaled_docs(docs: Sequence, scale: int, seed: int = 7) -> list:
    """*docs* (SearchDoc) plus scale-1 perturbed copies of each, keyed "<key>#<copy>"."""
    from bot.kb.search import SearchDoc

    rng = random.Random(seed)
    pools = {}
    for doc in docs:
        for name, tokens in doc.fields.items():
            pools.setdefault(name, []).extend(tokens)
    out = list(docs)
    for copy in range(1, scale):
        for doc in docs:
            other = rng.choice(docs)
            fields = {name: perturb(tokens, pools[name], other.fields.get(name, ()), rng)
                      for name, tokens in doc.fields.items() if tokens}
            out.append(SearchDoc(f"{doc.key}#{copy}", fields, doc.status))
    return out


# --- setup ------------------------------------------------------------------------------------
def build_kb(workdir: Path):
    """KnowledgeBase in a fresh SQLite file from data/regulations (translations optional)."""
    from bot.kb import KnowledgeBase
    from bot.kb.builder import build

    url = f"sqlite:///{workdir / 'kb_bench.sqlite3'}"
    result = build(url, strict=False)
    kb = KnowledgeBase.from_url(url)
    kb.warm_up()
    return kb, result


def cold_start_seconds(url: str) -> float:
    """Fresh process: import bot.kb, open the KB and answer one search (spaCy, jieba, index)."""
    code = ("import time; t = time.perf_counter(); from bot.kb import KnowledgeBase; "
            f"KnowledgeBase.from_url({url!r}).search('wages'); print(time.perf_counter() - t)")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out.split()[-1])


def our_ranker(kb, index=None) -> Ranker:
    """KnowledgeBase.search, or (with *index*) the same pipeline over a larger index."""
    if index is None:
        return lambda q: [h.article.key for h in kb.search(q, limit=TOP_K)]
    parser = kb._parser  # same reference stripping as KnowledgeBase.search

    def rank(query: str) -> list[str]:
        refs = [f"{r.law_id}:{n}" for r in parser.parse(query) for n in r.numbers]
        topic, laws = parser.remove_references(query)
        return refs + [r.key for r in index.search(topic, TOP_K, prefer_laws=laws)]
    return rank


def family(ranker: Ranker) -> Ranker:
    """Counts a synthetic copy ("legal_aid_law:31#7") as the article it was made from."""

    def rank(query: str) -> list[str]:
        return list(dict.fromkeys(key.split("#", 1)[0] for key in ranker(query)))
    return rank


def baseline_ranker(keys: Sequence[str], texts: Sequence[Sequence[str]]) -> Ranker:
    from bot.kb.bm25 import BM25FIndex

    index = BM25FIndex([{"text": t} for t in texts], {"text": 1.0})

    def rank(query: str) -> list[str]:
        terms = dict.fromkeys(raw_tokens(query), 1.0)
        return [keys[i] for i, _ in index.top(terms, TOP_K)]
    return rank


def run(scale: int, repeat: int) -> dict:
    from bot.kb.search import SearchIndex

    questions = load_devset()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        kb, build_result = build_kb(Path(tmp))
        setup_s = time.perf_counter() - started
        articles = kb.articles()
        keys = [a.key for a in articles]
        raw = [raw_tokens(f"{a.text_en or ''}\n{a.text_zh}") for a in articles]
        report: dict = {
            "devset": {"questions": len(questions),
                       "en": sum(q["lang"] == "en" for q in questions),
                       "zh": sum(q["lang"] == "zh" for q in questions)},
            "corpus": {"articles": len(articles), "with_english": build_result.translated,
                       "warnings": list(build_result.warnings)},
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "build_seconds": round(build_result.seconds, 1),
            "cold_start_seconds": round(cold_start_seconds(
                f"sqlite:///{Path(tmp) / 'kb_bench.sqlite3'}"), 1),
            "setup_seconds": round(setup_s, 1),
            "scales": {},
        }
        ours, base = our_ranker(kb), baseline_ranker(keys, raw)
        report["scales"]["1"] = _measure(ours, base, questions, repeat, len(articles))
        if BLIND_ZH.exists():
            blind = load_devset(BLIND_ZH)
            report["blind_zh"] = {"ours": quality(ours, blind), "baseline": quality(base, blind)}
        if scale > 1:
            docs = scaled_docs(kb.index().docs, scale)
            started = time.perf_counter()
            big = SearchIndex(docs)
            index_s = time.perf_counter() - started
            rng = random.Random(11)
            pool = [t for tokens in raw for t in tokens]
            big_raw = list(raw)
            big_keys = list(keys)
            for copy in range(1, scale):
                for key, tokens in zip(keys, raw, strict=True):
                    big_raw.append(perturb(tokens, pool, rng.choice(raw), rng))
                    big_keys.append(f"{key}#{copy}")
            ours_big = our_ranker(kb, big)
            data = _measure(ours_big, baseline_ranker(big_keys, big_raw), questions,
                            max(1, repeat // 2), len(docs))
            data["index_build_seconds"] = round(index_s, 1)
            data["ours"]["quality_family"] = quality_by_group(family(ours_big), questions)
            report["scales"][str(scale)] = data
    return report


def _measure(ours: Ranker, base: Ranker, questions: Sequence[dict], repeat: int,
             documents: int) -> dict:
    return {"documents": documents,
            "ours": {"quality": quality_by_group(ours, questions),
                     "latency": latency(ours, questions, repeat)},
            "baseline": {"quality": quality_by_group(base, questions),
                         "latency": latency(base, questions, repeat)}}


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    parser = argparse.ArgumentParser(prog="python -m bench.kb_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="also test an N-times corpus")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the dev set")
    parser.add_argument("--out", type=Path, default=REPORTS, help="folder for the reports")
    args = parser.parse_args(argv)
    report = run(args.scale, args.repeat)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kb_bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False)
                                            + "\n", encoding="utf-8")
    text = markdown(report)
    (args.out / "kb_bench.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
