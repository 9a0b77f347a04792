"""The NLU test sets measure generalisation only while none of them is trained on."""

from __future__ import annotations

import pytest
import yaml

from bot.ops.evaluation import TEST_SETS, load_examples
from bot.paths import REPO_ROOT

SETS = [path for path, _ in TEST_SETS.values()]


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def phrasings(path) -> set[str]:
    return {normalised(text) for text, _ in load_examples(path)}


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_no_test_phrasing_is_in_the_training_data(path):
    training = set().union(*map(phrasings, sorted((REPO_ROOT / "data" / "nlu").glob("*.yml"))))
    assert sorted(phrasings(path) & training) == []


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_each_set_is_large_enough_to_mean_something(path):
    assert len(load_examples(path)) >= 200


def test_the_held_out_set_covers_every_intent_and_faq_question():
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    labels = {i for i in domain["intents"] if i != "faq"}
    for name in ("faq.yml", "faq_more.yml"):
        faq = yaml.safe_load((REPO_ROOT / "data" / "responses" / name).read_text("utf-8"))
        labels |= {response.removeprefix("utter_") for response in faq["responses"]}
    held_out = {label for _, label in load_examples(TEST_SETS["nlu_holdout"][0])}
    assert held_out <= labels, held_out - labels
    assert labels - held_out == set()
