"""How a full training is divided between two processes (bot/rasa_patches/parallel_training.py),
and what happens when the second process fails or the first stops early. That the divided training
gives the same model as Rasa's own is tests/e2e/test_training_same_model.py."""

from __future__ import annotations

import pytest
from rasa.engine.caching import LocalTrainingCache
from rasa.engine.graph import GraphSchema
from rasa.engine.recipes.recipe import Recipe
from rasa.shared.data import TrainingType
from rasa.shared.importers.importer import TrainingDataImporter

from bot.paths import REPO_ROOT
from bot.rasa_patches import parallel_training
from bot.rasa_patches.training import cache_is_off


@pytest.fixture(scope="module")
def train_schema() -> GraphSchema:
    """The train schema Rasa builds from this project's config.yml."""
    importer = TrainingDataImporter.load_from_config(
        str(REPO_ROOT / "config.yml"), str(REPO_ROOT / "domain.yml"), [str(REPO_ROOT / "data")])
    config = importer.get_config()
    recipe = Recipe.recipe_for_name(config.get("recipe"))
    config, _, _ = recipe.auto_configure(importer.get_config_file_for_auto_config(), config,
                                         TrainingType.BOTH)
    return recipe.graph_config_for_recipe(config, {}, TrainingType.BOTH).train_schema


def test_the_response_selector_trains_in_the_second_process(train_schema):
    split = parallel_training.split_schema(train_schema)
    assert split is not None
    assert train_schema.nodes[split.second].uses.__name__ == "ResponseSelector"
    # It gets the featurized data, the output of the pipeline's last featurizer.
    assert split.shared_input == train_schema.nodes[split.second].needs["training_data"]
    assert train_schema.nodes[split.shared_input].fn == "process_training_data"


def test_every_other_target_is_trained_once_by_the_first_process(train_schema):
    split = parallel_training.split_schema(train_schema)
    first = split.before_handover[:-1] + split.after_handover
    assert split.before_handover[-1] == split.shared_input
    assert sorted(first + [split.second]) == sorted(train_schema.target_names)
    assert len(set(first)) == len(first)
    kinds = {train_schema.nodes[name].uses.__name__ for name in split.after_handover}
    assert {"DIETClassifier", "TEDPolicy", "RulePolicy", "MemoizationPolicy"} <= kinds
    # Before the handover: only what the featurized data needs (the featurizers).
    featurizers = {train_schema.nodes[name].uses.__name__ for name in split.before_handover[:-1]}
    assert featurizers == {"RegexFeaturizer", "CountVectorsFeaturizer"}


def test_a_schema_without_a_response_selector_is_trained_as_rasa_does(train_schema):
    nodes = {name: node for name, node in train_schema.nodes.items()
             if node.uses.__name__ != "ResponseSelector"}
    assert parallel_training.split_schema(GraphSchema(nodes)) is None


@pytest.mark.parametrize("force, finetuning, cores, divided", [
    (True, False, 2, True),
    (False, False, 2, False),  # Rasa may reuse cached components: its own training prunes
    (True, True, 2, False),  # fine-tuning
    (True, False, 1, False),  # one core: nothing to gain
])
def test_only_a_full_training_on_several_cores_is_divided(train_schema, monkeypatch, force,
                                                          finetuning, cores, divided):
    monkeypatch.setattr(parallel_training.os, "cpu_count", lambda: cores)
    split = parallel_training.split_for_training(train_schema, force, finetuning)
    assert (split is not None) is divided


def test_the_precomputed_node_returns_its_value_and_the_schema_is_left_alone(train_schema):
    split = parallel_training.split_schema(train_schema)
    before = train_schema.nodes[split.shared_input]
    needs, uses = dict(before.needs), before.uses
    rest = parallel_training.with_precomputed(train_schema, split.shared_input, "features")
    node = rest.nodes[split.shared_input]
    assert node.needs == {} and node.config == {"output": "features"}
    assert node.uses.__name__ == "PrecomputedValueProvider"
    # The featurizers drop out of what DIET needs now.
    diet = next(name for name in split.after_handover
                if rest.nodes[name].uses.__name__ == "DIETClassifier")
    assert set(rest.minimal_graph_schema([diet]).nodes) == {diet, split.shared_input}
    assert (before.needs, before.uses) == (needs, uses)


def test_the_cache_counts_as_off_only_with_rasas_switch(monkeypatch):
    monkeypatch.setenv("RASA_MAX_CACHE_SIZE", "0")
    assert cache_is_off(LocalTrainingCache())
    monkeypatch.setenv("RASA_MAX_CACHE_SIZE", "1000")
    assert not cache_is_off(LocalTrainingCache())


def test_a_failing_second_process_fails_the_training(tmp_path):
    second = parallel_training.SecondProcess(tmp_path)
    try:
        second.process.stdin.write(f"{tmp_path / 'no-such-handover'}\n")
        second.process.stdin.close()
        with pytest.raises(RuntimeError, match="second process failed"):
            second.wait()
    finally:
        second.stop()


def test_the_second_process_ends_when_the_first_stops_before_the_handover(tmp_path):
    second = parallel_training.SecondProcess(tmp_path)
    second.process.stdin.close()  # what the first process's exit does to the pipe
    assert second.process.wait(timeout=120) == 0
    second.stop()
    assert not (tmp_path / parallel_training.STORAGE_DIR).exists()


def test_stopping_kills_a_waiting_second_process(tmp_path):
    second = parallel_training.SecondProcess(tmp_path)
    second.stop()
    assert second.process.poll() is not None
