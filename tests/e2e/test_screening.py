"""Complete screenings against the running assistant, one per branch of the rules."""

from __future__ import annotations

import uuid

import pytest

from tests.production import dialogue

pytestmark = pytest.mark.e2e


def screening(assistant, opening: str, answers: dict[str, str]) -> dialogue.Screening:
    """Answer each question from `answers` (by fact) until the assessment, accepting the check
    if the opening is answered first (issue 16)."""
    sender = f"screen-{uuid.uuid4()}"

    def send(text: str) -> list[str]:
        return [m.get("text") or "" for m in assistant.say(text, sender)]

    return dialogue.screen(send, opening, answers)


def screen(assistant, opening: str, answers: dict[str, str]) -> tuple[str, list[str]]:
    """The assessment and the facts asked in order."""
    result = screening(assistant, opening, answers)
    return result.assessment, result.asked


def answered_with(result: dialogue.Screening, *citations: str) -> bool:
    """The opening was answered first, citing each of `citations`, then the check offered."""
    answer = "\n".join(result.answer)
    return result.offered and all(citation in answer for citation in citations)


FINANCES = {"province", "household_monthly_income", "household_size"}


def test_minor_defendant_must_get_a_lawyer(assistant):
    result = screening(assistant, "I was arrested, can I get a free lawyer?",
                       {"has_lawyer": "no", "defendant_grounds": "I'm 16"})
    assessment, asked = result.assessment, result.asked
    # art. 24 first (the age is not said yet), then the check, accepted
    assert answered_with(result, "Legal Aid Law art. 24", "art. 25(1)", "art. 30, 37")
    assert assessment.startswith("Outcome: a lawyer must be appointed")
    assert "art. 25(1)" in assessment
    assert asked == ["has_lawyer", "defendant_grounds", "facts_confirmed"]


def test_adult_defendant_may_apply_for_other_reasons_too(assistant):
    result = screening(assistant, "my husband was arrested and we can't pay a lawyer", {
        "has_lawyer": "no", "defendant_grounds": "none of these"})
    assessment, asked = result.assessment, result.asked
    assert answered_with(result, "Legal Aid Law art. 24")
    # the seven art. 25 / 28 questions are one (issue 16, item 3); "can't pay a lawyer" in the
    # opening message said there is no lawyer: not asked again
    assert asked == ["defendant_grounds", "facts_confirmed"]
    assert "art. 24" in assessment and "art. 25 para. 2" in assessment
    assert assessment.startswith("Outcome: the suspect or defendant, or a close relative, can")
    assert "art. 37" in assessment  # the duty lawyer
    assert not FINANCES & set(asked)  # art. 24: "financial difficulty or other reasons"


def test_victim_of_domestic_violence_needs_no_financial_check(assistant):
    assessment, asked = screen(assistant, "am I eligible for legal aid?", {
        "case_type": "criminal case", "role": "I am the victim", "has_lawyer": "no",
        "matter": "domestic violence"})
    assert assessment.startswith("Outcome: you can apply for legal aid, and the financial-")
    assert "art. 32" in assessment
    assert not FINANCES & set(asked)


def test_civil_support_payments_ask_the_finances(assistant):
    assessment, asked = screen(assistant, "can I get legal aid for my case?", {
        "case_type": "civil", "matter": "child support", "has_lawyer": "no",
        "exemption_grounds": "none of these", "province": "四川"})
    assert "art. 31" in assessment and "art. 34" in assessment
    assert asked == ["case_type", "matter", "has_lawyer", "exemption_grounds", "province",
                     "facts_confirmed"]


def test_migrant_worker_wages_skip_the_financial_check(assistant):
    assessment, asked = screen(
        assistant, "my boss hasn't paid me for 3 months, can you help me",
        {"has_lawyer": "no", "exemption_grounds": "yes, I'm a migrant worker"})
    assert assessment.startswith("Outcome: you can apply for legal aid, and your finances")
    assert "art. 42(3)" in assessment
    assert not FINANCES & set(asked)


