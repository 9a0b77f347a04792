"""The grouped questions (bot/screening/question_groups.py) and the reading of their answers
(bot/screening/answers.py, parse_group_answer), in English and in Chinese."""

from __future__ import annotations

import pytest

from bot.eligibility import Facts, Outcome, assess
from bot.screening.answers import parse_answer
from bot.screening.group_answers import is_bare_yes
from bot.screening.question_groups import (
    DEFENDANT_GROUNDS,
    EXEMPTION_GROUNDS,
    dialogue_questions,
    engine_questions,
    unknown_facts,
)

ART25 = ["age", "disability", "limited_capacity", "faces_life_or_death",
         "death_penalty_review", "tried_in_absentia", "compulsory_medical_treatment"]
ART42_WAGES = ["migrant_worker_wage_or_injury", "social_assistance", "vulnerable_group",
               "special_care", "judicial_assistance"]
DEFENDANT = {"case_type": "criminal", "role": "suspect_or_defendant", "has_lawyer": False}
WAGES = {"case_type": "civil", "matter": "employment_or_wages", "has_lawyer": False}


def questions(**facts) -> list[str]:
    return engine_questions(Facts.from_mapping(facts))


# ---- the grouping ---------------------------------------------------------------------------

def test_two_or_more_open_facts_of_a_group_are_one_question_in_its_place():
    assert dialogue_questions(["has_lawyer", *ART25]) == ["has_lawyer", "defendant_grounds"]
    assert dialogue_questions([*ART42_WAGES, "province"]) == ["exemption_grounds", "province"]
    assert dialogue_questions(["case_type"]) == ["case_type"]


def test_one_open_fact_is_asked_alone():
    assert dialogue_questions(["disability"]) == ["disability"]
    assert dialogue_questions(["has_fixed_livelihood", "province"]) == [
        "has_fixed_livelihood", "province"]


def test_the_engine_decides_what_is_open():
    assert questions(**DEFENDANT) == ART25
    assert dialogue_questions(questions(**DEFENDANT)) == ["defendant_grounds"]
    # an age given in the opening message: no minor option; a ground given: nothing to ask
    assert "minor" not in [g.code for g in
                           DEFENDANT_GROUNDS.open_grounds(questions(**DEFENDANT, age=45))]
    assert questions(**DEFENDANT, faces_life_or_death=True) == []
    # a group whose facts are all known is never asked
    known = DEFENDANT_GROUNDS.none_of_these(ART25)
    assert questions(**DEFENDANT, **known) == []


def test_the_migrant_worker_option_only_for_a_wage_or_work_injury_matter():
    codes = [g.code for g in EXEMPTION_GROUNDS.open_grounds(questions(**WAGES))]
    assert codes == ["vulnerable_group", "social_assistance", "judicial_assistance",
                     "special_care", "migrant_worker_wage_or_injury"]  # the statute's order
    support = {**WAGES, "matter": "support_payments"}
    codes = [g.code for g in EXEMPTION_GROUNDS.open_grounds(questions(**support))]
    assert "migrant_worker_wage_or_injury" not in codes and len(codes) == 4


def test_the_defendants_options_follow_art_25_then_28():
    codes = [g.code for g in DEFENDANT_GROUNDS.open_grounds(ART25)]
    assert codes == ["minor", "visual", "hearing", "speech", "limited_capacity",
                     "faces_life_or_death", "death_penalty_review", "tried_in_absentia",
                     "compulsory_medical_treatment"]


def test_none_of_these_says_no_to_every_open_fact_only():
    assert DEFENDANT_GROUNDS.none_of_these(ART25) == {
        "is_minor": False, "disability": "none", "limited_capacity": False,
        "faces_life_or_death": False, "death_penalty_review": False,
        "tried_in_absentia": False, "compulsory_medical_treatment": False}
    assert DEFENDANT_GROUNDS.none_of_these(["faces_life_or_death", "tried_in_absentia"]) == {
        "faces_life_or_death": False, "tried_in_absentia": False}
    # a person known to be elderly who is not without a livelihood has one (art. 42(1))
    assert EXEMPTION_GROUNDS.none_of_these(["social_assistance", "has_fixed_livelihood"]) == {
        "social_assistance": False, "has_fixed_livelihood": True}


def test_one_ground_decides_the_outcome():
    for ground in DEFENDANT_GROUNDS.grounds:
        result = assess(Facts.from_mapping({**DEFENDANT, **ground.chosen}))
        assert result.outcome is Outcome.MUST_APPOINT, ground.code
    for ground in EXEMPTION_GROUNDS.grounds:
        result = assess(Facts.from_mapping({**WAGES, **ground.chosen}))
        assert result.outcome is Outcome.ELIGIBLE_FINANCIAL_CHECK_WAIVED, ground.code


def test_none_and_dont_know_keep_the_floor():
    none = DEFENDANT_GROUNDS.none_of_these(ART25)
    assert assess(Facts.from_mapping({**DEFENDANT, **none})).outcome is \
        Outcome.MAY_APPLY_AS_DEFENDANT
    unknown = unknown_facts("defendant_grounds", ART25)
    assert unknown == ART25
    result = assess(Facts.from_mapping(DEFENDANT), unknown=unknown)
    assert result.outcome is Outcome.MAY_APPLY_AS_DEFENDANT
    assert result.unknown == tuple(ART25) and result.missing == ()
    assert unknown_facts("province", ["province"]) == ["province"]


# ---- answers to a group's question ----------------------------------------------------------

