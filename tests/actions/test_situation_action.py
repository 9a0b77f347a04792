"""Situation first: the answer, the offer, and the facts kept for the screening (issue 16)."""

from actions.screening import ActionAskFactsConfirmed, ValidateScreeningForm
from actions.situation import ActionAnswerSituation
from tests.actions.conftest import run, tracker


def slot_events(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_situation_is_answered_then_the_check_is_offered_with_buttons():
    messages, events = run(ActionAnswerSituation(), tracker(
        "my daughter is 15 and the police detained her, we can't afford a lawyer",
        "start_screening"))
    assert [m["response"] for m in messages] == ["utter_situation_minor_defendant",
                                                "utter_situation_offer"]
    slots = slot_events(events)
    assert slots["situation_answered"] is True
    assert {k: slots[k] for k in ("case_type", "role", "age", "has_lawyer")} == {
        "case_type": "criminal", "role": "suspect_or_defendant", "age": 15,
        "has_lawyer": False}


def test_an_adult_defendant_is_told_art_24_then_offered_the_check():
    messages, events = run(ActionAnswerSituation(), tracker(
        "I was arrested, can I get a free lawyer?", "start_screening"))
    assert [m["response"] for m in messages] == ["utter_situation_defendant_may_apply",
                                                "utter_situation_offer"]
    slots = slot_events(events)
    assert slots["situation_answered"] is True
    assert slots["role"] == "suspect_or_defendant"


def accept_the_offer(opening: str, reply: str = "yes") -> tuple[dict, str]:
    """The facts `opening` stated, and the screening's first question once the offer is taken."""
    _, events = run(ActionAnswerSituation(), tracker(opening, "start_screening"))
    facts = {k: v for k, v in slot_events(events).items()
             if v is not None and k not in ("situation_answered", "screening_outcome")}
    _, form_events = run(ValidateScreeningForm(), tracker(reply, "affirm", slots=facts))
    return facts, slot_events(form_events)["requested_slot"]


def test_accepting_after_art_24_asks_the_art_25_grounds_not_the_age_given():
    facts, asked = accept_the_offer("我被抓了，今年45岁，没有律师，能申请法律援助吗", "好的")
    assert facts["age"] == 45 and facts["has_lawyer"] is False
    assert asked not in ("case_type", "role", "has_lawyer", "age")


def test_a_defendant_with_a_lawyer_gets_no_answer_first():
    messages, events = run(ActionAnswerSituation(), tracker(
        "my son was arrested, we already have a lawyer, can we get legal aid?",
        "start_screening"))
    assert messages == []
    slots = slot_events(events)
    assert slots["situation_answered"] is False
    assert slots["has_lawyer"] is True


def test_a_message_that_decides_nothing_starts_the_screening_with_what_it_said():
    messages, events = run(ActionAnswerSituation(), tracker(
        "I need a lawyer for a criminal case", "start_screening"))
    assert messages == []
    slots = slot_events(events)
    assert slots["situation_answered"] is False
    assert slots["case_type"] == "criminal"


def test_an_earlier_screening_is_forgotten():
    _, events = run(ActionAnswerSituation(), tracker(
        "老板拖欠工资三个月了，能申请法律援助吗", "start_screening",
        slots={"age": 40, "province": "广东", "screening_outcome": "likely_outside"}))
    slots = slot_events(events)
    assert slots["age"] is None and slots["province"] is None
    assert slots["screening_outcome"] is None
    assert slots["matter"] == "employment_or_wages"


def test_accepting_the_offer_goes_to_the_summary_without_asking_the_given_facts_again():
    facts, asked = accept_the_offer("我女儿15岁被警察抓了，请不起律师")
    assert asked == "facts_confirmed"
    messages, _ = run(ActionAskFactsConfirmed(), tracker(slots=facts))
    assert "15" in messages[0]["summary"]


def test_accepting_after_a_matter_asks_only_what_is_still_open():
    _, asked = accept_the_offer("can legal aid help with a car accident injury claim?")
    assert asked not in ("case_type", "matter")
    assert asked == "has_lawyer"


def bot_event(utter_action: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": utter_action}}


def shown_articles(events: list[dict]) -> list[tuple[str, int]]:
    from actions.sources import ActionShowSource

    messages, _ = run(ActionShowSource(), tracker("which article says that?", events=events))
    return [(m["law_name"], m["number"]) for m in messages if "number" in m]


def test_which_article_after_a_situation_answer_shows_all_its_parts():
    events = [bot_event("utter_faq/is_it_free"), {"event": "user", "text": "..."},
              bot_event("utter_situation_matter_employment_or_wages"),
              bot_event("utter_situation_exempt_migrant_worker"),
              bot_event("utter_situation_offer")]
    assert [n for _, n in shown_articles(events)] == [31, 42]


def test_which_article_after_a_new_faq_topic():
    events = [bot_event("utter_situation_minor_defendant"), {"event": "user", "text": "..."},
              bot_event("utter_faq/change_lawyer")]
    assert [n for _, n in shown_articles(events)] == [48, 49, 55]


def test_asking_for_the_check_in_words_after_the_offer_keeps_the_facts():
    events = [bot_event("utter_situation_minor_defendant"), bot_event("utter_situation_offer")]
    _, result = run(ActionAnswerSituation(), tracker(
        "check if I qualify", "start_screening", slots={"age": 15}, events=events))
    assert slot_events(result) == {"situation_answered": False}


def test_a_new_check_later_starts_from_nothing():
    events = [bot_event("utter_situation_offer"), bot_event("utter_assessment")]
    _, result = run(ActionAnswerSituation(), tracker(
        "check if I qualify", "start_screening", slots={"age": 15}, events=events))
    assert slot_events(result)["age"] is None
