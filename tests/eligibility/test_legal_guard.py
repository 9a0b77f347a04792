"""A guard against the legal audit's kinds of error coming back (issue 17, item 5).

1. Every article (and item, and paragraph) a response cites, in English or Chinese, exists in
   the statute texts the knowledge base is built from.
2. Every reason and step code cites an article whose text holds the code's key term (42(3) must
   say 进城务工人员 and 劳动报酬/工伤), and its responses cite exactly that article.
3. Every mention of the 2003 Regulations carries its status.
"""

from __future__ import annotations

import re

import pytest
import yaml

from bot.eligibility.facts import ART31_MATTERS, ART32_MATTERS, RETRIAL_OR_PROTEST
from bot.eligibility.result import REASONS, STEPS
from bot.kb.numerals import article_label, parse_number, to_chinese
from bot.paths import REGULATIONS_DIR
from tests.eligibility.legal_texts import (
    FILES,
    REGS_STATUS_EN,
    REGS_STATUS_ZH,
    RESPONSES,
    article_text,
    articles,
    chinese_citations,
    citations,
    english_citations,
)


def test_the_citation_readers():
    assert english_citations("(Legal Aid Law art. 25(4), 26); art. 31(1)-(8), 32(5)") == [
        ("legal_aid_law", 25, 4, None), ("legal_aid_law", 26, None, None),
        ("legal_aid_law", 31, 1, None), ("legal_aid_law", 31, 8, None),
        ("legal_aid_law", 32, 5, None)]
    assert english_citations(f"Regulations on Legal Aid {REGS_STATUS_EN} art. 17") == [
        ("legal_aid_regulations", 17, None, None)]
    assert english_citations("(Lawyers Law art. 5), art. 8; art. 25 para. 2") == [
        ("lawyers_law", 5, None, None), ("lawyers_law", 8, None, None),
        ("lawyers_law", 25, None, 2)]
    text = "《法律援助法》第二十五条第一款第七项；（第三十一条第一项至第八项）"
    assert chinese_citations(text) == [
        ("legal_aid_law", 25, 7, 1), ("legal_aid_law", 31, 1, None),
        ("legal_aid_law", 31, 8, None)]
    assert chinese_citations(f"《法律援助条例》{REGS_STATUS_ZH}第十七条；《律师法》第五条") == [
        ("legal_aid_regulations", 17, None, None), ("lawyers_law", 5, None, None)]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_cited_article_item_and_paragraph_exists(name):
    for text in RESPONSES[name]:
        for law, number, item, paragraph in citations(text):
            assert number in articles(law), f"{name}: {law} art. {number} does not exist"
            body = articles(law)[number]
            if item is not None:
                assert f"（{to_chinese(item)}）" in body, f"{name}: {law} {number}({item})"
            if paragraph is not None:
                assert len(body.split("\n")) >= paragraph or item is not None, \
                    f"{name}: {law} art. {number} para. {paragraph}"


def test_every_response_with_chinese_legal_terms_cites_the_chinese_way():
    """A Chinese variation cites 《法律援助法》第N条, never "art. N"."""
    for name, texts in RESPONSES.items():
        for text in texts:
            if re.search(r"[\u4e00-\u9fff]{12,}", text) and "《" in text:
                assert "art." not in text, name


