"""Rasa NLU component: the conversation's language as a `language` entity (bot/nlu/language.py).

In config.yml, after the intent classifiers and the fallbacks (it reads the final intent):

    - name: bot.nlu.language_detector.LanguageDetector
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LANGUAGE_ENTITY, message_language
from bot.nlu.untrained import UntrainedComponent
from bot.screening.vocabulary import province_names


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(UntrainedComponent, EntityExtractorMixin):
    """Adds a `language` entity to every message whose text decides a language.

    Placed after the intent classifiers (and the fallbacks), so that a switch request is known.
    A button payload ("/affirm") is replaced afterwards by Rasa's RegexMessageHandler with its
    own intent and entities: payloads never change the language unless they carry
    {"language": ...}, as the help menu's language button does.
    """

    def __init__(self) -> None:
        self.place_names = frozenset(name.casefold() for names in province_names().values()
                                     for name in names)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith("/"):
                continue
            intent = (message.get(INTENT) or {}).get("name")
            language = message_language(text, intent, self.place_names)
            if language is None:
                continue
            entity = {"entity": LANGUAGE_ENTITY, "value": language, "start": 0,
                      "end": len(text), "confidence": 1.0, "extractor": self.name}
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages
