"""Opening messages: the facts each fills and the answer it gets first (cases.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.eligibility import Facts, assess
from bot.screening.situation import answer_situation

CASES = yaml.safe_load(Path(__file__).with_name("cases.yml").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["say"] for c in CASES])
def test_opening_message(case):
    answer = answer_situation(case["say"])
    assert answer.facts == case["facts"]
    assert list(answer.responses) == case["answer"]
    assert list(answer.articles) == case.get("articles", [])
    if "outcome" in case:
        assert answer.outcome.value == case["outcome"]


@pytest.mark.parametrize("case", [c for c in CASES if c["answer"]], ids=lambda c: c["say"])
def test_the_facts_prefill_a_screening_that_does_not_ask_them_again(case):
    facts = answer_situation(case["say"]).facts
    assert not set(facts) & set(assess(Facts.from_mapping(facts)).missing)


def test_contradicting_facts_are_left_for_the_screening_to_ask():
    # "a minor" and age 30 cannot both hold: is_minor is dropped, age (more specific) kept.
    answer = answer_situation("my son is a minor, he is 30 years old and was arrested")
    assert "is_minor" not in answer.facts


def responses() -> dict[str, list[dict]]:
    path = Path(__file__).parents[2] / "data" / "responses" / "situations.yml"
    return yaml.safe_load(path.read_text("utf-8"))["responses"]


def test_every_situation_response_has_english_and_chinese():
    from bot.screening.situation import response_names

    found = responses()
    assert set(found) == response_names()
    for name, variations in found.items():
        conditions = [v.get("condition") for v in variations]
        assert None in conditions, name
        assert [{"type": "slot", "name": "language", "value": "zh"}] in conditions, name


@pytest.mark.parametrize("case", [c for c in CASES if c["answer"]], ids=lambda c: c["say"])
def test_each_answer_cites_its_article_in_both_languages(case):
    from bot.kb.numerals import article_label

    found = responses()
    variations = [v for name in case["answer"] for v in found[name]]
    english = " ".join(v["text"] for v in variations if not v.get("condition"))
    chinese = " ".join(v["text"] for v in variations if v.get("condition"))
    for article in case["articles"]:
        number = int(article.split(":")[1])
        assert f"art. {number}" in english
        assert article_label(number) in chinese  # 第二十五条
    assert "《法律援助法》" in chinese


def test_each_answer_cites_exactly_the_articles_listed_for_it():
    from bot.kb.citations import situation_citations
    from tests.unit.test_content import cited_articles

    for name, variations in responses().items():
        english = next(v["text"] for v in variations if not v.get("condition"))
        listed = {(c.law_id, c.article) for c in
                  situation_citations().get(name.removeprefix("utter_situation_"), ())}
        assert cited_articles(english) == listed, name
