"""No tf.data autotuning for the training batches: a finished training then stops at once
instead of up to a minute later (installed by bot/rasa_patches/training.py).

Rasa's TensorFlow components feed `model.fit` a Keras Sequence (RasaBatchDataGenerator), which
Keras wraps in `tf.data.Dataset.from_generator(...).prefetch(1)`. tf.data autotunes every
dataset by default: its iterator starts a "model" thread that wakes at intervals doubling up to
60 s. When `fit` returns, the iterator is destroyed and waits for that thread; with TensorFlow
2.12 (Rasa 3.6's) the wait sometimes lasts until the thread's next wake-up. Seen in about a
third of this project's trainings: the ResponseSelector's process idle for 55-65 s after its
last epoch (py-spy: `~LogicalThreadWrapper` under `~IteratorResource`, from `fit`;
docs/benchmarks.md, twelfth round), which made a 140 s training take 200 s.

There is nothing to tune here: Keras's buffer is fixed (`prefetch(1)`) and the batches come
from one Python generator in a fixed order, so the batches, and the trained model, are the same
(tests/unit/test_rasa_patches.py compares the batches with and without the option).
"""

from __future__ import annotations

from typing import Any

TESTED_TENSORFLOW_VERSION = "2.12.0"

_rasas_get_dataset = None


def without_autotuning(dataset: Any) -> Any:
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def install() -> bool:
    """Keras's generator datasets without autotuning, if TensorFlow is the tested version."""
    global _rasas_get_dataset
    import tensorflow as tf
    from keras.engine import data_adapter

    if tf.__version__ != TESTED_TENSORFLOW_VERSION:
        return False
    if _rasas_get_dataset is None:
        _rasas_get_dataset = data_adapter.GeneratorDataAdapter.get_dataset

        def get_dataset(self: Any) -> Any:
            return without_autotuning(_rasas_get_dataset(self))

        data_adapter.GeneratorDataAdapter.get_dataset = get_dataset
    return True
