"""Codes are complete, used, and cite articles that exist in the statute text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import bot.eligibility as eligibility
from bot.eligibility import ALL_CONFLICT_CODES, ALL_REASON_CODES, ALL_STEP_CODES, Facts, assess
from bot.eligibility.result import REASONS, STEPS
from bot.kb.numerals import article_label, to_chinese
from bot.paths import REGULATIONS_DIR
from tests.eligibility.test_eligibility_cases import CASES, run

PACKAGE = Path(eligibility.__file__).parent
LAWS = {"legal_aid_law": "legal_aid_law_2021.zh.txt",
        "legal_aid_regulations": "legal_aid_regulations_2003.zh.txt"}


def article_text(law_id: str, number: int) -> str:
    text = (REGULATIONS_DIR / "zh" / LAWS[law_id]).read_text(encoding="utf-8")
    match = re.search(rf"^{article_label(number)}(.*?)(?=^第[一二三四五六七八九十百零]+条|\Z)",
                      text, re.M | re.S)
    assert match, f"{law_id} art. {number} not found"
    return match.group(1)


def results():
    return [run(case)[-1] for case in CASES]


def test_codes_are_unique_snake_case():
    for codes in (ALL_REASON_CODES, ALL_STEP_CODES, ALL_CONFLICT_CODES):
        assert len(codes) == len(set(codes))
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)


def test_every_code_the_cases_produce_is_listed_and_every_listed_code_is_tested():
    seen_reasons = {code for result in results() for code in result.reason_codes}
    seen_steps = {code for result in results() for code in result.step_codes}
    seen_conflicts = {c.code for result in results() for c in result.conflicts}
    assert seen_reasons == set(ALL_REASON_CODES)
    assert seen_steps == set(ALL_STEP_CODES)
    assert seen_conflicts == set(ALL_CONFLICT_CODES)


@pytest.mark.parametrize("code", ALL_REASON_CODES)
def test_reason_articles_and_items_exist(code):
    law_id, article, item = REASONS[code]
    text = article_text(law_id, article)
    if item is not None:
        assert f"（{to_chinese(item)}）" in text


def test_matter_items_exist_in_articles_31_and_32():
    for result in results():
        for reason in result.reasons:
            if reason.item is not None:
                assert f"（{to_chinese(reason.item)}）" in article_text(reason.law_id,
                                                                     reason.article)


@pytest.mark.parametrize("code", ALL_STEP_CODES)
def test_step_articles_exist(code):
    law_id, articles = STEPS[code]
    for article in articles:
        assert article_text(law_id, article)
    assert articles or code == "hotline_12348"  # 12348 is in no statute: it cites none


def test_statute_wording_the_rules_rely_on():
    assert "没有委托辩护人" in article_text("legal_aid_law", 24)
    assert "没有委托辩护人" in article_text("legal_aid_law", 25)
    assert "视力、听力、言语残疾人" in article_text("legal_aid_law", 25)
    assert "申请法律援助的死刑复核案件被告人" in article_text("legal_aid_law", 25)
    assert "没有委托诉讼代理人" in article_text("legal_aid_law", 28)
    assert "不受经济困难条件的限制" in article_text("legal_aid_law", 32)
    assert "免予核查经济困难状况" in article_text("legal_aid_law", 42)
    assert "口头申请" in article_text("legal_aid_regulations", 17)


def test_the_engine_does_not_import_rasa():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    alias.name for alias in node.names]
                assert not any(name.split(".")[0].startswith("rasa") for name in names), path


def test_assessment_as_dict_is_json_ready():
    import json

    result = assess(Facts(case_type="civil", matter="support_payments", has_lawyer=False))
    assert json.loads(json.dumps(result.as_dict()))["outcome"] == "not_enough_facts"


def test_exports():
    for name in ("Facts", "assess", "next_questions", "Assessment", "Outcome", "Reason",
                 "NextStep", "StandardsTable", "ALL_REASON_CODES", "ALL_STEP_CODES",
                 "SUPPORT_PAYMENTS", "ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE", "OTHER"):
        assert name in eligibility.__all__
