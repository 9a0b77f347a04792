"""Every response exists in both languages, and the project chooses a variation exactly as
Rasa's own NLG does (bot/responses.py against TemplatedNaturalLanguageGenerator)."""

from __future__ import annotations

import asyncio
import copy
import re

import pytest
import yaml
from rasa.core.nlg import interpolator
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.validation import language_problems
from bot.paths import DATA_DIR, DOMAIN_FILE
from bot.responses import language_slots, localized_responses, variation

HAN = re.compile(r"[\u4e00-\u9fff]")
# Responses whose Chinese text is only placeholders or symbols.
NO_WORDS = {"utter_why", "utter_summary_line", "utter_money", "utter_article_button_title",
            "utter_article_untranslated"}


def all_responses() -> dict[str, list[dict]]:
    responses = dict(yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"])
    for path in sorted((DATA_DIR / "responses").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    return responses


RESPONSES = all_responses()


@pytest.mark.parametrize("language", ["zh", "en", None])
def test_the_variation_is_the_one_rasas_nlg_utters(language):
    nlg = TemplatedNaturalLanguageGenerator(RESPONSES)
    domain = Domain.from_yaml(DOMAIN_FILE.read_text(encoding="utf-8"))
    tracker = DialogueStateTracker.from_events("someone", [], slots=domain.slots)
    if language:
        tracker.update(SlotSet("language", language))
    slots = tracker.current_slot_values()
    for name in RESPONSES:
        expected = asyncio.run(nlg.generate(name, tracker, "rest"))
        chosen = variation(RESPONSES, name, slots, "rest")
        assert chosen is not None, name
        filled = interpolator.interpolate(copy.deepcopy(chosen), slots)  # as Rasa fills it
        assert filled["text"] == expected["text"], name
        assert filled.get("buttons") == expected.get("buttons"), name


def test_chinese_is_chosen_for_zh_and_english_otherwise():
    for name in RESPONSES:
        zh = variation(RESPONSES, name, language_slots("zh"))
        en = variation(RESPONSES, name, language_slots("en"))
        unset = variation(RESPONSES, name, language_slots(None))
        assert en == unset, name
        assert zh != en, name
        if name not in NO_WORDS:
            assert HAN.search(zh["text"]), name
        if zh.get("buttons"):
            assert all(HAN.search(b["title"]) or b["title"].isdigit() or b["title"] == "English"
                       for b in zh["buttons"]), name


def test_localized_responses_keep_one_variation_each():
    localized = localized_responses(RESPONSES, language_slots("zh"))
    assert set(localized) == set(RESPONSES)
    assert all(len(variations) == 1 for variations in localized.values())
    assert localized["utter_greet"][0]["text"].startswith("您好")


def test_every_response_has_its_chinese_variation():
    assert language_problems(RESPONSES) == []


def test_a_response_without_chinese_fails_validation():
    broken = {"utter_x": [{"text": "Hello"}],
              "utter_y": [{"text": "Yes?", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
                          {"condition": [{"type": "slot", "name": "language", "value": "zh"}],
                           "text": "是吗？", "buttons": [{"title": "是", "payload": "是"}]}]}
    found = language_problems(broken)
    assert any("'utter_x' has no Chinese variation" in message for message in found)
    assert any("'utter_y'" in message and "payloads" in message for message in found)


def test_the_same_placeholders_in_both_languages():
    """A Chinese text may leave out an English-only variable (text_en where there is none), but
    uses no variable that the English one is not given."""
    field = re.compile(r"{(\w+)}")
    for name in RESPONSES:
        zh = set(field.findall(variation(RESPONSES, name, language_slots("zh"))["text"]))
        en = set(field.findall(variation(RESPONSES, name, language_slots("en"))["text"]))
        extra = zh - en - {"label_zh", "law_name_zh", "chapter_label_zh", "chapter_title_zh",
                           "text_zh", "current_zh"}
        assert not extra, (name, extra)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_examples_a_re_ask_gives_are_understood(language):
    """What utter_example_<fact> tells the user to type is read as an answer to that fact."""
    from bot.screening.answers import parse_answer

    quoted = re.compile(r"“([^”]+)”" if language == "zh" else r'"([^"]+)"')
    for name in RESPONSES:
        if not name.startswith("utter_example_"):
            continue
        fact = name.removeprefix("utter_example_")
        text = variation(RESPONSES, name, language_slots(language))["text"]
        examples = quoted.findall(text)
        if language == "en" and not examples:
            examples = ["yes", "no"]  # "Please answer yes or no."
        assert examples, name
        for example in examples:
            assert parse_answer(fact, example).understood, (name, example)
