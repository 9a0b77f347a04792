"""Reading free-text answers to screening questions (bot/screening/answers.py)."""

import pytest
import yaml

from bot.eligibility import MATTER_CODES, OTHER
from bot.eligibility.facts import ROLES
from bot.paths import DATA_DIR
from bot.screening.answers import corrections, opening_facts, parse_answer, parse_province
from bot.screening.vocabulary import ANSWERS_FILE


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
    ("has_fixed_livelihood", "I have no fixed income", None, {"has_fixed_livelihood": False}),
    ("has_fixed_livelihood", "没有固定收入", None, {"has_fixed_livelihood": False}),
    ("has_fixed_livelihood", "yes, a pension", None, {"has_fixed_livelihood": True}),
    ("vulnerable_group", "I'm 70, elderly", None, {"vulnerable_group": True}),
    ("vulnerable_group", "no disability", None, {"vulnerable_group": False}),
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


# Legal audit P1-3, P1-5, P1-6, P1-7 (issue 17): vocabulary that gave a wrong legal outcome.
@pytest.mark.parametrize("slot, text, expected", [
    # P1-3: a bare "retrial" is art. 33 (financial test), not 32(3)
    ("matter", "I want a retrial of my divorce case", {"matter": "retrial_or_protest"}),
    ("matter", "我申请再审", {"matter": "retrial_or_protest"}),
    ("matter", "I was acquitted on retrial and want compensation",
     {"matter": "retrial_acquittal_compensation"}),
    # P1-5: traffic / medical accidents are not work injuries; 确认劳动关系 alone is not wages
    ("matter", "a traffic accident", {"matter": "personal_injury"}),
    ("matter", "I was injured at work", {"matter": "work_injury"}),
    ("matter", "工伤", {"matter": "work_injury"}),
    ("matter", "确认劳动关系", {"matter": "employment_relationship"}),
    # P1-6: "no income" says nothing about the art. 42(1) group: the question is asked again
    ("vulnerable_group", "我35岁，没有收入", {}),
    ("vulnerable_group", "I have no income", {}),
    ("vulnerable_group", "没有收入", {}),
    # P1-7: "hero" in a story is not a hero's or martyr's reputation
    ("matter", "the hero of my story: a car hit me", {}),
    ("matter", "my grandfather was a martyr and a blogger insults his name", {}),
    ("matter", "有人侮辱英雄烈士", {"matter": "hero_martyr_reputation"}),
    # P4-7: roles the screening lacked
    ("role", "I am the victim's relative", {"role": "victim_relative_or_representative"}),
    ("role", "我是被害人的近亲属", {"role": "victim_relative_or_representative"}),
    ("role", "compulsory medical treatment", {"role": "compulsory_treatment_respondent"}),
])
def test_audit_vocabulary(slot, text, expected):
    assert parse_answer(slot, text).facts == expected


def test_no_generic_income_phrase_answers_the_group_question():
    vocabulary = yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))
    assert "no_fixed_income_vulnerable" not in vocabulary["fact_yes"]
    for phrase in vocabulary["fact_yes"]["vulnerable_group"]:
        assert "income" not in phrase and "收入" not in phrase


def test_every_art_31_32_33_matter_is_a_button_before_none_of_these():
    """P1-2: nobody reaches "probably outside" without having seen every listed matter."""
    responses = yaml.safe_load((DATA_DIR / "responses" / "screening.yml").read_text(
        encoding="utf-8"))["responses"]
    for variation in responses["utter_ask_matter"]:
        chosen = [parse_answer("matter", b["payload"]).facts.get("matter")
                  for b in variation["buttons"]]
        assert set(MATTER_CODES) <= set(chosen), set(MATTER_CODES) - set(chosen)
        assert chosen.index(OTHER) > max(chosen.index(code) for code in MATTER_CODES
                                         if code != OTHER)


def test_every_role_is_a_button():
    responses = yaml.safe_load((DATA_DIR / "responses" / "screening.yml").read_text(
        encoding="utf-8"))["responses"]
    for variation in responses["utter_ask_role"]:
        chosen = {parse_answer("role", b["payload"]).facts.get("role")
                  for b in variation["buttons"]}
        assert set(ROLES) - {"party"} <= chosen  # "party" is a civil role, never asked
