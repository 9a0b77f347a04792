"""Training on both cores: the ResponseSelector trains in a second process while the first
trains the rest (installed by bot/rasa_patches/training.py, only for a full training).

Rasa 3.6 runs the training graph one node at a time, and a TensorFlow component keeps about one
core busy, so a 2-core machine trains with one core idle. The ResponseSelector is the longest
node and needs nothing but the featurized NLU data, so:

1. at the start, a second Python process is started; it imports Rasa and waits;
2. the first process runs the featurizers, saves their output (the featurized training data) to
   a file and hands it over;
3. the second process trains the ResponseSelector on it, into a folder of its own, while the
   first trains TEDPolicy, DIET and the rest;
4. the first process waits for the second, copies its resource into the model and packages it.

On this project's 2-core machine the two trainings slow each other down (their floating-point
work does not scale to two cores), so a training takes about a fifth less time, not half
(docs/benchmarks.md, sixth round).

The model is the one a sequential training gives: each of Rasa's TensorFlow components reseeds
every random generator when it builds its model, and the featurizers are deterministic
(tests/e2e/test_training_same_model.py compares both trainings file by file).
"""

from __future__ import annotations

import copy
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SECOND_PROCESS_COMPONENT = "ResponseSelector"
HANDOVER_FILE = "handover.pickle"
STORAGE_DIR = "storage"  # the second process's model storage, inside its folder


@dataclass(frozen=True)
class Split:
    """How one train schema is divided between the two processes."""

    second: str  # the node the second process trains
    shared_input: str  # the node whose output both need (the featurized training data)
    before_handover: list[str]  # what the first process runs before handing over
    after_handover: list[str]  # the first process's other targets


def split_schema(schema: Any, component: str = SECOND_PROCESS_COMPONENT) -> Split | None:
    """The split for a train schema, or None when it has no single such node that needs only
    training data (then Rasa trains as usual)."""
    candidates = [name for name in schema.target_names
                  if schema.nodes[name].uses.__name__ == component]
    if len(candidates) != 1:
        return None
    second = candidates[0]
    needs = schema.nodes[second].needs
    if set(needs) != {"training_data"}:
        return None
    shared_input = needs["training_data"]
    upstream = set(schema.minimal_graph_schema([shared_input]).nodes)
    first = [name for name in schema.target_names if name != second]
    return Split(second=second, shared_input=shared_input,
                 before_handover=[name for name in first if name in upstream] + [shared_input],
                 after_handover=[name for name in first if name not in upstream])


def split_for_training(schema: Any, force_retraining: bool, is_finetuning: bool) -> Split | None:
    """The split for a training, or None where Rasa's own training is used: a training that
    may reuse cached components or fine-tunes a model (Rasa prunes its graph then), or a
    machine with one core (a second process would only compete with the first)."""
    if not force_retraining or is_finetuning or (os.cpu_count() or 1) < 2:
        return None
    return split_schema(schema)


def with_precomputed(schema: Any, node_name: str, output: Any) -> Any:
    """A copy of `schema` in which `node_name` returns `output` instead of computing it."""
    from rasa.engine.graph import GraphSchema
    from rasa.engine.training.components import PrecomputedValueProvider

    nodes = {name: copy.copy(node) for name, node in schema.nodes.items()}
    PrecomputedValueProvider.replace_schema_node(nodes[node_name], output)
    nodes[node_name].needs = {}
    return GraphSchema(nodes)


def run_graph(schema: Any, targets: list[str], model_storage: Any, inputs: dict, hooks: list,
              train_schema: Any) -> dict:
    """Run `targets` of `schema`, a variant of the model's `train_schema`. The components see
    the train schema, as in Rasa's own run: the fine-tuning validator fingerprints it, and
    would otherwise fingerprint the whole precomputed training data too (30 s)."""
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.runner.dask import DaskGraphRunner

    runner = DaskGraphRunner.create(
        graph_schema=schema.minimal_graph_schema(targets), model_storage=model_storage,
        execution_context=ExecutionContext(graph_schema=train_schema), hooks=hooks)
    return runner.run(inputs=inputs, targets=targets)


