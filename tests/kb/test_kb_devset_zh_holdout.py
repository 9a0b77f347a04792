"""The blind Chinese knowledge-base questions are well-formed and stay apart from devset.yml."""

from __future__ import annotations

import re

from bench.kb_bench import DEVSET, load_devset
from bot.kb import KnowledgeBase

ZH_HOLDOUT = DEVSET.with_name("devset_zh_holdout.yml")
HAN = re.compile(r"[\u3400-\u9fff]")


def test_blind_chinese_questions_are_well_formed(real_kb: KnowledgeBase) -> None:
    questions = load_devset(ZH_HOLDOUT)
    assert 80 <= len(questions) <= 120
    assert len({q["id"] for q in questions}) == len(questions)
    for item in questions:
        assert item["lang"] == "zh" and HAN.search(item["q"]), item["id"]
        # Held out: scored in aggregate only, never tuned on.
        assert item["split"] == "holdout", item["id"]
        assert item["expect"], item["id"]
        for key in item["expect"]:
            law_id, number = key.split(":")
            assert real_kb.get_article(law_id, int(number)) is not None, (item["id"], key)
        # A question is not an explicit reference: that is the lookup's job, not search's.
        assert real_kb.lookup(item["q"]).kind == "not_a_reference", item["id"]


def test_blind_questions_are_not_copies_of_the_dev_set() -> None:
    ids = {q["id"] for q in load_devset()}
    texts = {q["q"] for q in load_devset()}
    blind = load_devset(ZH_HOLDOUT)
    assert not ids & {q["id"] for q in blind}
    assert not texts & {q["q"] for q in blind}
