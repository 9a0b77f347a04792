"""NLU quality on the trained model (writes reports/nlu_holdout.md and reports/nlu_dev.md).

Training is reproducible here (fixed seeds: the same figures in every CI run), so the held-out
floor is the foundation issue's aim itself, weighted F1 0.90. The development set was tuned on
and is harder (tests/nlu/README.md); its floors guard against regressions. Precision matters
most: a wrong answer given with confidence misleads a citizen, a fallback only asks them to
rephrase.
"""

import pytest

from bot.ops.evaluation import evaluate_sets

pytestmark = pytest.mark.e2e


# report name -> the floors: weighted precision, weighted F1, share of fallbacks
FLOORS = {"nlu_holdout": (0.92, 0.90, 0.05), "nlu_dev": (0.92, 0.88, 0.08)}


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return evaluate_sets()


@pytest.mark.parametrize("name", FLOORS, ids=["held-out", "development"])
def test_intents_are_recognised(results, name):
    precision, f1, fallbacks = FLOORS[name]
    result = results[name]
    assert result["examples"] >= 200
    assert result["weighted_precision"] >= precision, result["errors"]
    assert result["weighted_f1"] >= f1, result["errors"]
    assert result["fallbacks"] <= fallbacks * result["examples"], result["errors"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_held_out_floor_holds_in_each_language(results, language):
    # Issue 15: weighted F1 >= 0.90 in each language, not only both together (a phrasing with
    # any Chinese character counts as Chinese, bot.ops.evaluation.language_of).
    figures = results["nlu_holdout"]["by_language"][language]
    assert figures["examples"] >= 200
    assert figures["weighted_f1"] >= 0.90, figures
