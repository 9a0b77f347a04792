"""Two changes to `rasa train` that leave the trained model as it is (installed by
bot/rasa_patches/__init__.py for `python -m bot.rasa_patches train`, which bot/ops/training.py
runs):

1. No work for a component cache that is switched off. Rasa 3.6 keeps a cache of trained
   components (~/.rasa/cache) so that a later `rasa train` can reuse the ones whose inputs did
   not change. This project never reads it: bot/ops/training.py decides itself when the model is
   stale and then retrains everything (`--force`, which skips the cache lookup), so training
   runs with the cache off (RASA_MAX_CACHE_SIZE=0, Rasa's own switch). Rasa's training hook
   still fingerprints every component's inputs and outputs for it: the whole featurized
   training data, each sparse feature matrix turned into a string, for a cache that then
   stores nothing. With the cache off, the hook skips that work.
2. A full training uses both cores: the ResponseSelector trains in a second process while the
   first trains the rest (bot/rasa_patches/parallel_training.py).
3. No tf.data autotuning of the training batches, whose end of `fit` could wait up to a minute
   (bot/rasa_patches/dataset_autotune.py). The second process installs it too.

The serving patches are not installed for training: Rasa checks the signatures of the
policies' prediction methods when it builds a training graph, and refuses wrapped ones.
"""

from __future__ import annotations

from typing import Any

_installed = False


def cache_is_off(cache: Any) -> bool:
    from rasa.engine.caching import LocalTrainingCache

    return isinstance(cache, LocalTrainingCache) and cache._is_disabled()


def install() -> None:
    global _installed
    if _installed:
        return
    from rasa.engine.training.graph_trainer import GraphTrainer
    from rasa.engine.training.hooks import LoggingHook, TrainingHook

    from bot.rasa_patches import dataset_autotune, parallel_training

    fingerprint_inputs = TrainingHook.on_before_node
    cache_output = TrainingHook.on_after_node
    train_sequentially = GraphTrainer.train

    def on_before_node(self: TrainingHook, *args: Any, **kwargs: Any) -> dict:
        return {} if cache_is_off(self._cache) else fingerprint_inputs(self, *args, **kwargs)

    def on_after_node(self: TrainingHook, *args: Any, **kwargs: Any) -> None:
        if not cache_is_off(self._cache):
            cache_output(self, *args, **kwargs)

    def train(self: GraphTrainer, model_configuration: Any, importer: Any,
              output_filename: Any, force_retraining: bool = False,
              is_finetuning: bool = False) -> Any:
        split = parallel_training.split_for_training(model_configuration.train_schema,
                                                     force_retraining, is_finetuning)
        if split is None:
            return train_sequentially(self, model_configuration, importer, output_filename,
                                      force_retraining, is_finetuning)
        schema = model_configuration.train_schema
        hooks = [LoggingHook(pruned_schema=schema),
                 TrainingHook(cache=self._cache, model_storage=self._model_storage,
                              pruned_schema=schema)]
        return parallel_training.train_in_two_processes(
            self, model_configuration, importer, output_filename, hooks, split)

    dataset_autotune.install()
    TrainingHook.on_before_node = on_before_node
    TrainingHook.on_after_node = on_after_node
    GraphTrainer.train = train
    _installed = True

