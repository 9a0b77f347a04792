"""Rasa NLU tokenizer for English and Chinese in one model: whitespace words, Chinese cut by jieba.

Rasa's WhitespaceTokenizer leaves "老板拖欠工资三个月了" as one token, so the word features
never see 工资; Rasa's JiebaTokenizer supports only a pipeline declared `language: zh`. This
tokenizer is the WhitespaceTokenizer (English messages are tokenized exactly as before) with
every token that holds Chinese characters cut again by jieba, using the knowledge base's
dictionary and legal vocabulary (bot/kb/zh_dictionary.txt, synonyms.yml `zh_words`), so that
the NLU and the statute search cut Chinese the same way. Words outside that dictionary are cut
by jieba's HMM; the character n-gram featurizer still sees every character. (Rasa's
WhitespaceTokenizer also drops an all-Chinese word next to a Latin one as an "emoji".)

The jieba.Tokenizer is the knowledge base's own (`bot.kb.analysis.chinese_segmenter`).

In config.yml, in place of WhitespaceTokenizer:

    - name: bot.nlu.bilingual_tokenizer.BilingualTokenizer
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.kb.analysis import chinese_segmenter
from bot.nlu.language import HAN

WORDLIKE = re.compile(r"\w")


def split_chinese(token: Token) -> list[Token]:
    """`token` itself, or its jieba words (punctuation dropped) if it holds Chinese."""
    if not HAN.search(token.text):
        return [token]
    return [Token(word, token.start + start)
            for word, start, _ in chinese_segmenter().tokenize(token.text)
            if WORDLIKE.search(word)] or [token]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class BilingualTokenizer(WhitespaceTokenizer):
    @staticmethod
    def not_supported_languages() -> list[str] | None:
        return None

    @staticmethod
    def required_packages() -> list[str]:
        return ["jieba"]

    def remove_emoji(self, text: str) -> str:
        # Rasa's emoji pattern spans U+24C2..U+1F251, all of Chinese: WhitespaceTokenizer drops
        # "你好" from "hello 你好" as an emoji. A token with a letter or a digit is kept.
        return text if WORDLIKE.search(text) else super().remove_emoji(text)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        return [piece for token in tokens for piece in split_chinese(token)]
