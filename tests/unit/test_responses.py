"""Every response exists in both languages, the project chooses a variation exactly as Rasa's
own NLG does (bot/responses.py against TemplatedNaturalLanguageGenerator), and the article
button is built once."""

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
from bot.responses import (
    article_button,
    language_slots,
    localized_responses,
    project_responses,
    response_text,
    variation,
)

HAN = re.compile(r"[\u4e00-\u9fff]")
# Responses whose Chinese text is only placeholders or symbols.
NO_WORDS = {"utter_why", "utter_summary_line", "utter_money", "utter_article_button_title",
            "utter_article_untranslated"}


RESPONSES = project_responses()  # checked against Rasa's own domain below


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


def test_localized_responses_are_rasas_choice_made_when_read():
    """The lazy mapping gives, for each response, what choosing every one up front gives."""
    for language in ("zh", "en", None):
        slots = language_slots(language)
        localized = localized_responses(RESPONSES, slots, "rest")
        assert localized.get("utter_nothing_like_it") is None
        assert "utter_nothing_like_it" not in localized
        eager = {name: variation(RESPONSES, name, slots, "rest") for name in RESPONSES}
        assert {name: value[0] for name, value in localized.items()} == {
            name: {k: v for k, v in value.items() if k != "condition"}
            for name, value in eager.items()}
    untouched = localized_responses(RESPONSES, language_slots("zh"))
    assert untouched["utter_greet"][0]["text"].startswith("您好")
    assert response_text({"responses": untouched}, "utter_goodbye").startswith("再见")
    assert untouched
    # nothing else was chosen (a truth test once chose all 300-odd of them)
    assert set(untouched._chosen) <= {"utter_greet", "utter_goodbye", next(iter(RESPONSES))}


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


ZH = [{"type": "slot", "name": "language", "value": "zh"}]
DOMAIN = {"responses": {
    "utter_greet": [{"text": "Hello {name}"}, {"text": "你好{name}", "condition": ZH}],
    "utter_article_button_title": [{"text": "{law_name} art. {number}"},
                                   {"text": "{law_name}{label_zh}", "condition": ZH}],
    "utter_law_name_legal_aid_law": [{"text": "Legal Aid Law"},
                                     {"text": "《法律援助法》", "condition": ZH}],
}}


def test_the_text_is_the_one_rasas_generator_utters():
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN["responses"])
    for slots in ({"language": "zh"}, {"language": "en"}, {}, {"language": None}):
        rasas = nlg.generate_from_slots("utter_greet", slots, "rest", name="Li")["text"]
        assert response_text(DOMAIN, "utter_greet", slots, name="Li") == rasas
    assert response_text(DOMAIN, "utter_greet", {"language": "zh"}, name="Li") == "你好Li"
    assert response_text(DOMAIN, "utter_greet", name="Li") == "Hello Li"


def test_a_missing_placeholder_or_response_never_shows_raw():
    assert response_text(DOMAIN, "utter_greet") == "Hello ?"
    assert response_text(DOMAIN, "utter_nothing_like_it") == ""
    assert variation(DOMAIN["responses"], "utter_nothing_like_it", {}) is None


def test_the_article_button_in_each_language():
    assert article_button(DOMAIN, "legal_aid_law", 25) == {
        "title": "Legal Aid Law art. 25",
        "payload": '/ask_article{"law": "legal_aid_law", "article": "25"}'}
    assert article_button(DOMAIN, "legal_aid_law", "25", {"language": "zh"})["title"] == (
        "《法律援助法》第二十五条")
    # a localized domain (one variation per response, as the actions use it) needs no slots
    localized = {"responses": localized_responses(DOMAIN["responses"], language_slots("zh"))}
    assert article_button(localized, "legal_aid_law", 25)["title"] == "《法律援助法》第二十五条"


def test_every_law_of_the_knowledge_base_has_a_name_for_its_buttons():
    for law in yaml.safe_load((DATA_DIR / "regulations" / "laws.yml").read_text("utf-8"))["laws"]:
        assert f"utter_law_name_{law['id']}" in RESPONSES
        button = article_button({"responses": RESPONSES}, law["id"], 1)
        # the 2003 Regulations' name carries their status (legal audit P2-1)
        assert button["title"].startswith(law["short_en"]) and button["title"].endswith(" art. 1")


def test_every_outcome_begins_the_same_way_in_each_language():
    """Readers (and tests/production/dialogue.py) find the outcome by its first word."""
    for name in (n for n in RESPONSES if n.startswith("utter_outcome_")):
        assert variation(RESPONSES, name, language_slots("en"))["text"].startswith("Outcome:"), name
        assert variation(RESPONSES, name, language_slots("zh"))["text"].startswith("结论："), name


def test_no_law_name_is_marked_twice():
    # The Chinese names carry their own 《》 (the regulations' adds its status after them); a
    # template adding 《》 again gave 《《法律援助条例》（2003年；…）》第十七条.
    domain = {"responses": RESPONSES}
    for law in yaml.safe_load((DATA_DIR / "regulations" / "laws.yml").read_text("utf-8"))["laws"]:
        title = article_button(domain, law["id"], 17, {"language": "zh"})["title"]
        assert title.startswith("《") and "《《" not in title and "》》" not in title, title
        assert title.endswith("第十七条"), title
    for name in ("utter_law_assumed", "utter_no_such_article"):
        for text in (v["text"] for v in domain["responses"][name]):
            assert "《{law_name}》" not in text, name


def test_the_action_servers_responses_are_those_rasa_trains_into_the_domain():
    """With selective domain (endpoints.yml) the actions read the project's responses instead
    of the domain Rasa would send: they must be the domain Rasa builds from the training data."""
    from rasa.shared.importers.importer import TrainingDataImporter

    from bot.paths import REPO_ROOT

    importer = TrainingDataImporter.load_from_config(
        str(REPO_ROOT / "config.yml"), str(DOMAIN_FILE), [str(DATA_DIR)])
    assert project_responses() == importer.get_domain().as_dict()["responses"]
    endpoints = yaml.safe_load((REPO_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True
