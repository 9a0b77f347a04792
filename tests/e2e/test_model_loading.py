"""With the trained model: bot/rasa_patches/model_loading.py (weights built by an eager forward
pass) loads the same model as Rasa's own `RasaModel.load`: DIET, the ResponseSelector and TED with
the same weights, and the same predictions (intents, FAQ answers, TED's own action probabilities
and the policies' choice) for every message of the benchmark's script, in both languages.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

import pytest
from rasa.core.agent import Agent
from rasa.core.channels import UserMessage
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.utils.tensorflow.models import RasaModel

from bench.script import SCRIPT
from bot.ops.training import MODEL_FILE
from bot.rasa_patches import model_loading, ted_shortcut
from tests.conftest import require_model

pytestmark = pytest.mark.e2e

MAX_ACTIONS = 4  # predictions after one message


@dataclass
class Loaded:
    agent: Agent
    models: list = field(default_factory=list)  # Rasa's TensorFlow models, in loading order
    ted: TEDPolicy | None = None


def load(patched: bool, monkeypatch) -> Loaded:
    (model_loading.install if patched else model_loading.uninstall)()
    loaded = Loaded(agent=None)
    models_load, teds_load = RasaModel.load.__func__, TEDPolicy.load.__func__

    def recording_model(cls, *args, **kwargs):
        loaded.models.append(models_load(cls, *args, **kwargs))
        return loaded.models[-1]

    def recording_ted(cls, *args, **kwargs):
        loaded.ted = teds_load(cls, *args, **kwargs)
        return loaded.ted

    with monkeypatch.context() as patch:
        patch.setattr(RasaModel, "load", classmethod(recording_model))
        patch.setattr(TEDPolicy, "load", classmethod(recording_ted))
        loaded.agent = Agent.load(str(MODEL_FILE))
    return loaded


def weights(model) -> list[tuple]:
    """Each weight's name, shape and bytes, in a fixed order (names repeat across layers, and
    an eager pass may create the layers in another order than a traced one)."""
    return sorted((w.name, tuple(w.shape), w.numpy().tobytes()) for w in model.weights)


async def predictions(loaded: Loaded) -> list:
    """Each message's parse, TED's own prediction and the policies' choice after it, for the
    actions the policies predict until they listen (recorded as run, not run)."""
    agent, found = loaded.agent, []
    teds_predict = ted_shortcut.RASAS_PREDICT.get(TEDPolicy,
                                                  TEDPolicy.predict_action_probabilities)
    for conversation in SCRIPT:
        sender = f"model-loading-{uuid.uuid4()}"
        for step in conversation.steps:
            parsed = await agent.parse_message(step.text)
            found.append((parsed["intent"], parsed["intent_ranking"],
                          parsed.get("response_selector")))
            await agent.processor.log_message(UserMessage(step.text, sender_id=sender))
            tracker = await agent.processor.fetch_tracker_and_update_session(sender)
            for _ in range(MAX_ACTIONS):
                found.append(teds_predict(loaded.ted, tracker, agent.domain).probabilities)
                prediction = agent.processor.predict_next_with_tracker(tracker)
                del prediction["tracker"]  # holds the time and the sender
                found.append(prediction)
                best = max(prediction["scores"], key=lambda score: score["score"])["action"]
                tracker.update(ActionExecuted(best))
                if best == ACTION_LISTEN_NAME:
                    break
            await agent.tracker_store.save(tracker)
    return found


@pytest.fixture
def rasas_load_restored():
    was_installed = model_loading._rasas_load is not None
    yield
    (model_loading.install if was_installed else model_loading.uninstall)()


def test_the_patched_load_gives_rasas_model(monkeypatch, rasas_load_restored) -> None:
    require_model()
    rasas = load(False, monkeypatch)
    patched = load(True, monkeypatch)

    assert [type(m).__name__ for m in rasas.models] == ["DIET", "DIET2BOW", "TED"]
    assert [type(m).__name__ for m in patched.models] == ["DIET", "DIET2BOW", "TED"]
    for rasas_model, patched_model in zip(rasas.models, patched.models, strict=True):
        assert weights(patched_model) == weights(rasas_model)
        assert patched_model.run_eagerly == rasas_model.run_eagerly  # predictions traced

    assert {conversation.language for conversation in SCRIPT} == {"en", "zh"}
    rasas_predictions = asyncio.run(predictions(rasas))
    assert len(rasas_predictions) > 300
    assert asyncio.run(predictions(patched)) == rasas_predictions


def test_a_failed_fast_load_falls_back_to_rasas_own(monkeypatch, rasas_load_restored,
                                                     caplog) -> None:
    # Rasa's TEDPolicy.load turns a ValueError into a TED served untrained: the patch must
    # never let one through.
    require_model()

    def failing(cls, *args, **kwargs):
        raise ValueError("shapes differ (raised by the test)")

    monkeypatch.setattr(model_loading, "eagerly_built", failing)
    with caplog.at_level("WARNING", logger="bot.rasa_patches.model_loading"):
        fallen_back = load(True, monkeypatch)
    assert [type(m).__name__ for m in fallen_back.models] == ["DIET", "DIET2BOW", "TED"]
    assert fallen_back.ted.model is fallen_back.models[2]
    assert caplog.text.count("loading it as Rasa does") == 3
