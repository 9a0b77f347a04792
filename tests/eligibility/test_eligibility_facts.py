"""Facts from chatbot slot values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.eligibility import FACT_NAMES, MATTER_CODES, Facts, InvalidFact
from bot.eligibility.facts import ART31_MATTERS, ART32_MATTERS


def test_slot_strings_are_parsed():
    facts = Facts.from_mapping({
        "case_type": " Criminal ", "role": "suspect_or_defendant", "has_lawyer": "false",
        "age": "16", "faces_life_or_death": "yes", "household_monthly_income": "3,000.50元",
        "household_size": 3.0, "province": " 广东 ", "requested_slot": "age",
    })
    assert facts.case_type == "criminal"
    assert facts.has_lawyer is False and facts.faces_life_or_death is True
    assert facts.age == 16 and facts.household_size == 3
    assert facts.household_monthly_income == Decimal("3000.50")
    assert facts.province == "广东"


def test_none_and_empty_strings_are_unknown():
    facts = Facts.from_mapping({"age": "", "has_lawyer": None, "matter": "  "})
    assert facts == Facts()
    assert facts.known() == {}


def test_direct_construction_is_parsed_too():
    assert Facts(age="17", has_lawyer="是").known() == {"age": 17, "has_lawyer": True}
    assert Facts(household_monthly_income=2500.5).household_monthly_income == Decimal("2500.5")


@pytest.mark.parametrize(("name", "value"), [
    ("case_type", "divorce"), ("role", "witness"), ("matter", "contract"),
    ("disability", "blind"), ("has_lawyer", "maybe"), ("age", "sixteen"), ("age", "16.5"),
    ("age", -1), ("age", True), ("household_size", 0), ("household_monthly_income", "-5"),
    ("household_monthly_income", "NaN"), ("household_monthly_income", "lots"),
])
def test_impossible_values_are_refused_with_the_fact_name(name, value):
    with pytest.raises(InvalidFact) as error:
        Facts.from_mapping({name: value})
    assert error.value.name == name


@pytest.mark.parametrize(("age", "is_minor", "minor"), [
    (16, None, True), (17, None, True), (18, None, False), (None, True, True),
    (None, False, False), (None, None, None), (30, True, False),
])
def test_age_decides_minority(age, is_minor, minor):
    assert Facts(age=age, is_minor=is_minor).minor is minor


def test_fact_names_are_unique_snake_case_slot_names():
    assert len(FACT_NAMES) == len(set(FACT_NAMES)) == 22
    assert all(name.isidentifier() and name == name.lower() for name in FACT_NAMES)


def test_matter_codes_cover_both_lists():
    # 31(5) and 31(7) are split: art. 42(3) covers wages and work injuries only
    assert sorted(set(ART31_MATTERS.values())) == list(range(1, 9))
    assert sorted(ART32_MATTERS.values()) == list(range(1, 5))
    assert set(MATTER_CODES) == {*ART31_MATTERS, *ART32_MATTERS, "retrial_or_protest", "other"}
