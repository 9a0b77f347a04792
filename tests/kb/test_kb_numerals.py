"""Chinese numerals in article labels."""

from __future__ import annotations

import pytest

from bot.kb.numerals import (
    ARTICLE_LABEL_RE,
    article_label,
    parse_article_label,
    parse_number,
    to_chinese,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("二", 2), ("两", 2), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19),
        ("一十五", 15), ("二十", 20), ("二十一", 21), ("两百", 200), ("九十九", 99),
        ("一百", 100), ("一百零一", 101), ("一百零五", 105), ("一百一十", 110),
        ("一百十", 110), ("一百二十三", 123), ("两百零七", 207), ("九百九十九", 999),
        ("一千", 1000), ("一千零五", 1005), ("一千零五十", 1050), ("一千五百", 1500),
        ("一千二百三十四", 1234), ("九千九百九十九", 9999),
        ("25", 25), ("7", 7), ("０２５", 25), ("２５", 25), (" 三十 ", 30),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "零", "〇", "十十", "百", "千", "二二", "一百零", "一百五", "一千五", "一百零五十",
     "十零五", "一零", "百十", "十百", "一千千", "第十", "二十a", "2十", "一〇五", "一百零零五"],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (100, "一百"),
     (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (1005, "一千零五"),
     (1050, "一千零五十"), (1500, "一千五百"), (0, "零")],
)
def test_to_chinese(value: int, text: str) -> None:
    assert to_chinese(value) == text


def test_round_trip_every_number_up_to_9999() -> None:
    for value in range(1, 10000):
        assert parse_number(to_chinese(value)) == value


def test_to_chinese_range() -> None:
    with pytest.raises(ValueError):
        to_chinese(10000)
    with pytest.raises(ValueError):
        to_chinese(-1)


@pytest.mark.parametrize(
    ("label", "value"),
    [("第十条", 10), ("第二十一条", 21), ("第一百条", 100), ("第一百零五条", 105),
     ("第25条", 25), ("第 25 条", 25), ("第三十一条", 31), ("第七十一条", 71)],
)
def test_parse_article_label(label: str, value: int) -> None:
    assert parse_article_label(label) == value


@pytest.mark.parametrize("label", ["第条", "三十一条", "第三十一", "第三十一条款", "Article 31"])
def test_parse_article_label_rejects(label: str) -> None:
    with pytest.raises(ValueError):
        parse_article_label(label)


def test_article_label() -> None:
    assert article_label(25) == "第二十五条"
    assert article_label(10) == "第十条"
    assert article_label(105) == "第一百零五条"


def test_label_regex_finds_labels_in_text() -> None:
    found = [m.group(1) for m in ARTICLE_LABEL_RE.finditer("依照本法第二十五条、第28条规定")]
    assert found == ["二十五", "28"]
