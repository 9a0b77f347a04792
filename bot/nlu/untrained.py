"""What an NLU component that learns nothing from the training data needs for Rasa's graph."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class UntrainedComponent(GraphComponent):
    """Built from nothing (`cls()`), for any language, leaving the training data as it is;
    subclasses define `process(messages)`."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UntrainedComponent:
        return cls()

    @staticmethod
    def supported_languages() -> list[str] | None:
        return None

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
