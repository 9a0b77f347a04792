"""The conversation's language from a message: dominant script, switch requests, metadata."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import (
    message_language,
    metadata_language,
    requested_language,
    script_language,
)
from bot.nlu.language_detector import LanguageDetector


@pytest.mark.parametrize(("text", "expected"), [
    ("我想申请法律援助", "zh"),
    ("who can get legal aid?", "en"),
    ("學生怎麼申請法律援助", "zh"),            # traditional characters are Han too
    ("我没有lawyer", "zh"),                    # 3 Han characters against 1 Latin word
    ("what is the minimum living allowance (低保)?", "en"),
    ("I'm 16", "en"),
    ("16岁", "zh"),
    ("1500", None),                            # neither: the current language stays
    ("？！", None),
    ("", None),
    ("what is 低保", None),                    # a tie (2 against 2) decides nothing
])
def test_the_dominant_script_decides(text, expected):
    assert script_language(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("请用中文", "zh"), ("说中文", "zh"), ("speak Chinese", "zh"), ("in Mandarin please", "zh"),
    ("English please", "en"), ("speak English", "en"), ("说英语", "en"), ("请用英文回答", "en"),
    ("change the language", None), ("中文还是英文", None),
])
def test_a_switch_request_names_its_language(text, expected):
    assert requested_language(text) == expected


def test_a_switch_request_wins_over_the_script_only_when_it_is_one():
    assert message_language("说英语", "switch_language") == "en"
    assert message_language("speak Chinese", "switch_language") == "zh"
    # naming a language in a question is not a request: the script decides
    assert message_language("what is legal aid in Chinese", "faq") == "en"
    assert message_language("change the language", "switch_language") == "en"  # its script


def test_a_place_name_alone_keeps_the_language():
    names = frozenset({"四川", "sichuan"})
    assert message_language("四川", "inform", names) is None
    assert message_language(" Sichuan ", "inform", names) is None
    assert message_language("四川省", "inform", names) == "zh"  # not one of the names
    assert message_language("四川", "inform") == "zh"           # without names, the script


def test_metadata_gives_a_known_language_only():
    assert metadata_language({"language": "zh"}) == "zh"
    assert metadata_language({"language": "fr"}) is None
    assert metadata_language("zh") is None
    assert metadata_language(None) is None


def process(text: str, intent: str | None = None) -> list[dict]:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    LanguageDetector.create({}, None, None, None).process([message])
    return message.get(ENTITIES) or []


def test_the_component_adds_a_language_entity_for_the_slot():
    [entity] = process("我被拖欠工资了")
    assert (entity["entity"], entity["value"]) == ("language", "zh")
    [entity] = process("说英语", "switch_language")
    assert entity["value"] == "en"


def test_no_entity_when_the_message_decides_nothing_or_is_a_payload():
    assert process("3000") == []
    assert process("四川") == [] and process("Sichuan.") == []  # a province alone, either script
    assert process("廣東！") == []                              # traditional, with punctuation
    assert process("我在四川")[0]["value"] == "zh"               # a sentence still decides
    assert process("/affirm", "affirm") == []
    assert process('/inform{"answer": "blind"}', "inform") == []


def test_entities_found_before_are_kept():
    message = Message(data={TEXT: "我16岁", ENTITIES: [{"entity": "age", "value": 16}]})
    LanguageDetector.create({}, None, None, None).process([message])
    assert [e["entity"] for e in message.get(ENTITIES)] == ["age", "language"]