def test_social_assistance_recipient_in_chinese(assistant):
    assessment, asked = screen(assistant, "check if I qualify", {
        "case_type": "民事", "matter": "赡养费", "has_lawyer": "没有",
        "exemption_grounds": "我在低保"})
    assert "art. 42(2)" in assessment
    assert not FINANCES & set(asked)


def test_matter_outside_the_lists(assistant):
    assessment, _ = screen(assistant, "do i qualify for legal aid", {
        "case_type": "civil", "matter": "something else"})
    assert assessment.startswith("Outcome: legal aid is probably not available")
    assert "art. 31(9)" in assessment


def test_already_has_a_lawyer(assistant):
    result = screening(assistant, "I was arrested, can I get a free lawyer?",
                       {"has_lawyer": "yes, I already have a lawyer"})
    assert answered_with(result, "Legal Aid Law art. 24")  # the lawyer is not said yet
    assert result.asked == ["has_lawyer", "facts_confirmed"]
    assert result.assessment.startswith("Outcome: legal aid is probably not available")


def test_a_defendant_with_a_lawyer_gets_no_art_24_answer(assistant):
    result = screening(assistant, "my son was arrested, we already have a lawyer, can we get "
                       "legal aid?", {})
    assert not result.offered  # straight to the summary: the lawyer decides (art. 24, 25)
    assert result.asked == ["facts_confirmed"]
    assert result.assessment.startswith("Outcome: legal aid is probably not available")


def test_dont_know_gives_an_honest_answer(assistant):
    assessment, _ = screen(assistant, "check if I qualify", {"case_type": "I don't know"})
    assert assessment.startswith("Outcome: I don't have enough information")


def test_dont_know_keeps_what_the_law_gives_anyway(assistant):
    """Legal audit P1-1: a "don't know" gives the art. 24 floor and says what would change it.
    The age is in the opening message; "I don't know" to the grounds' question leaves each
    ground still open unknown."""
    opening = "I was arrested, I'm 45 years old, can I get a free lawyer?"
    result = screening(assistant, opening, {
        "has_lawyer": "no", "defendant_grounds": "I don't know"})
    assessment, asked = result.assessment, result.asked
    assert answered_with(result, "Legal Aid Law art. 24", "art. 25(1)")
    assert asked == ["has_lawyer", "defendant_grounds", "facts_confirmed"]
    assert assessment.startswith("Outcome: the suspect or defendant, or a close relative, can")
    assert ("You said you don't know: Disability, Cannot fully understand own conduct, "
            "May face life imprisonment or death, Death-penalty review, Tried in absentia, "
            "Compulsory medical treatment") in assessment
    assert "art. 25(4)" in assessment


def test_dont_know_keeps_what_the_law_gives_anyway_in_chinese(assistant):
    """The same in Chinese; the reply is checked in either language (Chinese replies arrive
    with the language slot of issue 15)."""
    result = screening(assistant, "我丈夫被抓了，他45岁，能申请法律援助吗", {
        "has_lawyer": "没有", "defendant_grounds": "不知道"})
    assessment, asked = result.assessment, result.asked
    assert answered_with(result, "《法律援助法》第二十四条", "值班律师"), result.answer
    assert asked == ["has_lawyer", "defendant_grounds", "facts_confirmed"]
    assert "art. 24" in assessment or "第二十四条" in assessment
    assert "art. 25(4)" in assessment or "第二十五条" in assessment
    assert not FINANCES & set(asked)


