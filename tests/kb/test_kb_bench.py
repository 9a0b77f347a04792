"""The dev set is well-formed and the benchmark's metrics compute what they claim."""

from __future__ import annotations

import random

from bench.kb_bench import load_devset, perturb, quality, raw_tokens, scaled_docs
from bench.kb_report import markdown
from bot.kb import KnowledgeBase
from bot.kb.search import SearchDoc


def test_devset_shape(real_kb: KnowledgeBase) -> None:
    questions = load_devset()
    assert len(questions) >= 80
    assert sum(q["lang"] == "zh" for q in questions) >= 20
    assert len({q["id"] for q in questions}) == len(questions)
    for item in questions:
        assert item["split"] in ("tune", "holdout") and item["q"].strip()
        assert item["expect"], item["id"]
        for key in item["expect"]:
            law_id, number = key.split(":")
            assert real_kb.get_article(law_id, int(number)) is not None, (item["id"], key)
        # A question is not an explicit reference: that is the lookup's job, not search's.
        assert real_kb.lookup(item["q"]).kind == "not_a_reference", item["id"]


def test_quality_metrics() -> None:
    questions = [{"q": "a", "expect": ["x:1"]}, {"q": "b", "expect": ["x:2", "x:3"]},
                 {"q": "c", "expect": ["x:9"]}]
    ranked = {"a": ["x:1", "x:2"], "b": ["x:5", "x:6", "x:3"], "c": ["x:1"]}
    result = quality(lambda q: ranked[q], questions)
    assert result == {"n": 3, "top1": 33.3, "top3": 66.7, "mrr": round((1 + 1 / 3) / 3, 3)}


def test_raw_tokens() -> None:
    assert raw_tokens("Can't pay 工资!") == ["can", "t", "pay", "工", "资"]


def test_scaled_docs_and_perturb() -> None:
    docs = [SearchDoc(f"l:{i}", {"body_en": ["w"] * 20 + [str(i)]}) for i in range(3)]
    big = scaled_docs(docs, 4)
    assert len(big) == 12 and big[3].key == "l:0#1" and big[-1].key == "l:2#3"
    out = perturb(["a"] * 100, ["z"], ["o"] * 30, random.Random(1))
    assert 60 < out.count("a") < 95 and out.count("o") == 10 and "z" in out


def test_markdown_renders() -> None:
    q = {"n": 1, "top1": 100.0, "top3": 100.0, "mrr": 1.0}
    lat = {"p50_ms": 0.1, "p95_ms": 0.2, "max_ms": 0.3, "samples": 5}
    side = {"quality": {"all": q}, "latency": lat}
    report = {"devset": {"questions": 1, "en": 1, "zh": 0},
              "corpus": {"articles": 1, "with_english": 1, "warnings": []},
              "machine": {"python": "3.10", "cpus": 2}, "build_seconds": 1.0,
              "cold_start_seconds": 2.0,
              "scales": {"1": {"documents": 1, "ours": side, "baseline": side}}}
    text = markdown(report)
    assert "| ours | all | 1 | 100.0 | 100.0 | 1.0 |" in text and "| baseline | 0.1 | 0.2" in text
