"""Rasa NLU component: a message that is only a yes or a no word is affirm or deny.

One Chinese character says too little for the classifiers: 是 and 好 occur in sentences of
every intent, so DIET gives "是" alone 0.41 for affirm and the assistant asked to rephrase a
plain yes. When the whole message (case and punctuation aside) is one of the short answers of
data/eligibility/answers.yml (`short_answers`, and the screening's own `yes` / `no` words) and
the classifiers were not sure (the intent is `nlu_fallback`), the intent becomes affirm or
deny. A confident prediction is never changed.

In config.yml, after FallbackClassifier and UnknownWordsFallback:

    - name: bot.nlu.short_answers.ShortAnswers
"""

from __future__ import annotations

from functools import lru_cache

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.untrained import UntrainedComponent
from bot.screening.vocabulary import bare, vocabulary

INTENTS = {"yes": "affirm", "no": "deny"}


@lru_cache(maxsize=1)
def short_answers() -> dict[str, str]:
    """Whole-message answer -> intent (affirm / deny)."""
    words = vocabulary()
    found: dict[str, str] = {}
    for kind, intent in INTENTS.items():
        for phrase in [*words[kind], *words.get("short_answers", {}).get(kind, [])]:
            found.setdefault(bare(str(phrase)), intent)
    found.pop("", None)
    return found


def short_answer_intent(text: str) -> str | None:
    return short_answers().get(bare(text))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ShortAnswers(UntrainedComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            unsure = (message.get(INTENT) or {}).get("name") == DEFAULT_NLU_FALLBACK_INTENT_NAME
            intent = short_answer_intent(text) if unsure and not text.startswith("/") else None
            if intent:
                chosen = {"name": intent, "confidence": 1.0}
                message.data[INTENT] = chosen
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                           if r.get("name") not in (intent, DEFAULT_NLU_FALLBACK_INTENT_NAME)]
                message.data[INTENT_RANKING_KEY] = [chosen, *ranking]
        return messages
