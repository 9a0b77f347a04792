"""The legal audit's overstatement, wording and translation findings stay fixed (issue 17:
P2-2..P2-8, P3-1..P3-3), checked in every language's variation."""

from __future__ import annotations

import yaml

from bot.paths import DOMAIN_FILE, REGULATIONS_DIR
from tests.eligibility.legal_texts import RESPONSES, article_text, citations


def _texts(name: str) -> tuple[str, str]:
    english, chinese = RESPONSES[name][0], RESPONSES[name][-1]
    assert english != chinese, f"{name}: needs an English and a Chinese variation"
    return english, chinese


def test_art_21_is_cited_only_for_what_centers_must_do():
    """P2-3: art. 21 binds legal aid institutions and personnel, not this assistant."""
    for name, texts in RESPONSES.items():
        for text in texts:
            if ("legal_aid_law", 21) in {(c[0], c[1]) for c in citations(text)}:
                assert ("Personal Information Protection Law" in text
                        or "个人信息保护法" in text), name
    page = " ".join((DOMAIN_FILE.parent / "web" / "index.html").read_text("utf-8").split())
    assert "Personal Information Protection Law" in page and "as the Legal Aid Law" not in page


def test_art_23_is_not_narrowed_to_three_channels():
    """P2-4: art. 23 says 服务窗口、电话、网络等多种方式 ("and other means")."""
    for name, texts in RESPONSES.items():
        for text in texts:
            if ("legal_aid_law", 23) in {(c[0], c[1]) for c in citations(text)}:
                assert "other means" in text or "等多种方式" in text, name


def test_art_32_and_42_are_not_overstated():
    """P2-4: art. 32 lifts the condition (the center still decides); art. 42 needs proof."""
    english, chinese = _texts("utter_outcome_eligible_no_financial_test")
    assert "can apply" in english and "不受经济困难条件的限制" in chinese
    for fact in ("social_assistance", "judicial_assistance", "special_care",
                 "migrant_worker_wage_or_injury", "vulnerable_group"):
        english, chinese = _texts(f"utter_why_{fact}")
        assert "proof" in english and "有材料证明" in chinese, fact


def test_art_55_scope_and_the_right_to_other_personnel():
    english, chinese = _texts("utter_faq/is_it_free")
    assert "anyone" not in english and "replace" in english
    assert "更换法律援助人员" in chinese and "缓收、减收或者免收" in chinese  # art. 53 (P4-5)


def test_per_person_income_is_presented_as_the_projects_method():
    english, chinese = _texts("utter_why_household_size")
    assert "this project's method" in english and "本项目的计算方法" in chinese


def test_death_penalty_review_route_is_marked_as_a_supplementary_rule():
    """P2-6: outside the knowledge base, so marked for verification."""
    english, chinese = _texts("utter_step_death_penalty_review_application")
    assert "Supplementary rule, verify" in english and "10 days" in english
    assert "补充规定" in chinese and "核实" in chinese and "十日内" in chinese


def test_faq_paraphrases_follow_the_statute():
    """P2-2 and P2-8: the exam rule with its equivalents and exception; Lawyers Law art. 31."""
    english, chinese = _texts("utter_faq/who_are_the_staff")
    assert ("lawyers_law", 5) in {(c[0], c[1]) for c in citations(english)}
    assert "seed" not in english and "同等效力" in chinese and "考核合格" in chinese
    english, chinese = _texts("utter_faq/lawyer_duties")
    assert "procedural rights" in english
    assert "无罪、罪轻或者减轻、免除其刑事责任的材料和意见" in chinese and "诉讼权利" in chinese
    assert "无罪、罪轻或者减轻、免除其刑事责任的材料和意见" in article_text("lawyers_law", 31)


def test_translation_findings_stay_fixed():
    """P3-1..P3-3: 被撤销 is 'revoked'; the seed English of LL 31 and Regs 5 carries a note."""
    def english(law: str, file: str, number: int) -> str:
        data = yaml.safe_load((REGULATIONS_DIR / "en" / file).read_text("utf-8"))
        return next(a["text"] for a in data["articles"] if a["number"] == number)

    assert "revoked" in english("legal_aid_law", "legal_aid_law_2021.en.yml", 48)
    assert "withdrawn" not in english("legal_aid_law", "legal_aid_law_2021.en.yml", 48)
    regs = "legal_aid_regulations_2003.en.yml"
    assert "revoked" in english("legal_aid_regulations", regs, 23)
    assert "Editorial note" in english("legal_aid_regulations", regs, 5)
    assert "司法行政部门" in english("legal_aid_regulations", regs, 5)
    lawyers = english("lawyers_law", "lawyers_law_2017.en.yml", 31)
    assert "Editorial note" in lawyers and "procedural rights" in lawyers
