"""A trained model's TensorFlow components load in a third of the time: their weights are built
by one eager training step instead of a traced one.

To load DIET, the ResponseSelector or TED, Rasa creates the empty Keras model, runs `fit` on one
example "to build weights of the correct size" (the layers' and the optimizer's variables), then
overwrites every weight with the trained ones (`RasaModel.load`). That one step runs as a
`tf.function`: tracing Rasa's whole training step took 16 of the Rasa server's 22 s of model
loading here (py-spy, docs/benchmarks.md, thirteenth round); run eagerly, the same step takes
well under a second. The loaded model is then switched back to how Rasa runs it (graph mode
unless the component's `run_eagerly` says otherwise) before its prediction function is traced,
so predictions run exactly as before.

The same variables are created (eagerly or traced, a Keras layer builds its weights on its
first call) and all of them are then restored from the trained model, so the loaded model is
the same: tests/e2e/test_model_loading.py compares every weight and prediction with Rasa's own
load. Loading for fine-tuning (`rasa train --finetune`) is left to Rasa.
"""

from __future__ import annotations

from typing import Any

_rasas_load = None


def load(cls: type, model_file_name: str, model_data_example: Any,
         predict_data_example: Any = None, finetune_mode: bool = False,
         *args: Any, **kwargs: Any) -> Any:
    """Rasa's `RasaModel.load` with the weight-building step run eagerly."""
    if finetune_mode:
        return _rasas_load(cls, model_file_name, model_data_example, predict_data_example,
                           finetune_mode, *args, **kwargs)
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=config.get(RUN_EAGERLY))
    batch_in, _ = RasaBatchDataGenerator(model_data_example, batch_size=1)[0]
    model._training = True  # as in Rasa's train_step: the layers a training step calls
    model.batch_loss(batch_in)
    model._training = None
    model.load_weights(model_file_name).expect_partial()  # not the optimizer's state
    if predict_data_example:  # Rasa traces the prediction function before the first user
        model.run_inference(predict_data_example)
    return model


def install() -> None:
    global _rasas_load
    from rasa.utils.tensorflow.models import RasaModel

    if _rasas_load is None:
        _rasas_load = RasaModel.load.__func__
        RasaModel.load = classmethod(load)


def uninstall() -> None:
    """Rasa's own load again (the comparison test loads the model both ways)."""
    global _rasas_load
    from rasa.utils.tensorflow.models import RasaModel

    if _rasas_load is not None:
        RasaModel.load = classmethod(_rasas_load)
        _rasas_load = None
