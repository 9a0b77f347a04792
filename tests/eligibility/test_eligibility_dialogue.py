"""next_questions drives the dialogue: it asks only what can still change the answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.eligibility import FACT_NAMES, Facts, Outcome, StandardsTable, assess, next_questions

NO_EXEMPTIONS = dict(social_assistance=False, judicial_assistance=False, special_care=False,
                     vulnerable_group=False)
FINANCES = ["province", "household_monthly_income", "household_size"]
TODAY = date(2024, 6, 1)


def test_a_new_conversation_asks_the_case_type_first():
    assert next_questions(Facts()) == ["case_type"]
    assert next_questions(Facts(case_type="criminal")) == ["role"]
    assert next_questions(Facts(case_type="civil")) == ["matter"]
    assert next_questions(Facts(case_type="administrative")) == ["matter"]


def test_criminal_suspect_who_is_16_needs_nothing_more():
    facts = Facts(case_type="criminal", role="suspect_or_defendant", has_lawyer=False, age=16)
    assert next_questions(facts) == []
    # whether a defender was hired still matters (art. 25 "没有委托辩护人")
    assert next_questions(replace(facts, has_lawyer=None)) == ["has_lawyer"]


def test_suspect_questions_follow_art_25_and_never_ask_finances():
    facts = Facts(case_type="criminal", role="suspect_or_defendant", has_lawyer=False)
    assert next_questions(facts) == ["age", "disability", "limited_capacity",
                                     "faces_life_or_death", "death_penalty_review",
                                     "tried_in_absentia", "compulsory_medical_treatment"]
    assert next_questions(replace(facts, faces_life_or_death=True)) == []


def test_dont_know_is_never_asked_again_and_keeps_the_floor():
    facts = Facts(case_type="criminal", role="suspect_or_defendant", has_lawyer=False, age=40,
                  disability="none", limited_capacity=False, death_penalty_review=False,
                  tried_in_absentia=False, compulsory_medical_treatment=False)
    assert next_questions(facts) == ["faces_life_or_death"]
    assert next_questions(facts, unknown={"faces_life_or_death"}) == []
    result = assess(facts, unknown={"faces_life_or_death"})
    assert result.outcome is Outcome.MAY_APPLY_AS_DEFENDANT
    assert result.unknown == ("faces_life_or_death",)


def test_an_unknown_exemption_is_treated_as_not_proven():
    facts = Facts(case_type="civil", matter="support_payments", has_lawyer=False,
                  social_assistance=False, vulnerable_group=False, special_care=False)
    result = assess(facts, unknown={"judicial_assistance", "province"})
    assert result.outcome is Outcome.ELIGIBLE_IF_FINANCIALLY_DIFFICULT
    assert result.unknown == ("judicial_assistance",)  # the province only refines
    assert result.missing == ()


def test_the_art_42_1_waiver_needs_the_group_and_no_fixed_livelihood():
    facts = Facts(case_type="civil", matter="support_payments", has_lawyer=False,
                  social_assistance=False, special_care=False, judicial_assistance=False)
    assert "has_fixed_livelihood" not in next_questions(replace(facts, vulnerable_group=False))
    assert next_questions(replace(facts, vulnerable_group=True))[0] == "has_fixed_livelihood"
    waived = assess(replace(facts, vulnerable_group=True, has_fixed_livelihood=False))
    assert waived.outcome is Outcome.ELIGIBLE_FINANCIAL_CHECK_WAIVED
    for livelihood in (True, None):
        result = assess(replace(facts, vulnerable_group=True, has_fixed_livelihood=livelihood))
        assert "exempt_no_fixed_income" not in result.reason_codes


def test_migrant_worker_wage_claim_is_not_asked_about_finances():
    facts = Facts(case_type="civil", matter="employment_or_wages", has_lawyer=False)
    assert next_questions(facts)[0] == "migrant_worker_wage_or_injury"
    assert next_questions(replace(facts, migrant_worker_wage_or_injury=True)) == []


def test_support_payments_without_exemption_asks_province_income_and_size():
    facts = Facts(case_type="civil", matter="support_payments", has_lawyer=False, **NO_EXEMPTIONS)
    assert next_questions(facts) == FINANCES
    assert "migrant_worker_wage_or_injury" not in next_questions(replace(
        facts, social_assistance=None))


def test_art_32_matters_never_ask_about_finances():
    facts = Facts(case_type="civil", matter="abuse_abandonment_domestic_violence")
    assert next_questions(facts) == ["has_lawyer"]
    assert next_questions(replace(facts, has_lawyer=False)) == []


def test_a_victim_is_asked_the_matter_only_for_art_32():
    facts = Facts(case_type="criminal", role="victim", has_lawyer=False)
    assert next_questions(facts)[0] == "matter"
    assert next_questions(replace(facts, matter="bravery_claim")) == []


def test_no_income_questions_where_the_province_has_no_standard(fictitious_table):
    facts = Facts(case_type="civil", matter="support_payments", has_lawyer=False,
                  province="广东省", **NO_EXEMPTIONS)
    assert next_questions(facts, StandardsTable(), TODAY) == []
    assert next_questions(facts, fictitious_table, TODAY) == []
    assert next_questions(facts) == FINANCES[1:]  # no table given: cannot tell, so ask
    test_province = replace(facts, province="TEST")
    assert next_questions(test_province, fictitious_table, TODAY) == FINANCES[1:]


def test_conflicting_facts_are_asked_again():
    facts = Facts(case_type="criminal", role="suspect_or_defendant", age=30, is_minor=True)
    assert next_questions(facts) == ["age", "is_minor"]


# Simulated dialogue: answering each question, in order, always ends in a decision.
PLAIN_ANSWERS = {  # an answer that decides nothing by itself; other questions get False
    "case_type": "civil", "has_lawyer": False, "age": 40, "disability": "none",
    "matter": "support_payments",
    "province": "TEST", "household_monthly_income": 1000, "household_size": 1,
}


@pytest.mark.parametrize("start", [
    {}, {"case_type": "criminal", "role": "suspect_or_defendant"},
    {"case_type": "criminal", "role": "victim"}, {"case_type": "civil"},
    {"case_type": "administrative", "matter": "employment_or_wages"},
])
def test_answering_every_question_reaches_a_decision(start, fictitious_table):
    facts = Facts(**start)
    asked: list[str] = []
    while questions := next_questions(facts, fictitious_table, TODAY):
        name = questions[0]
        assert name not in asked, f"{name} asked twice"
        asked.append(name)
        facts = replace(facts, **{name: PLAIN_ANSWERS.get(name, False)})
        assert len(asked) <= len(FACT_NAMES)
    result = assess(facts, fictitious_table, TODAY)
    assert result.outcome is not Outcome.NOT_ENOUGH_FACTS
    assert result.missing == ()