# ---- 2. Key terms: each code's article must say what the code claims -------------------------
# code -> phrases; a tuple means "one of these". Checked against the cited item (if any), else
# the article, in the authoritative Chinese text.
REASON_TERMS: dict[str, list[str | tuple[str, ...]]] = {
    "minor_defendant": ["未成年人"],
    "disabled_defendant": ["视力、听力、言语残疾人"],
    "limited_capacity_defendant": ["不能完全辨认自己行为的成年人"],
    "life_or_death_sentence_possible": ["无期徒刑、死刑"],
    "death_penalty_review_on_application": ["申请法律援助的死刑复核案件被告人"],
    "tried_in_absentia": ["缺席审判"],
    "compulsory_medical_treatment": ["强制医疗", "没有委托诉讼代理人"],
    "court_may_appoint_ordinary_procedure": ["其他适用普通程序审理的刑事案件", "可以通知"],
    "other_must_appoint_by_law": ["法律法规规定的其他人员"],
    "experienced_lawyer_required": ["三年"],
    "defendant_may_apply": ["经济困难或者其他原因", "近亲属"],
    "victim_may_apply": ["被害人及其法定代理人或者近亲属", "自诉人", "附带民事诉讼", "经济困难"],
    "listed_matter": ["因经济困难没有委托代理人"],
    "no_financial_test_matter": ["不受经济困难条件的限制"],
    "not_hero_martyr_close_relative": ["英雄烈士近亲属", "人格权益"],
    "retrial_or_protest_matter": ["决定、裁定再审", "抗诉", "因经济困难"],
    "matter_not_listed": ["法律、法规、规章规定的其他情形"],
    "already_has_defender": ["没有委托辩护人"],
    "already_has_agent": ["没有委托代理人"],
    "exempt_no_fixed_income": ["无固定生活来源", "未成年人、老年人、残疾人等特定群体"],
    "exempt_social_assistance": ["社会救助"],
    "exempt_judicial_assistance": ["司法救助"],
    "exempt_special_care": ["优抚对象"],
    "exempt_migrant_worker": ["进城务工人员", ("劳动报酬", "工伤")],
    "financial_difficulty_required": ["经济困难的标准", "省、自治区、直辖市"],
    "income_within_standard": ["经济困难的标准"],
    "income_above_standard": ["经济困难的标准"],
    "no_standard_on_file": ["经济困难的标准"],
}
MATTER_TERMS = {  # the art. 31 / 32 item (or art. 33) each matter code stands for
    "state_compensation": "国家赔偿", "social_insurance_or_assistance": "社会保险待遇",
    "pension_for_disabled_or_bereaved": "抚恤金", "support_payments": "赡养费",
    "employment_or_wages": "支付劳动报酬", "employment_relationship": "确认劳动关系",
    "civil_capacity": "无民事行为能力", "work_injury": "工伤事故",
    "personal_injury": "交通事故", "environmental_damage": "环境污染",
    "hero_martyr_reputation": "英雄烈士近亲属为维护英雄烈士的人格权益",
    "bravery_claim": "见义勇为", "retrial_acquittal_compensation": "再审改判无罪请求国家赔偿",
    "abuse_abandonment_domestic_violence": "家庭暴力", RETRIAL_OR_PROTEST: "抗诉",
}
# step code -> {article: phrases}, for every article the step cites
STEP_TERMS: dict[str, dict[int, list[str]]] = {
    "authority_must_notify_center": {36: ["三日内"]},
    "right_to_own_defender": {27: ["委托辩护人的权利"]},
    "ask_duty_lawyer": {37: ["有权约见值班律师"], 14: ["派驻值班律师"], 30: ["法律帮助"]},
    "death_penalty_review_application": {25: ["死刑复核"]},
    "apply_to_center": {38: ["办案机关所在地", "事由发生地"]},
    "apply_while_detained": {39: ["二十四小时内"]},
    "relative_may_apply": {40: ["近亲属代为提出"]},
    "guardian_may_apply": {40: ["法定代理人侵犯", "其他法定代理人或者近亲属"]},
    "bring_documents_or_apply_orally": {17: ["身份证", "案件材料", "口头申请"]},
    "state_finances_or_pledge": {41: ["如实说明", "个人诚信承诺"]},
    "bring_exemption_proof": {42: ["有材料证明"]},
    "decision_within_7_days": {43: ["七日内", "三日内"]},
    "urgent_aid_before_decision": {44: ["先行提供法律援助"]},
    "consequences_of_aid": {43: ["视为撤回申请"], 48: ["终止法律援助"], 64: ["三千元以下罚款"]},
    "court_fees_by_circumstances": {53: ["缓收、减收或者免收诉讼费用"]},
    "if_refused_object": {49: ["异议"]},
    "ask_about_local_rules": {31: ["规章规定的其他情形"], 32: ["规章规定的其他情形"],
                              42: ["规章规定的其他人员"], 69: ["外国人"], 70: ["军人军属"]},
    "free_consultation": {23: ["服务窗口、电话、网络等多种方式"]},
    "hotline_12348": {},  # a public service: no statute has the number, so none is cited
}