def test_the_grounds_are_one_question_with_buttons(assistant):
    """Issue 16, item 3: the art. 25 / 28 grounds as one question; its buttons; a bare "yes"
    asks which one; a button's answer decides (art. 25(1)(2))."""
    sender = f"screen-{uuid.uuid4()}"
    texts = [m.get("text") or "" for m in assistant.say(
        "I was arrested, can I get a free lawyer?", sender)]
    assert any("Legal Aid Law art. 24" in t for t in texts) and texts[-1] == dialogue.OFFER
    texts = [m.get("text") or "" for m in assistant.say("yes", sender)]
    assert dialogue.question_in(texts) == "has_lawyer", texts
    reply = assistant.say("no", sender)
    assert dialogue.question_in([m.get("text") or "" for m in reply]) == "defendant_grounds"
    [question] = [m for m in reply if m.get("buttons")]
    titles = [b["title"] for b in question["buttons"]]
    assert titles[0] == "A minor (under 18)" and titles[-2:] == ["None of these", "I don't know"]
    assert len(titles) == 11
    texts = [m.get("text") or "" for m in assistant.say("yes", sender)]
    assert texts[0].startswith("Which one?"), texts
    assert dialogue.question_in(texts) == "defendant_grounds", texts
    hearing = next(b["payload"] for b in question["buttons"]
                   if b["title"] == "Hearing disability (deaf)")
    texts = [m.get("text") or "" for m in assistant.say(hearing, sender)]
    assert "- Disability: hearing" in dialogue.summary_in(texts), texts
    texts = [m.get("text") or "" for m in assistant.say("yes", sender)]
    assessment = dialogue.assessment_in(texts)
    assert assessment.startswith("Outcome: a lawyer must be appointed"), texts
    assert "art. 25(2)" in assessment


def test_interruption_then_back_to_the_question(assistant):
    sender = f"screen-{uuid.uuid4()}"
    assistant.say("check if I qualify", sender)
    reply = assistant.say("is legal aid free?", sender)
    texts = [m.get("text") or "" for m in reply]
    assert any("art. 2, 20, 53, 55" in t for t in texts)  # art. 53: court fees (P4-5)
    assert dialogue.question_in(texts) == "case_type"
    why = [m.get("text") or "" for m in assistant.say("why do you ask?", sender)]
    assert any("art. 24, 25, 31" in t for t in why)


def test_correction_changes_the_outcome(assistant):
    sender = f"screen-{uuid.uuid4()}"
    texts = [m.get("text") or "" for m in assistant.say(
        "I was arrested, can I get a free lawyer?", sender)]
    assert texts[-1] == dialogue.OFFER, texts  # art. 24 first, then the offer
    texts = [m.get("text") or "" for m in assistant.say("yes", sender)]
    assert dialogue.question_in(texts) == "has_lawyer", texts
    assistant.say("no", sender)  # no lawyer yet
    assistant.say("I'm 19", sender)  # an adult: more questions follow
    texts = [m.get("text") or "" for m in assistant.say("actually I'm 17", sender)]
    assert any(t.startswith(dialogue.SUMMARY_START) and "- Age: 17" in t for t in texts), texts
    texts = [m.get("text") or "" for m in assistant.say("yes", sender)]
    assert any(t.startswith("Outcome: a lawyer must be appointed") for t in texts), texts


def test_stop_clears_and_start_over_asks_again(assistant):
    sender = f"screen-{uuid.uuid4()}"
    assistant.say("check if I qualify", sender)
    assistant.say("civil", sender)
    texts = [m.get("text") or "" for m in assistant.say("stop", sender)]
    assert any("stopped the check" in t for t in texts)
    texts = [m.get("text") or "" for m in assistant.say("check if I qualify", sender)]
    assert dialogue.question_in(texts) == "case_type", texts
    assistant.say("criminal", sender)
    texts = [m.get("text") or "" for m in assistant.say("start over", sender)]
    assert any("start again" in t for t in texts)
    assert dialogue.question_in(texts) == "case_type", texts


def test_unclear_answer_is_asked_again_with_an_example(assistant):
    sender = f"screen-{uuid.uuid4()}"
    assistant.say("check if I qualify", sender)
    texts = [m.get("text") or "" for m in assistant.say("banana", sender)]
    assert any("For example" in t for t in texts)
    texts = [m.get("text") or "" for m in assistant.say("purple", sender)]
    assert any("say \"skip\"" in t for t in texts)
