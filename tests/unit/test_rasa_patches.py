"""The patches to Rasa's internals install only on the Rasa version they were tested against."""

from __future__ import annotations

import logging
import subprocess
import sys

from rasa.core.actions.action import RemoteAction
from rasa.core.policies.ted_policy import TEDPolicy

from bot import rasa_patches
from bot.paths import REPO_ROOT


def test_the_tested_version_is_the_installed_one() -> None:
    assert rasa_patches.installed_rasa_version() == rasa_patches.TESTED_RASA_VERSION


def test_another_version_is_refused_with_a_clear_log_line(caplog) -> None:
    code = ("import logging, rasa.version; rasa.version.__version__ = '3.6.99'\n"
            "from bot import rasa_patches\n"
            "from rasa.core.policies.ted_policy import TEDPolicy\n"
            "from rasa.core.actions.action import RemoteAction\n"
            "from rasa.utils.tensorflow.models import RasaModel\n"
            "before = (TEDPolicy.predict_action_probabilities,"
            " RemoteAction._validate_action_result, RasaModel.load)\n"
            "assert rasa_patches.install() is False\n"
            "assert rasa_patches.install(training=True) is False\n"
            "assert (TEDPolicy.predict_action_probabilities,"
            " RemoteAction._validate_action_result, RasaModel.load) == before\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Rasa 3.6.99 is installed" in done.stderr
    assert f"tested with Rasa {rasa_patches.TESTED_RASA_VERSION} only" in done.stderr
    assert "not installing them" in done.stderr
    with caplog.at_level(logging.WARNING, logger="bot.rasa_patches"):
        assert rasa_patches.version_is_tested("3.7.0") is False
    assert "Rasa 3.7.0 is installed" in caplog.text


def test_the_tested_version_installs_the_serving_patches() -> None:
    from rasa.utils.tensorflow.models import RasaModel

    from bot.rasa_patches import action_replies, model_loading, ted_shortcut

    assert rasa_patches.install() is True
    assert TEDPolicy.predict_action_probabilities is ted_shortcut.ted_predict
    assert RasaModel.load.__func__ is model_loading.load
    assert RemoteAction._validate_action_result is action_replies.validate_action_result


def test_a_failed_action_is_recognised_in_rasas_own_log_line() -> None:
    """Rasa's processor running an action that raises: the turn is marked failed (and a turn
    whose action succeeds is not), so the guard's reading of the log matches Rasa's code."""
    import asyncio

    from rasa.core.actions.action import Action
    from rasa.core.policies.policy import PolicyPrediction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa_patches.action_failures import recording_action_failures

    class Failing(Action):
        def name(self) -> str:
            return "action_failing"

        async def run(self, *args, **kwargs):
            raise ConnectionError("the action server is down")

    class Succeeding(Failing):
        async def run(self, *args, **kwargs):
            return []

    processor = MessageProcessor.__new__(MessageProcessor)  # only the domain is read
    processor.domain = Domain.empty()
    prediction = PolicyPrediction([1.0], "RulePolicy")

    def outcome(action: Action) -> bool:
        tracker = DialogueStateTracker("sender", [])

        async def turn() -> bool:
            with recording_action_failures() as recorded:
                await processor._run_action(action, tracker, None, None, prediction)
            return recorded.failed

        return asyncio.run(turn())

    assert outcome(Failing()) is True
    assert outcome(Succeeding()) is False


def test_training_batches_are_the_same_without_tf_data_autotuning() -> None:
    """bot/rasa_patches/dataset_autotune.py changes only tf.data's options of the dataset Keras
    builds from Rasa's batch generator, never the batches."""
    import numpy as np
    import tensorflow as tf
    from keras.engine import data_adapter
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    from bot.rasa_patches import dataset_autotune

    class Batches(tf.keras.utils.Sequence):  # what Rasa's generator is to Keras
        def __len__(self) -> int:
            return 4

        def __getitem__(self, index: int) -> tuple:
            return np.full((3, 2), index, "float32"), np.arange(3) + index

    assert issubclass(RasaBatchDataGenerator, tf.keras.utils.Sequence)
    assert data_adapter.select_data_adapter(Batches(), None) is data_adapter.KerasSequenceAdapter
    assert issubclass(data_adapter.KerasSequenceAdapter, data_adapter.GeneratorDataAdapter)

    rasas = dataset_autotune._rasas_get_dataset or data_adapter.GeneratorDataAdapter.get_dataset
    stock = rasas(data_adapter.KerasSequenceAdapter(Batches()))
    assert dataset_autotune.install()
    patched = data_adapter.KerasSequenceAdapter(Batches()).get_dataset()

    assert stock.options().autotune.enabled is not False  # tf.data's default: on
    assert patched.options().autotune.enabled is False
    assert [[t.numpy().tolist() for t in batch] for batch in patched] == [
        [t.numpy().tolist() for t in batch] for batch in stock]