# slot, English, Chinese phrasings, the facts they give (every ground open)
GROUP_ANSWERS = [
    ("defendant_grounds", ["none", "none of these", "no", "nope", "None."],
     ["没有", "都不是", "都没有", "以上都不是", "无", "一个都没有"],
     DEFENDANT_GROUNDS.none_of_these(ART25)),
    ("defendant_grounds", ["he is 16", "she is 15 years old"], ["他才16岁", "她十五岁"],
     None),  # an age: checked below
    ("defendant_grounds", ["under 18", "he is a minor"], ["未成年", "他还没成年"],
     {"is_minor": True}),
    ("defendant_grounds", ["he is deaf", "deaf-mute"], ["他是聋哑人", "他耳朵听不见"],
     {"disability": "hearing"}),
    ("defendant_grounds", ["she is blind"], ["她是盲人", "他眼睛看不见"],
     {"disability": "visual"}),
    ("defendant_grounds", ["he could get the death penalty", "maybe life imprisonment"],
     ["可能判死刑", "他可能被判无期徒刑"], {"faces_life_or_death": True}),
    ("defendant_grounds", ["it is a death penalty review"], ["这是死刑复核案件"],
     {"death_penalty_review": True}),
    ("defendant_grounds", ["he is tried in absentia"], ["缺席审判"],
     {"tried_in_absentia": True}),
    ("defendant_grounds", ["compulsory medical treatment"], ["强制医疗"],
     {"compulsory_medical_treatment": True}),
    ("defendant_grounds", ["he has a mental illness"], ["他有精神病"],
     {"limited_capacity": True}),
    ("defendant_grounds", ["he won't get the death penalty"], ["他不会被判死刑"],
     {"faces_life_or_death": False}),
    ("exemption_grounds", ["none of these", "no"], ["都不是", "没有"],
     EXEMPTION_GROUNDS.none_of_these(["social_assistance", "vulnerable_group",
                                       "special_care", "judicial_assistance",
                                       "migrant_worker_wage_or_injury"])),
    ("exemption_grounds", ["I receive dibao", "I'm on the minimum living allowance"],
     ["我是低保户", "我吃低保"], {"social_assistance": True}),
    ("exemption_grounds", ["I'm not on dibao"], ["我不是低保户"],
     {"social_assistance": False}),
    ("exemption_grounds", ["I'm a migrant worker"], ["我是农民工", "进城务工的"],
     {"migrant_worker_wage_or_injury": True}),
    ("exemption_grounds", ["judicial assistance"], ["司法救助对象"],
     {"judicial_assistance": True}),
    ("exemption_grounds", ["my husband is a disabled veteran"], ["我是烈属"],
     {"special_care": True}),
    # art. 42(1) needs the group AND no fixed livelihood: words for one are not the other
    ("exemption_grounds", ["I'm elderly and have no fixed income"],
     ["我是老人，没有固定收入"], {"vulnerable_group": True, "has_fixed_livelihood": False}),
    ("exemption_grounds", ["I'm elderly"], ["我是老年人"], {"vulnerable_group": True}),
]


@pytest.mark.parametrize(("slot", "english", "chinese", "facts"), GROUP_ANSWERS,
                         ids=[f"{row[0]}:{row[1][0]}" for row in GROUP_ANSWERS])
def test_free_text_answers_in_both_languages(slot, english, chinese, facts):
    for text in english + chinese:
        answer = parse_answer(slot, text)
        if facts is None:
            assert answer.facts.get("age") in (15, 16), text
        else:
            assert answer.facts == facts, text


def test_the_buttons_answer_is_its_code():
    assert parse_answer("defendant_grounds", "minor", "inform").facts == {"is_minor": True}
    assert parse_answer("defendant_grounds", "speech", "inform").facts == {"disability": "speech"}
    assert parse_answer("exemption_grounds", "vulnerable_group", "inform").facts == {
        "vulnerable_group": True, "has_fixed_livelihood": False}
    assert parse_answer("defendant_grounds", "/dont_know", "dont_know").dont_know
    for text in ("I don't know", "不知道", "不清楚"):
        assert parse_answer("exemption_grounds", text).dont_know


def test_only_open_grounds_count_and_none_answers_only_them():
    open_ = ["faces_life_or_death", "tried_in_absentia"]
    assert not parse_answer("defendant_grounds", "he is deaf", None, open_).understood
    assert parse_answer("defendant_grounds", "none", "inform", open_).facts == {
        "faces_life_or_death": False, "tried_in_absentia": False}
    support = questions(case_type="civil", matter="support_payments", has_lawyer=False)
    assert not parse_answer("exemption_grounds", "I'm a migrant worker", None,
                            support).understood


def test_a_bare_yes_is_not_understood():
    for text, intent in (("yes", "affirm"), ("是", "affirm"), ("对", None), ("yes", None)):
        assert not parse_answer("defendant_grounds", text, intent).understood, text
        assert not parse_answer("exemption_grounds", text, intent).understood, text
        assert is_bare_yes(text, intent)
    assert not is_bare_yes("he is tall", "inform")


def test_not_a_ground_is_not_none_of_the_others():
    """"he is not deaf" says nothing of sight or speech; "not a minor" nothing of the rest."""
    assert parse_answer("defendant_grounds", "he is not deaf").facts == {}
    assert parse_answer("defendant_grounds", "he is not a minor").facts == {"is_minor": False}
    answer = parse_answer("defendant_grounds", "he is 45, none of these")
    assert answer.facts["age"] == 45 and "is_minor" not in answer.facts
    assert answer.facts["faces_life_or_death"] is False
