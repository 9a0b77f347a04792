"""bot/responses.py chooses a response's variation as Rasa's NLG does, and builds the article
button once."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

from bot.paths import DATA_DIR, DOMAIN_FILE
from bot.responses import article_button, response_text, variation, variations

ZH = [{"type": "slot", "name": "language", "value": "zh"}]
DOMAIN = {"responses": {
    "utter_greet": [{"text": "Hello {name}"}, {"text": "你好{name}", "condition": ZH}],
    "utter_article_button_title": [{"text": "{law_name} art. {number}"},
                                   {"text": "《{law_name}》第{number}条", "condition": ZH}],
    "utter_law_name_legal_aid_law": [{"text": "Legal Aid Law"},
                                     {"text": "法律援助法", "condition": ZH}],
}}

slot_values = st.sampled_from(["zh", "ZH", "en", None, 1, True])
conditions = st.lists(st.fixed_dictionaries({
    "type": st.just("slot"), "name": st.sampled_from(["language", "channel_kind"]),
    "value": slot_values}), min_size=1, max_size=2)
a_variation = st.builds(
    lambda text, condition, channel: {"text": text,
                                      **({"condition": condition} if condition else {}),
                                      **({"channel": channel} if channel else {})},
    st.text(max_size=5), st.one_of(st.none(), conditions),
    st.sampled_from([None, None, "rest", "socketio"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(a_variation, min_size=1, max_size=5),
       st.dictionaries(st.sampled_from(["language", "channel_kind"]), slot_values),
       st.sampled_from([None, "rest", "socketio"]))
def test_the_variations_that_fit_are_rasas(every, slots, channel):
    rasas = ResponseVariationFilter({"utter_x": every}).responses_for_utter_action(
        "utter_x", channel, slots)
    assert variations({"responses": {"utter_x": every}}, "utter_x", slots, channel) == rasas


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
    assert variation(DOMAIN, "utter_nothing_like_it") == {}


def test_the_article_button_in_each_language():
    assert article_button(DOMAIN, "legal_aid_law", 25) == {
        "title": "Legal Aid Law art. 25",
        "payload": '/ask_article{"law": "legal_aid_law", "article": "25"}'}
    assert article_button(DOMAIN, "legal_aid_law", "25", {"language": "zh"})["title"] == (
        "《法律援助法》第25条")


def test_every_law_of_the_knowledge_base_has_a_name_for_its_buttons():
    responses = yaml.safe_load(DOMAIN_FILE.read_text("utf-8"))["responses"]
    for path in (DATA_DIR / "responses").glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text("utf-8")).get("responses") or {})
    laws = yaml.safe_load((DATA_DIR / "regulations" / "laws.yml").read_text("utf-8"))["laws"]
    for law in laws:
        assert f"utter_law_name_{law['id']}" in responses
        button = article_button({"responses": responses}, law["id"], 1)
        # the 2003 Regulations' name carries their status (legal audit P2-1)
        assert button["title"].startswith(law["short_en"]) and button["title"].endswith(" art. 1")
