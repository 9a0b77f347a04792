"""TEDPolicy is not run when a rule or a memorized story has already decided the next action.

Rasa runs every policy for every prediction and then picks one (DefaultPolicyPredictionEnsemble).
A prediction of RulePolicy or MemoizationPolicy with confidence 1.0 always beats TED's: TED's
confidences are at most 1.0, its priority is lower, it never makes "no user" predictions, and
without end-to-end training data (no TEXT among its features) it never makes end-to-end ones.
TED's own events are only used when it wins. So TED's prediction cannot change the outcome, and
running its model (about 4 ms per prediction here, two to four predictions per message) is
skipped; it returns what a policy that does not apply returns (all zeros).

The ensemble zeroes a rejected action in every prediction (ActionExecutionRejected), which can
undo a rule's 1.0: TED always runs then. Rasa runs the policies in the order Memoization, Rule,
TED (dask's order of the prediction graph); were that to change, TED would run as before (it
only skips on a decision recorded for the same tracker state).
tests/e2e/test_skipped_ted_predictions.py compares every skipped prediction's outcome with the
one TED's real prediction gives.
"""

from __future__ import annotations

from typing import Any

DECISION_ATTRIBUTE = "_legal_aid_decided_state"  # set on Rasa's tracker by a deciding policy

RASAS_PREDICT: dict[type, Any] = {}  # policy class -> Rasa's predict_action_probabilities


def tracker_state_key(tracker: Any) -> tuple[int, int]:
    """Tells one state of a tracker from the next: events are only ever appended."""
    events = tracker.events
    return len(events), id(events[-1]) if events else 0


def last_action_rejected(tracker: Any) -> bool:
    from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected

    for event in reversed(tracker.events):
        if isinstance(event, ActionExecutionRejected | ActionExecuted):
            return isinstance(event, ActionExecutionRejected)
    return False


def ted_can_be_skipped(ted: Any, tracker: Any) -> bool:
    from rasa.shared.nlu.constants import TEXT

    decided = getattr(tracker, DECISION_ATTRIBUTE, None)
    return (decided is not None and decided[0] == tracker_state_key(tracker)
            and decided[1] > ted.priority and TEXT not in ted.fake_features
            and not last_action_rejected(tracker))


def recording_predict(policy_class: type) -> Any:
    """`policy_class`'s prediction, which marks the tracker's state when it is decisive."""
    rasas = RASAS_PREDICT[policy_class]

    def predict_action_probabilities(self: Any, tracker: Any, domain: Any,
                                     *args: Any, **kwargs: Any) -> Any:
        prediction = rasas(self, tracker, domain, *args, **kwargs)
        if prediction.max_confidence >= 1.0:
            setattr(tracker, DECISION_ATTRIBUTE,
                    (tracker_state_key(tracker), prediction.policy_priority))
        return prediction

    return predict_action_probabilities


def ted_predict(self: Any, tracker: Any, domain: Any, *args: Any, **kwargs: Any) -> Any:
    """TEDPolicy.predict_action_probabilities, or no prediction when it cannot win."""
    from rasa.core.policies.ted_policy import TEDPolicy

    if ted_can_be_skipped(self, tracker):
        return self._prediction(self._default_predictions(domain))
    return RASAS_PREDICT[TEDPolicy](self, tracker, domain, *args, **kwargs)


def install() -> None:
    from rasa.core.policies.memoization import MemoizationPolicy
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.policies.ted_policy import TEDPolicy

    if RASAS_PREDICT:
        return
    for policy_class in (MemoizationPolicy, RulePolicy, TEDPolicy):
        RASAS_PREDICT[policy_class] = policy_class.predict_action_probabilities
    MemoizationPolicy.predict_action_probabilities = recording_predict(MemoizationPolicy)
    RulePolicy.predict_action_probabilities = recording_predict(RulePolicy)
    TEDPolicy.predict_action_probabilities = ted_predict