class SecondProcess:
    """`python -m bot.rasa_patches.parallel_training FOLDER`: started early so that its imports
    overlap the first process's work; it trains once a handover file's name arrives on its
    standard input."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process = subprocess.Popen([sys.executable, "-m", "bot.rasa_patches.parallel_training",
                                         str(folder)], stdin=subprocess.PIPE, text=True)

    def hand_over(self, schema: Any, split: Split, training_data: Any) -> None:
        started = time.perf_counter()
        path = self.folder / HANDOVER_FILE
        with path.open("wb") as handle:
            pickle.dump({"schema": schema, "node": split.second, "input": split.shared_input,
                         "training_data": training_data}, handle, pickle.HIGHEST_PROTOCOL)
        logger.info(f"Handed the featurized training data over to a second process for "
                    f"'{split.second}' ({path.stat().st_size / 1e6:.0f} MB, "
                    f"{time.perf_counter() - started:.1f} s).")
        assert self.process.stdin is not None
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.close()

    def wait(self) -> Path:
        """The folder holding the second process's resource, once it has finished."""
        code = self.process.wait()
        if code != 0:
            raise RuntimeError(f"training {SECOND_PROCESS_COMPONENT} in a second process "
                               f"failed (exit code {code})")
        return self.folder / STORAGE_DIR

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def train_in_two_processes(trainer: Any, model_configuration: Any, importer: Any,
                           output_filename: Any, hooks: list, split: Split) -> Any:
    """GraphTrainer.train for a full training, divided as `split` says."""
    from rasa.engine.constants import PLACEHOLDER_IMPORTER
    from rasa.engine.storage.resource import Resource

    domain = copy.deepcopy(importer.get_domain())  # as Rasa does, before any node runs
    schema = model_configuration.train_schema
    storage = trainer._model_storage
    with tempfile.TemporaryDirectory(prefix="legal-aid-training-") as folder:
        second = SecondProcess(Path(folder))
        try:
            outputs = run_graph(schema, split.before_handover, storage,
                                {PLACEHOLDER_IMPORTER: importer}, hooks, schema)
            training_data = outputs[split.shared_input]
            second.hand_over(schema, split, training_data)
            rest = with_precomputed(schema, split.shared_input, training_data)
            run_graph(rest, split.after_handover, storage, {PLACEHOLDER_IMPORTER: importer},
                      hooks, schema)
            trained = second.wait()
        finally:
            second.stop()
        with storage.write_to(Resource(split.second)) as directory:
            shutil.copytree(trained / split.second, directory, dirs_exist_ok=True)
    return storage.create_model_package(output_filename, model_configuration, domain)


def train_handed_over(folder: Path) -> None:
    """The second process's part: wait for the handover, train its node into folder/storage."""
    # Rasa's components, TensorFlow among them, are imported while the first process featurizes.
    import rasa.engine.recipes.default_recipe  # noqa: F401
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.training.hooks import LoggingHook

    from bot.rasa_patches import dataset_autotune

    dataset_autotune.install()  # as in the first process (bot/rasa_patches/training.py)
    line = sys.stdin.readline().strip()
    if not line:  # the first process stopped before handing over
        return
    with open(line, "rb") as handle:
        handover = pickle.load(handle)
    schema = with_precomputed(handover["schema"], handover["input"], handover["training_data"])
    targets = [handover["node"]]
    storage = folder / STORAGE_DIR
    storage.mkdir()
    run_graph(schema, targets, LocalModelStorage(storage), {},
              [LoggingHook(pruned_schema=schema.minimal_graph_schema(targets))],
              handover["schema"])


if __name__ == "__main__":
    # Rasa's format, so that the two processes' lines read alike in `make train`'s output.
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s",
                        datefmt="%Y-%m-%d %H:%M:%S")
    train_handed_over(Path(sys.argv[1]))
