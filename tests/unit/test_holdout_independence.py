"""The held-out NLU set measures generalisation only while none of it is trained on."""

from __future__ import annotations

from bot.evaluation import HOLDOUT_FILE, load_examples
from bot.paths import REPO_ROOT


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def test_no_held_out_phrasing_is_in_the_training_data():
    training = {
        normalised(text)
        for path in sorted((REPO_ROOT / "data" / "nlu").glob("*.yml"))
        for text, _ in load_examples(path)
    }
    leaked = [text for text, _ in load_examples(HOLDOUT_FILE) if normalised(text) in training]
    assert leaked == []


def test_the_held_out_set_is_large_enough_to_mean_something():
    assert len(load_examples(HOLDOUT_FILE)) >= 200
