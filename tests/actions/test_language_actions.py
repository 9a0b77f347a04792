"""The actions in Chinese: composed texts follow the `language` slot; session start applies the
channel's default; a button's language-neutral answer is read from its `answer` entity."""

from __future__ import annotations

import asyncio
import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.screening import (
    ActionAskFactsConfirmed,
    ActionAssessEligibility,
    ValidateScreeningForm,
)
from actions.screening_control import ActionExplainQuestion
from actions.session import ActionSessionStart
from actions.topics import ActionSuggestTopics
from tests.actions.conftest import DOMAIN, run, tracker

LATIN_WORD = re.compile(r"\b[a-z]{3,}\b")
CRIMINAL_MINOR = {"case_type": "criminal", "role": "suspect_or_defendant", "age": 16,
                  "has_lawyer": False, "facts_confirmed": True}


def events_of(events: list[dict]) -> list[tuple]:
    return [(e["event"], e.get("name"), e.get("value")) for e in events]


def test_the_assessment_in_chinese_cites_articles_the_chinese_way():
    messages, _ = run(ActionAssessEligibility(), tracker(slots={**CRIMINAL_MINOR,
                                                                "language": "zh"}))
    assessment, articles = messages
    assert assessment["outcome"].startswith("结论：应当免费为您指派律师")
    assert "《法律援助法》第二十五条第一款第（一）项" in assessment["reasons"]
    assert "第三十六条" in assessment["steps"] and "12348" in assessment["steps"]
    assert "法律援助机构" in assessment["outcome"]
    assert not LATIN_WORD.search(assessment["reasons"] + assessment["steps"])
    assert articles["buttons"][0]["title"] == "《法律援助法》第二十五条"
    assert articles["buttons"][0]["payload"] == \
        '/ask_article{"law": "legal_aid_law", "article": "25"}'


def test_the_same_assessment_in_english_is_unchanged():
    messages, _ = run(ActionAssessEligibility(), tracker(slots=CRIMINAL_MINOR))
    assert messages[0]["outcome"].startswith("Outcome: a lawyer must be appointed")
    assert messages[1]["buttons"][0]["title"] == "Legal Aid Law art. 25"


def test_the_summary_in_chinese():
    slots = {"case_type": "civil", "matter": "employment_or_wages", "has_lawyer": False,
             "household_monthly_income": 1500, "screening_unknown": ["province"],
             "language": "zh"}
    [message] = run(ActionAskFactsConfirmed(), tracker(slots=slots))[0]
    assert message["response"] == "utter_summary"
    assert "- 案件类型：民事" in message["summary"]
    assert "- 事项：请求支付劳动报酬" in message["summary"]
    assert "- 家庭月收入：1500元" in message["summary"]
    assert "- 省份：不知道" in message["summary"]


def test_why_and_not_understood_in_chinese():
    slots = {"requested_slot": "disability", "language": "zh", "case_type": "criminal"}
    [message] = run(ActionExplainQuestion(), tracker(slots=slots))[0]
    assert "第二十五条第一款第（二）项" in message["why"]
    messages, _ = run(ValidateScreeningForm(), tracker("嗯嗯嗯", "inform", slots=slots))
    assert messages[0]["response"] == "utter_not_understood"
    assert "没有残疾" in messages[0]["example"]


def test_a_button_answer_is_read_from_its_answer_entity():
    slots = {"requested_slot": "disability", "language": "zh", "case_type": "criminal",
             "role": "suspect_or_defendant", "has_lawyer": False, "age": 30}
    entities = [{"entity": "answer", "value": "blind"}]
    _, events = run(ValidateScreeningForm(), tracker('/inform{"answer": "blind"}', "inform",
                                                     slots=slots, entities=entities))
    assert ("slot", "disability", "visual") in events_of(events)


def test_a_language_switch_interrupts_the_question_without_a_complaint():
    slots = {"requested_slot": "has_lawyer", "case_type": "criminal"}
    messages, events = run(ValidateScreeningForm(), tracker("English please", "switch_language",
                                                            slots=slots))
    assert messages == []
    assert not any(e.get("name") == "has_lawyer" for e in events)


def test_suggested_topics_in_chinese_send_chinese_questions():
    parse = {"text": "援助", "intent": {"name": "nlu_fallback"},
             "intent_ranking": [{"name": "faq", "confidence": 0.5}],
             "response_selector": {"faq": {"ranking": [
                 {"intent_response_key": "faq/is_it_free", "confidence": 0.9}]}}}
    zh = Tracker("user", {"language": "zh"}, parse, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSuggestTopics().run(dispatcher, zh, DOMAIN))
    assert dispatcher.messages[0]["buttons"] == [
        {"title": "法律援助收费吗？", "payload": "法律援助收费吗？"}]


def session_start(slots: dict) -> list[dict]:
    start = Tracker("user", slots, {}, [], False, None, {}, "action_listen")
    return asyncio.run(ActionSessionStart().run(CollectingDispatcher(), start, DOMAIN))


def test_session_start_takes_the_channels_default_language():
    events = session_start({"session_started_metadata": {"language": "zh"}})
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert events[1]["name"] == "language" and events[1]["value"] == "zh"


def test_session_start_keeps_the_language_already_chosen_and_nothing_else():
    events = session_start({"language": "en", "age": 16,
                            "session_started_metadata": {"language": "zh"}})
    assert [(e["event"], e.get("name"), e.get("value")) for e in events[:2]] == [
        ("session_started", None, None), ("slot", "language", "en")]
    assert len(events) == 3


def test_session_start_without_a_default_sets_no_language():
    for metadata in (None, {}, {"language": "fr"}, "zh"):
        events = session_start({"session_started_metadata": metadata})
        assert [e["event"] for e in events] == ["session_started", "action"]
