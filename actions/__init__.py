"""Custom actions: thin wrappers that read the tracker, call `bot`, and utter responses.

The action server imports this package and registers every Action subclass it finds.
"""

from actions.knowledge import ActionSearchLaw, ActionShowArticle
from actions.privacy import ActionForgetMe
from actions.screening import (
    ActionAskDefendantGrounds,
    ActionAskExemptionGrounds,
    ActionAskFactsConfirmed,
    ActionAssessEligibility,
    ValidateScreeningForm,
)
from actions.screening_control import (
    ActionExplainQuestion,
    ActionResetScreening,
    ActionRestartScreening,
    ActionStopScreening,
)
from actions.situation import ActionAnswerSituation
from actions.sources import ActionShowSource
from actions.topics import ActionSuggestTopics
from actions.warm_up import ActionWarmUp

__all__ = [
    "ActionAnswerSituation", "ActionAskDefendantGrounds", "ActionAskExemptionGrounds",
    "ActionAskFactsConfirmed", "ActionAssessEligibility",
    "ActionExplainQuestion", "ActionForgetMe", "ActionResetScreening", "ActionRestartScreening",
    "ActionSearchLaw", "ActionShowArticle", "ActionShowSource", "ActionStopScreening",
    "ActionSuggestTopics", "ActionWarmUp", "ValidateScreeningForm",
]
