"""Reading free-text answers to screening questions (bot/screening/answers.py)."""

import pytest

from bot.screening.answers import corrections, opening_facts, parse_answer, parse_province


@pytest.mark.parametrize("slot, text, intent, expected", [
    ("case_type", "it's a criminal case", "inform", {"case_type": "criminal"}),
    ("case_type", "Civil matter", None, {"case_type": "civil"}),
    ("case_type", "行政案件", None, {"case_type": "administrative"}),
    ("role", "I am the suspect or defendant", None, {"role": "suspect_or_defendant"}),
    ("role", "I'm the victim", None, {"role": "victim"}),
    ("role", "I am a private prosecutor", None, {"role": "private_prosecutor"}),
    ("role", "我是被害人", None, {"role": "victim"}),
    ("matter", "my boss hasn't paid me for 3 months", None, {"matter": "employment_or_wages"}),
    ("matter", "my husband beats me", None,
     {"matter": "abuse_abandonment_domestic_violence"}),
    ("matter", "child support", None, {"matter": "support_payments"}),
    ("matter", "a traffic accident", None, {"matter": "personal_injury"}),
    ("matter", "拖欠工资", None, {"matter": "employment_or_wages"}),
    ("matter", "something else", None, {"matter": "other"}),
    ("disability", "blind", None, {"disability": "visual"}),
    ("disability", "no disability", None, {"disability": "none"}),
    ("has_lawyer", "no", "deny", {"has_lawyer": False}),
    ("has_lawyer", "whatever", "affirm", {"has_lawyer": True}),
    ("has_lawyer", "没有", None, {"has_lawyer": False}),
    ("social_assistance", "我在低保", "inform", {"social_assistance": True}),
    ("social_assistance", "I am not on dibao", None, {"social_assistance": False}),
    ("no_fixed_income_vulnerable", "I have no fixed income", None,
     {"no_fixed_income_vulnerable": True}),
    ("migrant_worker_wage_or_injury", "I am a migrant worker", None,
     {"migrant_worker_wage_or_injury": True}),
    ("age", "I'm 16", None, {"age": 16}),
    ("age", "45", None, {"age": 45}),
    ("age", "我十六岁", None, {"age": 16}),
    ("age", "I am a minor", None, {"is_minor": True}),
    ("household_monthly_income", "about 2,000 yuan a month", None,
     {"household_monthly_income": 2000}),
    ("household_monthly_income", "两千", None, {"household_monthly_income": 2000}),
    ("household_size", "family of four", None, {"household_size": 4}),
    ("household_size", "5", None, {"household_size": 5}),
    ("province", "I live in Guangdong", None, {"province": "广东"}),
    ("province", "四川", None, {"province": "四川"}),
    ("facts_confirmed", "Yes", "affirm", {"facts_confirmed": True}),
    ("facts_confirmed", "No", "deny", {"facts_confirmed": False}),
])
def test_answers_are_read(slot, text, intent, expected):
    assert parse_answer(slot, text, intent).facts == expected


@pytest.mark.parametrize("text, intent", [
    ("I don't know", None), ("not sure", None), ("skip", None), ("不知道", None),
    ("hmm", "dont_know")])
def test_dont_know_is_an_answer(text, intent):
    answer = parse_answer("household_monthly_income", text, intent)
    assert answer.dont_know and answer.understood and not answer.facts


@pytest.mark.parametrize("slot, text", [
    ("case_type", "banana"), ("age", "old enough"), ("province", "Atlantis"),
    ("household_size", "lots")])
def test_nonsense_is_not_understood(slot, text):
    assert not parse_answer(slot, text).understood


def test_corrections_need_an_explicit_cue():
    assert corrections("actually I'm 17", {"age"}) == {"age": 17}
    assert corrections("we are a family of 5", set()) == {"household_size": 5}
    assert corrections("17", {"age"}) == {}


def test_choice_corrections_only_with_the_correct_intent():
    assert corrections("sorry, I meant civil", {"case_type"}, "correct") == {"case_type": "civil"}
    assert corrections("sorry, I meant civil", {"case_type"}, "inform") == {}


@pytest.mark.parametrize("text, expected", [
    ("my boss hasn't paid me for 3 months, can you help me",
     {"case_type": "civil", "matter": "employment_or_wages"}),
    ("I was arrested, can I get a free lawyer?",
     {"case_type": "criminal", "role": "suspect_or_defendant"}),
    ("am I eligible for legal aid?", {}),
])
def test_the_opening_message_prefills_what_it_says(text, expected):
    assert opening_facts(text) == expected


def test_province_names_in_both_languages():
    assert parse_province("Inner Mongolia") == "内蒙古"
    assert parse_province("我在北京") == "北京"
