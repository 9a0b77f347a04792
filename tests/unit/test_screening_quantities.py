"""Ages, money amounts and household sizes from English and Chinese answers
(bot/screening/quantities.py)."""

from __future__ import annotations

import pytest

from bot.screening.numbers import parse_chinese_number, parse_english_number
from bot.screening.quantities import (
    Quantity,
    extract_quantities,
    is_dont_know,
    parse_age,
    parse_bare_number,
    parse_household_size,
    parse_money,
)

A, M, H = "age", "money", "household_size"

# text -> every quantity found, as (kind, value) or (kind, value, period) for money per year.
EXTRACT_CASES: list[tuple[str, list[tuple]]] = [
    # ages, English
    ("I'm 16", [(A, 16)]),
    ("I’m 16", [(A, 16)]),
    ("im 16", [(A, 16)]),
    ("16 years old", [(A, 16)]),
    ("aged seventeen", [(A, 17)]),
    ("my son is 15", [(A, 15)]),
    ("I am 70", [(A, 70)]),
    ("I'm twenty-five years old", [(A, 25)]),
    ("a 16-year-old boy", [(A, 16)]),
    ("she's 70", [(A, 70)]),
    ("16yo", [(A, 16)]),
    ("16 y/o", [(A, 16)]),
    ("my age is 45", [(A, 45)]),
    ("age: 33", [(A, 33)]),
    ("He turned 18 last week", [(A, 18)]),
    ("I am about 70 now", [(A, 70)]),
    ("17 years of age", [(A, 17)]),
    # ages, Chinese
    ("我16岁", [(A, 16)]),
    ("十六岁", [(A, 16)]),
    ("今年十七", [(A, 17)]),
    ("我今年16", [(A, 16)]),
    ("孩子十五周岁", [(A, 15)]),
    ("年龄：六十五", [(A, 65)]),
    # money, English (per month unless a year is said)
    ("about 2,000 yuan a month", [(M, 2000)]),
    ("2000 rmb", [(M, 2000)]),
    ("¥1,500", [(M, 1500)]),
    ("1.5k", [(M, 1500)]),
    ("3 thousand", [(M, 3000)]),
    ("RMB1500", [(M, 1500)]),
    ("2000rmb", [(M, 2000)]),
    ("I earn 3000 monthly", [(M, 3000)]),
    ("income of 3000", [(M, 3000)]),
    ("I get paid 3,500.50 rmb per month", [(M, 3500.5)]),
    ("pension about 1800/month", [(M, 1800)]),
    ("24000 a year", [(M, 2000, "year")]),
    ("24000/year", [(M, 2000, "year")]),
    ("annual income of 30000", [(M, 2500, "year")]),
    ("no income", [(M, 0)]),
    ("two thousand five hundred yuan", [(M, 2500)]),
    # money, Chinese
    ("3千", [(M, 3000)]),
    ("两千元", [(M, 2000)]),
    ("一万二", [(M, 12000)]),
    ("1.2万", [(M, 12000)]),
    ("月收入3000元", [(M, 3000)]),
    ("每月两千五百块", [(M, 2500)]),
    ("工资两千多块", [(M, 2000)]),
    ("一千零五元", [(M, 1005)]),
    ("￥800", [(M, 800)]),
    ("没有收入", [(M, 0)]),
    ("年收入2万", [(M, 1666.67, "year")]),
    ("年薪12万", [(M, 10000, "year")]),
    # household size
    ("family of four", [(H, 4)]),
    ("4 people", [(H, 4)]),
    ("we are 3", [(H, 3)]),
    ("we're 3", [(H, 3)]),
    ("five of us", [(H, 5)]),
    ("household of 6", [(H, 6)]),
    ("a 4-person household", [(H, 4)]),
    ("there are 5 in my family", [(H, 5)]),
    ("we have 3 family members", [(H, 3)]),
    ("I am 3 people", [(H, 3)]),
    ("三口人", [(H, 3)]),
    ("一家四口", [(H, 4)]),
    ("家里5个人", [(H, 5)]),
    ("我们家有4个人", [(H, 4)]),
    ("我们是3个人", [(H, 3)]),
    # several in one answer
    ("I'm 16 and we are 4 people earning 3000", [(A, 16), (H, 4), (M, 3000)]),
    ("I earn 2000 a month and we are five", [(M, 2000), (H, 5)]),
    ("I earn 2000 a month, 24000 a year", [(M, 2000), (M, 2000, "year")]),
    ("我今年16岁，一家三口，月收入两千", [(A, 16), (H, 3), (M, 2000)]),
    ("我们是3个人，每年收入3万6", [(H, 3), (M, 3000, "year")]),
    # nothing: no cue, other numbers, implausible values
    ("16", []),
    ("article 31", []),
    ("Article 31 of the Labour Law", []),
    ("call the 12348 hotline", []),
    ("12348", []),
    ("12348热线", []),
    ("the 2021 law", []),
    ("2021年的法律", []),
    ("第31条", []),
    ("my phone is 13812345678", []),
    ("我的电话是13812345678", []),
    ("138-1234-5678", []),
    ("I am 13812345678", []),
    ("I'm 2 months behind on rent", []),
    ("my daughter is 3 months old", []),
    ("I make 3 calls a day", []),
    ("I have 2 kids", []),
    ("I was born in 1990", []),
    ("15 years", []),
    ("he is 200", []),
    ("family of 40", []),
    ("we are 0", []),
    ("-500 yuan", []),
    ("minus 500 yuan", []),
    ("被3个人打了", []),
    ("我们有3个孩子", []),
    ("", []),
    ("   ", []),
]


