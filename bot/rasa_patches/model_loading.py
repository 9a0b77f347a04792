"""A trained model's TensorFlow components load in a third of the time: their weights are built
by one eager call of the training loss instead of a traced training step.

To load DIET, the ResponseSelector or TED, Rasa creates the empty Keras model, runs `fit` on one
example "to build weights of the correct size" (the layers' and the optimizer's variables), then
overwrites every weight with the trained ones (`RasaModel.load`). That one step runs as a
`tf.function`: tracing Rasa's whole training step took 16 of the Rasa server's 22 s of model
loading here (py-spy, docs/benchmarks.md, thirteenth round). Here the model's loss on that
example is computed once, eagerly (a Keras layer creates its weights on its first call, traced
or not), the trained weights are loaded, and the prediction function is traced as Rasa traces it
(graph mode unless the component's `run_eagerly` says otherwise), so predictions run as before.

No optimizer state is created: serving never trains, and Rasa's one-example `fit` run eagerly
created it in another order than the checkpoint's, which made TED's restore fail, and Rasa's
`TEDPolicy.load` then served an untrained TED without a word. The checkpoint's optimizer values
are left unread (`expect_partial`); should a restore ever fail, the component is loaded by
Rasa's own code instead. tests/e2e/test_model_loading.py compares every weight and prediction
with Rasa's own load. Loading for fine-tuning (`rasa train --finetune`) is left to Rasa.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

_rasas_load = None


def eagerly_built(cls: type, model_file_name: str, model_data_example: Any,
                  *args: Any, **kwargs: Any) -> Any:
    """The model with its weights built by an eager pass, then restored from the file."""
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
    restored = model.load_weights(model_file_name)
    restored.assert_existing_objects_matched()  # every weight built here came from the file
    restored.expect_partial()  # the optimizer's state there is not read
    return model


def load(cls: type, model_file_name: str, model_data_example: Any,
         predict_data_example: Any = None, finetune_mode: bool = False,
         *args: Any, **kwargs: Any) -> Any:
    """Rasa's `RasaModel.load` with the weights built eagerly; Rasa's own where that fails
    (Rasa's callers turn a ValueError into a component served untrained)."""
    if not finetune_mode:
        try:
            model = eagerly_built(cls, model_file_name, model_data_example, *args, **kwargs)
        except (ValueError, AssertionError) as error:
            logger.warning("Loading %s the fast way failed (%s); loading it as Rasa does",
                           cls.__name__, error)
        else:
            if predict_data_example:  # Rasa traces the prediction function here too
                model.run_inference(predict_data_example)
            return model
    return _rasas_load(cls, model_file_name, model_data_example, predict_data_example,
                       finetune_mode, *args, **kwargs)


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