def holds(text: str, phrases: list[str | tuple[str, ...]]) -> bool:
    return all(any(p in text for p in (phrase if isinstance(phrase, tuple) else (phrase,)))
               for phrase in phrases)


def test_every_reason_and_step_code_has_key_terms():
    assert set(REASON_TERMS) == set(REASONS)
    assert set(STEP_TERMS) == set(STEPS)
    assert set(MATTER_TERMS) == {*ART31_MATTERS, *ART32_MATTERS, RETRIAL_OR_PROTEST}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_reason_cites_an_article_that_says_it(code):
    law, number, item = REASONS[code]
    assert holds(article_text(law, number, item), REASON_TERMS[code]), (code, law, number, item)


@pytest.mark.parametrize("matter", sorted(MATTER_TERMS))
def test_each_matter_code_is_the_item_it_claims(matter):
    if matter == RETRIAL_OR_PROTEST:
        text = article_text("legal_aid_law", 33)
    elif matter in ART31_MATTERS:
        text = article_text("legal_aid_law", 31, ART31_MATTERS[matter])
    else:
        text = article_text("legal_aid_law", 32, ART32_MATTERS[matter])
    assert MATTER_TERMS[matter] in text


@pytest.mark.parametrize("code", sorted(STEPS))
def test_a_step_cites_articles_that_say_it(code):
    law, numbers = STEPS[code]
    assert set(numbers) == set(STEP_TERMS[code]), code
    for number in numbers:
        assert holds(article_text(law, number), STEP_TERMS[code][number]), (code, number)


def test_12348_is_in_no_statute_and_cited_with_none():
    for law in FILES:
        assert not any("12348" in text for text in articles(law).values())
    for name, texts in RESPONSES.items():
        for text in texts:
            if "12348" in text:
                sentences = re.split(r"(?<=[.。])\s*", text)
                for sentence in sentences:
                    if "12348" in sentence:
                        assert not citations(sentence), (name, sentence)


def _cited(name: str) -> set[tuple[str, int]]:
    return {(law, number) for text in RESPONSES[name] for law, number, *_ in citations(text)}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_reason_response_cites_its_article_in_every_language(code):
    law, number, _ = REASONS[code]
    name = f"utter_reason_{code}"
    if code == "already_has_agent":  # one text for arts. 28, 29, 31, 33 by role and matter
        assert {(law, n) for n in (28, 29, 31, 33)} <= _cited(name)
        return
    for text in RESPONSES[name]:
        assert (law, number) in {(c[0], c[1]) for c in citations(text)}, (name, text)


@pytest.mark.parametrize("code", sorted(STEPS))
def test_a_step_response_cites_its_articles_in_every_language(code):
    law, numbers = STEPS[code]
    for text in RESPONSES[f"utter_step_{code}"]:
        cited = {(c[0], c[1]) for c in citations(text)}
        assert {(law, n) for n in numbers} <= cited, (code, text)
        if not numbers:
            assert not cited, code


# ---- 3. The 2003 Regulations always carry their status ---------------------------------------
def test_every_regulations_mention_carries_its_status():
    for name, texts in RESPONSES.items():
        for text in texts:
            mentions_en = len(re.findall(r"Regulations on Legal Aid", text))
            mentions_zh = len(re.findall(r"《法律援助条例》", text))
            if name == "utter_article_superseded":
                assert "superseded" in text or "以法律援助法为准" in text
                continue
            assert text.count(REGS_STATUS_EN) >= mentions_en, (name, text)
            assert text.count(REGS_STATUS_ZH) >= mentions_zh, (name, text)


def test_the_status_the_user_sees_matches_the_law_list():
    laws = {law["id"]: law for law in yaml.safe_load(
        (REGULATIONS_DIR / "laws.yml").read_text("utf-8"))["laws"]}
    assert laws["legal_aid_regulations"]["status"] != "current"
    assert "superseded" in laws["legal_aid_regulations"]["status_note"]
    names = RESPONSES["utter_law_name_legal_aid_regulations"]
    assert any(REGS_STATUS_EN in n for n in names) and any(REGS_STATUS_ZH in n for n in names)


def test_article_labels_round_trip():  # the Chinese citation reader relies on these
    for number in (1, 10, 17, 25, 42, 71):
        assert parse_number(article_label(number)[1:-1]) == number


