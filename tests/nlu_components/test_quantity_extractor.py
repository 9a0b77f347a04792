"""The QuantityExtractor Rasa component, on Message objects and inside a trained NLU model."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.quantity_extractor import QuantityExtractor

REPO_ROOT = Path(__file__).resolve().parents[2]


def _extractor(**config: Any) -> QuantityExtractor:
    return QuantityExtractor.create(
        {**QuantityExtractor.get_default_config(), **config}, None, None, None)  # type: ignore[arg-type]


def _process(text: str, **config: Any) -> list[dict[str, Any]]:
    message = Message.build(text=text)
    _extractor(**config).process([message])
    return message.get(ENTITIES)


def test_registered_as_untrainable_entity_extractor() -> None:
    registered = DefaultV1Recipe._from_registry(QuantityExtractor.__name__)
    assert registered.clazz is QuantityExtractor
    assert registered.types == {DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR}
    assert registered.is_trainable is False


def test_adds_all_three_entities() -> None:
    entities = _process("I'm 16 and we are 4 people earning 3000")
    assert entities == [
        {"entity": "age", "value": 16, "start": 4, "end": 6, "confidence": 1.0,
         "extractor": "QuantityExtractor"},
        {"entity": "household_size", "value": 4, "start": 18, "end": 26, "confidence": 1.0,
         "extractor": "QuantityExtractor"},
        {"entity": "money", "value": 3000, "start": 35, "end": 39, "confidence": 1.0,
         "extractor": "QuantityExtractor",
         "additional_info": {"period": "month", "unit": "CNY/month"}},
    ]


def test_chinese_yearly_income_is_monthly_and_flagged() -> None:
    (entity,) = _process("年收入2万")
    assert entity["entity"] == "money"
    assert entity["value"] == pytest.approx(1666.67)
    assert entity["additional_info"]["period"] == "year"
    assert "年收入2万"[entity["start"]:entity["end"]] == "2万"


def test_appends_to_existing_entities_and_marks_them_for_output() -> None:
    message = Message.build(text="我16岁")
    earlier = {"entity": "topic", "value": "labour", "start": 0, "end": 1, "extractor": "DIET"}
    message.set(ENTITIES, [earlier], add_to_output=True)
    _extractor().process([message])
    entities = message.get(ENTITIES)
    assert entities[0] == earlier
    assert entities[1]["entity"] == "age" and entities[1]["value"] == 16
    assert ENTITIES in message.output_properties


def test_message_without_quantities_gets_an_empty_list() -> None:
    message = Message.build(text="Article 31 of the 2021 law, hotline 12348")
    _extractor().process([message])
    assert message.get(ENTITIES) == []


def test_message_without_text_is_left_alone() -> None:
    message = Message(data={"intent": "greet"})
    _extractor().process([message])
    assert message.get(ENTITIES) is None
    assert message.get(TEXT) is None


def test_dimensions_restrict_the_kinds() -> None:
    entities = _process("I'm 16 and we are 4 people earning 3000", dimensions=["money"])
    assert [e["entity"] for e in entities] == ["money"]
    with pytest.raises(ValueError, match="unknown dimensions"):
        _extractor(dimensions=["height"])


def test_training_data_passes_through_unchanged() -> None:
    data = TrainingData([Message.build(text="I'm 16", intent="inform")])
    assert _extractor().process_training_data(data) is data
    assert data.training_examples[0].get(ENTITIES) is None


CONFIG = """\
recipe: default.v1
language: en
assistant_id: quantity-extractor-test
pipeline:
  - name: WhitespaceTokenizer
  - name: bot.nlu.quantity_extractor.QuantityExtractor
  - name: KeywordIntentClassifier
policies: []
"""
NLU = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi there
- intent: inform
  examples: |
    - I'm 16
    - we are 4 people
    - my income is 3000
"""


@pytest.mark.slow
def test_inside_a_trained_nlu_model(tmp_path: Path) -> None:
    (tmp_path / "config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "nlu.yml").write_text(NLU, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false",
           "RASA_CACHE_DIRECTORY": str(tmp_path / "cache"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-m", "rasa", "train", "nlu", "--config", "config.yml",
               "--nlu", "nlu.yml", "--out", "models", "--fixed-model-name", "nlu"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=80, check=False)
    model = tmp_path / "models" / "nlu.tar.gz"
    assert result.returncode == 0 and model.exists(), textwrap.shorten(result.stderr, 2000)

    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    parsed = asyncio.run(agent.parse_message("I'm 16 and we are 4 people earning 3000"))
    assert parsed["intent"]["name"] == "inform"
    found = {(e["entity"], e["value"]) for e in parsed["entities"]
             if e["extractor"] == "QuantityExtractor"}
    assert found == {("age", 16), ("household_size", 4), ("money", 3000)}
    parsed = asyncio.run(agent.parse_message("我16岁，月收入3000元"))
    assert [(e["entity"], e["value"]) for e in parsed["entities"]] == [("age", 16), ("money", 3000)]
