"""The tokenizer for both languages (bot/nlu/bilingual_tokenizer.py): English as Rasa's
WhitespaceTokenizer cuts it, Chinese cut into words by jieba, offsets into the original text."""

from __future__ import annotations

import re

import pytest
import yaml
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.bilingual_tokenizer import BilingualTokenizer
from bot.paths import REPO_ROOT

HAN = re.compile(r"[\u3400-\u9fff]")


def words(tokenizer, text: str) -> list[str]:
    return [token.text for token in tokenizer.tokenize(Message({"text": text}), "text")]


@pytest.fixture(scope="module")
def bilingual() -> BilingualTokenizer:
    return BilingualTokenizer(BilingualTokenizer.get_default_config())


@pytest.mark.parametrize("text, expected", [
    ("老板拖欠工资三个月了，能申请法律援助吗",
     ["老板", "拖欠", "工资", "三个", "月", "了", "能", "申请", "法律援助", "吗"]),
    ("农民工被拖欠工资能申请法律援助吗",
     ["农民工", "被", "拖欠", "工资", "能", "申请", "法律援助", "吗"]),
    ("法律援助法第三十一条", ["法律援助", "法", "第三十一条"]),
    ("can i get 法律援助", ["can", "i", "get", "法律援助"]),
    # Rasa's emoji pattern covers all of Chinese: WhitespaceTokenizer would drop 你好 here.
    ("hello 你好", ["hello", "你", "好"]),
    ("我 🙂", ["我"]),
])
def test_chinese_is_cut_into_words(bilingual, text, expected):
    assert words(bilingual, text) == expected


def test_offsets_point_into_the_original_text(bilingual):
    text = "hi，老板欠我1500元！ can you help"
    for token in bilingual.tokenize(Message({"text": text}), "text"):
        assert text[token.start:token.end] == token.text


def test_english_training_phrasings_are_cut_as_before(bilingual):
    """Every English phrasing of the training data gets the WhitespaceTokenizer's tokens."""
    whitespace = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    english = []
    for path in sorted((REPO_ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            english += [line.strip()[2:] for line in block.get("examples", "").splitlines()
                        if line.strip().startswith("- ") and not HAN.search(line)]
    assert len(english) > 2000
    for text in english:
        assert words(bilingual, text) == words(whitespace, text), text
