"""TED is skipped only where its prediction cannot change Rasa's choice
(bot/rasa_patches/ted_shortcut.py).

Checked with Rasa's own ensemble: whenever the shortcut would skip TED, any prediction TED could
have made leads to the same winner as the empty one it returns instead.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.policies.ted_policy import TEDPolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, TEXT

from bot.rasa_patches import install, ted_shortcut

ACTIONS = ["utter_greet", "utter_goodbye", "action_answer"]
DOMAIN = Domain.from_dict({"intents": ["greet"], "actions": ["action_answer"],
                           "responses": {"utter_greet": [{"text": "hi"}],
                                         "utter_goodbye": [{"text": "bye"}]}})
N = len(DOMAIN.action_names_or_texts)
RULE, MEMO, TED = 6, 3, 1  # Rasa's default priorities
TED_POLICY = SimpleNamespace(priority=TED, fake_features={INTENT: []})


def tracker(*extra) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        *extra], slots=DOMAIN.slots)


def decided(on: DialogueStateTracker, priority: int = RULE) -> DialogueStateTracker:
    setattr(on, ted_shortcut.DECISION_ATTRIBUTE,
            (ted_shortcut.tracker_state_key(on), priority))
    return on


def test_skipped_only_for_the_decided_state() -> None:
    current = decided(tracker())
    assert ted_shortcut.ted_can_be_skipped(TED_POLICY, current)
    current.update(SlotSet("name", "x"))
    assert not ted_shortcut.ted_can_be_skipped(TED_POLICY, current)
    assert not ted_shortcut.ted_can_be_skipped(TED_POLICY, tracker())  # nothing decided
    copied = copy.deepcopy(decided(tracker()))  # a copy's events are other objects
    assert not ted_shortcut.ted_can_be_skipped(TED_POLICY, copied)


def test_not_skipped_when_ted_could_win() -> None:
    assert not ted_shortcut.ted_can_be_skipped(TED_POLICY, decided(tracker(), priority=TED))
    e2e_ted = SimpleNamespace(priority=TED, fake_features={INTENT: [], TEXT: []})
    assert not ted_shortcut.ted_can_be_skipped(e2e_ted, decided(tracker()))
    rejected = decided(tracker(ActionExecutionRejected("action_answer")))
    assert not ted_shortcut.ted_can_be_skipped(TED_POLICY, rejected)
    after_rejection = decided(tracker(ActionExecutionRejected("action_answer"),
                                      ActionExecuted("utter_greet")))
    assert ted_shortcut.ted_can_be_skipped(TED_POLICY, after_rejection)


def probabilities(draw, max_value: float = 1.0) -> list[float]:
    values = draw(st.lists(st.floats(0.0, max_value), min_size=N, max_size=N))
    return values


@st.composite
def predictions(draw) -> tuple[list[PolicyPrediction], PolicyPrediction]:
    """A rule or memoization prediction that decides, other policies' predictions, and a
    prediction TED could make (confidences at most 1, never "no user", never end-to-end)."""
    decisive = [0.0] * N
    decisive[draw(st.integers(0, N - 1))] = 1.0
    decider = PolicyPrediction(decisive, draw(st.sampled_from(["RulePolicy",
                                                               "MemoizationPolicy"])),
                               draw(st.sampled_from([RULE, MEMO])),
                               is_end_to_end_prediction=draw(st.booleans()),
                               is_no_user_prediction=draw(st.booleans()))
    other = PolicyPrediction(probabilities(draw), "MemoizationPolicy", MEMO,
                             is_end_to_end_prediction=draw(st.booleans()))
    ted = PolicyPrediction(probabilities(draw), "TEDPolicy", TED,
                           diagnostic_data={"attention": draw(st.integers())})
    return draw(st.permutations([decider, other])), ted


def winner(found: list[PolicyPrediction], current: DialogueStateTracker) -> PolicyPrediction:
    return DefaultPolicyPredictionEnsemble().combine_predictions(
        copy.deepcopy(found), current, DOMAIN)


@settings(max_examples=300, deadline=None)
@given(predictions())
def test_a_skipped_ted_never_changes_the_winner(case) -> None:
    others, ted = case
    current = decided(tracker(), priority=max(p.policy_priority for p in others
                                              if p.max_confidence >= 1.0))
    assert ted_shortcut.ted_can_be_skipped(TED_POLICY, current)
    empty = PolicyPrediction([0.0] * N, "TEDPolicy", TED)
    with_ted, without = winner([*others, ted], current), winner([*others, empty], current)
    assert with_ted == without
    assert with_ted.policy_name != "TEDPolicy"
    assert with_ted.events == without.events


def test_installed_with_the_rasa_server_fixes() -> None:
    install()
    assert TEDPolicy.predict_action_probabilities is ted_shortcut.ted_predict
    for policy in (RulePolicy, MemoizationPolicy, TEDPolicy):
        assert ted_shortcut.RASAS_PREDICT[policy].__module__.startswith("rasa.")
    install()  # twice changes nothing
    assert ted_shortcut.RASAS_PREDICT[TEDPolicy].__module__.startswith("rasa.")
