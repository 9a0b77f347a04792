"""Runs every case in cases.yml through the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.eligibility import Facts, Outcome, StandardsTable, assess, next_questions
from tests.eligibility.conftest import HERE, load_cases

TABLE = load_cases()
CASES = TABLE["cases"]
KEYS = {"name", "facts", "outcome", "articles", "codes", "missing", "conflicts", "steps",
        "no_steps", "standard", "today", "table", "dont_know", "unknown"}


def run(case: dict):
    facts = Facts.from_mapping(case["facts"])
    table = None if case.get("table") == "none" else StandardsTable.load(HERE / TABLE["standards"])
    today = case.get("today", TABLE["today"])
    assert isinstance(today, date)
    dont_know = {"unknown": tuple(case["dont_know"])} if "dont_know" in case else {}
    return facts, table, today, assess(facts, table, today, **dont_know)


def test_the_table_is_well_formed():
    assert len(CASES) >= 45
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) <= KEYS, f"{case['name']}: unknown keys {set(case) - KEYS}"
        assert {"name", "facts", "outcome", "articles"} <= set(case), case["name"]
        if case["outcome"] == Outcome.NOT_ENOUGH_FACTS.value:
            assert "missing" in case, f"{case['name']}: say which facts are missing"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    facts, table, today, result = run(case)
    assert result.outcome.value == case["outcome"]
    assert sorted({r.article for r in result.reasons}) == sorted(case["articles"])
    if "codes" in case:
        assert sorted(result.reason_codes) == sorted(case["codes"])
    if "missing" in case:
        assert list(result.missing) == case["missing"]
    if "missing" in case and "dont_know" not in case:
        assert next_questions(facts, table, today) == case["missing"]
    assert list(result.unknown) == case.get("unknown", [])
    assert sorted(c.code for c in result.conflicts) == sorted(case.get("conflicts", []))
    for code in case.get("steps", []):
        assert code in result.step_codes
    for code in case.get("no_steps", []):
        assert code not in result.step_codes
    if "standard" in case:
        assert result.standard is not None
        assert result.standard.monthly_income_per_person_cny == Decimal(str(case["standard"]))
    elif result.standard is not None:
        assert "FICTITIOUS" in result.standard.source_title


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_result_ends_with_the_hotline_and_cites_real_articles(case):
    *_, result = run(case)
    assert result.next_steps[-1].code == "hotline_12348"
    assert all(r.law_id == "legal_aid_law" for r in result.reasons)
    assert result.outcome is Outcome.NOT_ENOUGH_FACTS or result.reasons