def _expected(item: tuple) -> tuple:
    kind, value, *period = item
    return kind, value, (period[0] if period else "month") if kind == M else None


@pytest.mark.parametrize(("text", "expected"), EXTRACT_CASES, ids=[c[0] or "empty" for c in
                                                                  EXTRACT_CASES])
def test_extract_quantities(text: str, expected: list[tuple]) -> None:
    found = [(q.kind, q.value, q.period) for q in extract_quantities(text)]
    assert found == [_expected(item) for item in expected]


@pytest.mark.parametrize(("text", "span"), [
    ("I'm 16", "16"), ("about 2,000 yuan a month", "2,000 yuan"), ("¥1,500", "¥1,500"),
    ("16 years old", "16 years old"), ("family of four", "four"), ("我16岁", "16岁"),
    ("月收入3000元", "3000元"), ("一家四口", "四口"), ("I’m 16 and we're 4 people", "16"),
])
def test_offsets_point_into_the_original_text(text: str, span: str) -> None:
    first = extract_quantities(text)[0]
    assert text[first.start:first.end] == span


def test_quantity_is_frozen() -> None:
    quantity = extract_quantities("I'm 16")[0]
    assert quantity == Quantity("age", 16, 4, 6)
    with pytest.raises(AttributeError):
        quantity.value = 17  # type: ignore[misc]


def test_convenience_parsers() -> None:
    assert parse_age("I'm 16 and we are 4 people earning 3000") == 16
    assert parse_household_size("I'm 16 and we are 4 people earning 3000") == 4
    assert parse_money("I'm 16 and we are 4 people earning 3000") == 3000
    assert parse_money("24000 a year") == 2000
    assert parse_age("16") is None
    assert parse_money("article 31") is None
    assert parse_household_size("I'm 16") is None


@pytest.mark.parametrize(("text", "value"), [
    ("16", 16), ("sixteen", 16), ("2,000", 2000), ("1.5k", 1500), ("两千", 2000),
    ("about 3000", 3000), ("twenty five.", 25), ("十六", 16), ("1.2万", 12000), ("０１６", None),
    ("16 and 4", None), ("13812345678", None), ("-5", None), ("hello", None), ("", None),
    ("I'm 16", None),
])
def test_parse_bare_number(text: str, value: float | None) -> None:
    assert parse_bare_number(text) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("I don't know", True), ("dont know", True), ("not sure", True), ("no idea", True),
    ("idk", True), ("dunno", True), ("I can't remember", True), ("不知道", True),
    ("我不清楚", True), ("记不清了", True), ("I know", False), ("知道", False),
    ("not sure, maybe 3000", False), ("I'm 16", False), ("", False),
])
def test_is_dont_know(text: str, expected: bool) -> None:
    assert is_dont_know(text) is expected


@pytest.mark.parametrize(("text", "value"), [
    ("十", 10), ("十六", 16), ("二十一", 21), ("一百零八", 108), ("两千五百", 2500),
    ("两千五", 2500), ("一万二", 12000), ("一千零五", 1005), ("1.2万", 12000), ("3千5百", 3500),
    ("二零二一", 2021), ("一亿二千万", 120_000_000), ("万", None), ("abc", None),
])
def test_parse_chinese_number(text: str, value: float | None) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(("words", "value"), [
    (["seventeen"], 17), (["twenty", "-", "five"], 25), (["3", "thousand"], 3000),
    (["1.5", "k"], 1500), (["a", "hundred"], 100), (["one", "hundred", "and", "twenty"], 120),
    (["five", "five"], None), (["16", "4"], None), ([], None),
])
def test_parse_english_number(words: list[str], value: float | None) -> None:
    assert parse_english_number(words) == value
