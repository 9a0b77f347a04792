"""Every change the project makes to Rasa's private internals, installed only on the Rasa version
they were written and tested against.

Serving (`python -m bot.rasa_patches run ...`, how bot/ops/launcher.py starts the Rasa server):
  action_replies.py      action-server replies validated once per kind; event classes from a table
  ted_shortcut.py        TEDPolicy not run when a rule or a memorized story has decided
  action_connections.py  calls to the action server reuse their connections
  model_loading.py       the TensorFlow models' weights built by an eager pass, not a traced fit
Training (`python -m bot.rasa_patches train ...`, how bot/ops/training.py trains):
  training.py            no work for the switched-off component cache
  parallel_training.py   the ResponseSelector trains in a second process, on the second core
  dataset_autotune.py    no tf.data autotuning of the training batches (a stall at fit's end)

Each patch has a test comparing its results with Rasa's own (tests/bench/, tests/unit/,
tests/e2e/). Other Rasa internals the project relies on without patching them are checked by
those tests too: the SQL tracker store's table and queries (bot/stores/tracker_store.py) and
the log line of a failed action (action_failures.py here, read by bot/channels/guard.py; it
changes nothing, so it is active on every version, and its test runs Rasa's own processor).

On any other Rasa version `install` changes nothing and says so in the log: the assistant then
serves (and trains) as stock Rasa does, slower but with the same answers and the same model.
"""

from __future__ import annotations

import logging

TESTED_RASA_VERSION = "3.6.21"

logger = logging.getLogger(__name__)


def installed_rasa_version() -> str:
    from rasa.version import __version__

    return __version__


def version_is_tested(version: str | None = None) -> bool:
    version = installed_rasa_version() if version is None else version
    if version == TESTED_RASA_VERSION:
        return True
    logger.warning("Rasa %s is installed, but the project's patches to Rasa were tested with "
                   "Rasa %s only: not installing them (serving and training as stock Rasa does: "
                   "same answers, slower; see bot/rasa_patches/__init__.py)",
                   version, TESTED_RASA_VERSION)
    return False


def install(training: bool = False, version: str | None = None) -> bool:
    """Install the serving patches (or, with `training`, the training ones) if the installed
    Rasa is the tested version; True if they are installed. Installing twice changes nothing.

    The two sets never go together: Rasa checks the signatures of the policies' prediction
    methods when it builds a training graph, and refuses the serving patches' wrapped ones."""
    if not version_is_tested(version):
        return False
    if training:
        from bot.rasa_patches import training as training_patches

        training_patches.install()
        return True
    from bot.rasa_patches import action_connections, action_replies, model_loading, ted_shortcut

    model_loading.install()
    ted_shortcut.install()
    action_connections.install()
    action_replies.install()
    return True
