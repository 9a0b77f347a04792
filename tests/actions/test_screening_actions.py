"""The screening form's actions with constructed trackers."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.screening import (
    ActionAskDefendantGrounds,
    ActionAskExemptionGrounds,
    ActionAskFactsConfirmed,
    ActionAssessEligibility,
    ValidateScreeningForm,
)
from actions.screening_control import ActionExplainQuestion, ActionStopScreening
from bot.screening.question_groups import DEFENDANT_GROUNDS
from tests.actions.conftest import DOMAIN, run, tracker

ART25 = ["age", "disability", "limited_capacity", "faces_life_or_death",
         "death_penalty_review", "tried_in_absentia", "compulsory_medical_treatment"]


def slot_events(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def validate(text: str, intent: str, slots: dict) -> tuple[list[dict], dict]:
    messages, events = run(ValidateScreeningForm(), tracker(text, intent, slots))
    return messages, slot_events(events)


def required(slots: dict) -> list[str]:
    form = ValidateScreeningForm()
    return asyncio.run(form.required_slots([], CollectingDispatcher(), tracker(slots=slots),
                                           DOMAIN))


def test_the_engine_decides_what_is_asked():
    assert required({})[0] == "case_type"
    criminal_minor = {"case_type": "criminal", "role": "suspect_or_defendant", "age": 16,
                      "has_lawyer": False}
    assert required(criminal_minor) == ["facts_confirmed"]


def test_an_answer_fills_its_slot_and_the_next_question_is_requested():
    _, slots = validate("I'm 16", "inform", {"requested_slot": "age", "case_type": "criminal",
                                             "role": "suspect_or_defendant", "has_lawyer": False})
    assert slots["age"] == 16
    assert slots["requested_slot"] == "facts_confirmed"


def test_the_opening_message_prefills_facts():
    _, slots = validate("my boss hasn't paid me for 3 months", "start_screening", {})
    assert slots["case_type"] == "civil" and slots["matter"] == "employment_or_wages"


def test_an_unclear_answer_is_asked_again_with_an_example_then_explained():
    messages, slots = validate("banana", "inform", {"requested_slot": "case_type"})
    assert messages[0]["response"] == "utter_not_understood"
    assert "criminal" in messages[0]["example"]
    assert slots["screening_attempts"] == 1
    messages, slots = validate("purple", "inform", {"requested_slot": "case_type",
                                                     "screening_attempts": 1})
    assert messages[0]["response"] == "utter_can_skip"
    assert "art. 24, 25, 31" in messages[0]["why"]


def test_dont_know_is_recorded_and_the_question_not_asked_again():
    _, slots = validate("I don't know", "dont_know", {"requested_slot": "case_type"})
    assert slots["screening_unknown"] == ["case_type"]
    assert required({"screening_unknown": ["case_type"]}) == ["facts_confirmed"]


def test_a_question_during_the_form_is_left_to_the_rules():
    messages, slots = validate("is legal aid free?", "faq", {"requested_slot": "role",
                                                             "case_type": "criminal"})
    assert messages == [] and "role" not in slots


def test_a_correction_updates_the_fact_and_asks_for_confirmation_again():
    current = {"requested_slot": "defendant_grounds", "case_type": "criminal",
               "has_lawyer": False, "role": "suspect_or_defendant", "age": 19}
    _, slots = validate("actually I'm 17", "correct", current)
    assert slots["age"] == 17 and slots["facts_confirmed"] is None
    assert slots["requested_slot"] == "facts_confirmed"


def test_an_age_correction_replaces_an_under_18_answer():
    """"None of these" said the person is not under 18; an age said later decides."""
    current = {"requested_slot": "facts_confirmed", "case_type": "criminal",
               "role": "suspect_or_defendant", "has_lawyer": False,
               **DEFENDANT_GROUNDS.none_of_these(ART25)}
    _, slots = validate("actually he is 17", "correct", current)
    assert slots["age"] == 17 and slots["is_minor"] is None
    assert slots["requested_slot"] == "facts_confirmed"
    messages, _ = run(ActionAssessEligibility(), tracker(slots={**current, **slots}))
    assert messages[0]["outcome"].startswith("Outcome: a lawyer must be appointed")


# ---- the grouped questions (bot/screening/question_groups.py) ---------------------------------

DEFENDANT = {"case_type": "criminal", "role": "suspect_or_defendant", "has_lawyer": False}
WAGES = {"case_type": "civil", "matter": "employment_or_wages", "has_lawyer": False}


def asked_with_buttons(action, slots: dict) -> tuple[str, list[tuple[str, str]]]:
    [message] = run(action, tracker(slots=slots))[0]
    return message["response"], [(b["title"], b["payload"]) for b in message["buttons"]]


def test_the_art_25_and_28_grounds_are_one_question():
    assert required(DEFENDANT) == ["defendant_grounds", "facts_confirmed"]
    response, buttons = asked_with_buttons(ActionAskDefendantGrounds(), DEFENDANT)
    assert response == "utter_ask_defendant_grounds"
    assert buttons[0] == ("A minor (under 18)", '/inform{"answer": "minor"}')
    assert [title for title, _ in buttons[-3:]] == [
        "Defendant in a compulsory medical treatment case (强制医疗)", "None of these",
        "I don't know"]
    assert buttons[-2:] == [("None of these", '/inform{"answer": "none"}'),
                            ("I don't know", "/dont_know")]
    assert len(buttons) == 11


def test_the_options_are_the_grounds_still_open_in_chinese():
    slots = {**DEFENDANT, "age": 45, "language": "zh"}  # the age was in the opening message
    _, buttons = asked_with_buttons(ActionAskDefendantGrounds(), slots)
    titles = [title for title, _ in buttons]
    assert titles[:3] == ["视力残疾人", "听力残疾人", "言语残疾人"]
    assert "未成年人（未满18周岁）" not in titles
    assert titles[-2:] == ["都不是", "不知道"]


def test_the_art_42_grounds_are_one_question_with_the_migrant_option_for_wages_only():
    assert required(WAGES)[0] == "exemption_grounds"
    _, buttons = asked_with_buttons(ActionAskExemptionGrounds(), {**WAGES, "language": "zh"})
    titles = [title for title, _ in buttons]
    assert titles[0] == "无固定生活来源的未成年人、老年人、残疾人等特定群体"
    assert "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员" in titles
    support = {**WAGES, "matter": "support_payments"}
    _, buttons = asked_with_buttons(ActionAskExemptionGrounds(), support)
    assert len(buttons) == 4 + 2 and not any("migrant" in title for title, _ in buttons)


def test_a_chosen_ground_decides_and_the_summary_follows():
    _, slots = validate("他是聋哑人", "inform", {**DEFENDANT, "requested_slot": "defendant_grounds",
                                             "language": "zh"})
    assert slots["disability"] == "hearing"
    assert slots["requested_slot"] == "facts_confirmed"


def test_none_of_these_answers_every_open_ground_and_reads_well_in_the_summary():
    _, slots = validate("none of these", "deny", {**WAGES, "requested_slot": "exemption_grounds"})
    assert slots["social_assistance"] is False and slots["vulnerable_group"] is False
    assert slots["migrant_worker_wage_or_injury"] is False
    assert slots["requested_slot"] == "province"
    [message] = run(ActionAskFactsConfirmed(), tracker(slots={**WAGES, **slots}))[0]
    assert ("- Minor, elderly, disabled or similar group without a fixed source of livelihood: "
            "no") in message["summary"]
    zh = {**DEFENDANT, **DEFENDANT_GROUNDS.none_of_these(ART25), "language": "zh"}
    [message] = run(ActionAskFactsConfirmed(), tracker(slots=zh))[0]
    assert "- 视力、听力、言语残疾：无" in message["summary"]
    assert "- 未满18周岁：否" in message["summary"]


def test_dont_know_to_a_group_leaves_its_open_grounds_unknown():
    _, slots = validate("不知道", "dont_know", {**DEFENDANT, "age": 30,
                                               "requested_slot": "defendant_grounds"})
    assert slots["screening_unknown"] == ART25[1:]
    assert slots["requested_slot"] == "facts_confirmed"
    messages, _ = run(ActionAssessEligibility(), tracker(slots={
        **DEFENDANT, "age": 30, "screening_unknown": ART25[1:]}))
    assert messages[0]["outcome"].startswith("Outcome: the suspect or defendant, or a close")
    assert "art. 25(4)" in messages[0]["unknown"]


def test_a_bare_yes_to_a_group_asks_which_one():
    current = {**DEFENDANT, "requested_slot": "defendant_grounds"}
    messages, slots = validate("yes", "affirm", current)
    assert messages[0]["response"] == "utter_which_ground"
    assert slots["requested_slot"] == "defendant_grounds"
    assert not set(slots) & set(ART25 + ["is_minor"])
    messages, _ = validate("yes", "affirm", {**current, "screening_attempts": 1})
    assert messages[0]["response"] == "utter_can_skip"
    assert "art. 25(1)-(6)" in messages[0]["why"] and "art. 28" in messages[0]["why"]


def test_a_partial_answer_is_kept_and_the_group_asked_again_without_it():
    current = {**WAGES, "requested_slot": "exemption_grounds"}
    _, slots = validate("I'm elderly", "inform", current)
    assert slots["vulnerable_group"] is True and slots["requested_slot"] == "exemption_grounds"
    _, slots = validate("none of these", "deny", {**current, "vulnerable_group": True})
    assert slots["has_fixed_livelihood"] is True  # 42(1): not without a livelihood


def test_why_and_the_example_of_a_group_cite_its_articles():
    [message] = run(ActionExplainQuestion(), tracker(slots={
        "requested_slot": "exemption_grounds", "language": "zh"}))[0]
    assert "第四十二条" in message["why"] and "有材料证明" in message["why"]
    messages, _ = validate("banana", "inform", {**DEFENDANT, "requested_slot": "defendant_grounds"})
    assert messages[0]["response"] == "utter_not_understood"
    assert '"none of these"' in messages[0]["example"]


def test_summary_lists_facts_in_words():
    slots = {"case_type": "criminal", "role": "suspect_or_defendant", "age": 16,
             "has_lawyer": False, "screening_unknown": ["disability"]}
    [message] = run(ActionAskFactsConfirmed(), tracker(slots=slots))[0]
    assert message["response"] == "utter_summary"
    assert "- Type of case: criminal" in message["summary"]
    assert "- Your role: suspect or defendant" in message["summary"]
    assert "- Disability: don't know" in message["summary"]


def test_assessment_gives_outcome_reasons_steps_and_article_buttons():
    slots = {"case_type": "criminal", "role": "suspect_or_defendant", "age": 16,
             "has_lawyer": False, "facts_confirmed": True}
    messages, events = run(ActionAssessEligibility(), tracker(slots=slots))
    assessment, articles = messages
    assert assessment["outcome"].startswith("Outcome: a lawyer must be appointed")
    assert "art. 25(1)" in assessment["reasons"]
    assert "art. 36" in assessment["steps"] and "12348" in assessment["steps"]
    assert articles["buttons"][0]["payload"] == \
        '/ask_article{"law": "legal_aid_law", "article": "25"}'
    assert slot_events(events)["screening_outcome"] == "must_appoint"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_action_answers_the_same_with_the_domain_rasa_sends_or_without(language):
    """Selective domain (endpoints.yml): Rasa sends no domain, the action reads the project's
    responses; the messages are those the whole domain gives."""
    slots = {"case_type": "criminal", "role": "suspect_or_defendant", "age": 16,
             "has_lawyer": False, "facts_confirmed": True, "language": language}
    without = run(ActionAssessEligibility(), tracker(slots=slots))
    assert without == run(ActionAssessEligibility(), tracker(slots=slots), DOMAIN)
    assert ("第二十五条" if language == "zh" else "art. 25(1)") in without[0][0]["reasons"]


def test_assessment_does_not_echo_the_income():
    slots = {"case_type": "civil", "matter": "support_payments", "has_lawyer": False,
             "social_assistance": False, "migrant_worker_wage_or_injury": False,
             "vulnerable_group": False, "judicial_assistance": False,
             "special_care": False, "province": "四川", "household_monthly_income": 2345,
             "household_size": 3}
    messages, _ = run(ActionAssessEligibility(), tracker(slots=slots))
    assert "2345" not in str(messages)


def test_stop_clears_every_screening_slot():
    messages, events = run(ActionStopScreening(), tracker(slots={"age": 16}))
    assert messages[0]["response"] == "utter_screening_stopped"
    assert slot_events(events)["age"] is None


def test_why_explains_the_current_question():
    [message] = run(ActionExplainQuestion(), tracker(slots={"requested_slot": "age"}))[0]
    assert "art. 25(1)" in message["why"]


def test_dont_know_gives_the_floor_and_what_would_change_it():
    """Legal audit P1-1: an unknown art. 25 ground neither hides art. 24 nor is asked again."""
    slots = {"case_type": "criminal", "role": "suspect_or_defendant", "has_lawyer": False,
             "age": 40, "disability": "none", "limited_capacity": False,
             "death_penalty_review": False, "tried_in_absentia": False,
             "compulsory_medical_treatment": False, "screening_unknown": ["faces_life_or_death"]}
    assert required(slots) == ["facts_confirmed"]
    messages, events = run(ActionAssessEligibility(), tracker(slots=slots))
    assessment = messages[0]
    assert assessment["outcome"].startswith("Outcome: the suspect or defendant, or a close")
    assert "art. 24" in assessment["reasons"]
    assert "May face life imprisonment or death" in assessment["unknown"]
    assert "art. 25(4)" in assessment["unknown"]
    assert "art. 37" in assessment["steps"]  # the duty lawyer, whatever is unknown
    assert slot_events(events)["screening_outcome"] == "may_apply_as_defendant"


def test_twelve_three_four_eight_gets_no_article_button():
    slots = {"case_type": "civil", "matter": "other"}
    messages, _ = run(ActionAssessEligibility(), tracker(slots=slots))
    assert "12348" in messages[0]["steps"]
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert '/ask_article{"law": "legal_aid_law", "article": "23"}' in payloads  # consultation
    assert all('"article": "None"' not in p for p in payloads)
