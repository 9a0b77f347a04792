"""Chinese and Arabic numerals as used in article labels (第二十五条, 第一百零五条, 第25条)."""

from __future__ import annotations

import re
import unicodedata

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
_CANONICAL_DIGITS = "零一二三四五六七八九"
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "0123456789０１２３４５６７８９"
MAX_NUMBER = 9999

# 第 <numeral> 条, spaces tolerated inside (users type "第 25 条").
ARTICLE_LABEL_RE = re.compile(rf"第\s*([{NUMERAL_CHARS}]+)\s*条")


def _arabic(text: str) -> int | None:
    """Value of a string of (ASCII or full-width) decimal digits, else None."""
    if not text or not all(unicodedata.category(ch) == "Nd" for ch in text):
        return None
    return int("".join(str(unicodedata.digit(ch)) for ch in text))


def parse_number(text: str) -> int:
    """Parse a Chinese numeral (一..九, 十, 百, 千, 零, 两) or Arabic digits into an int.

    Raises ValueError for anything that is not a well-formed numeral, e.g. "十十", "一百五"
    (colloquial, ambiguous) or "一百零五十".
    """
    text = text.strip()
    arabic = _arabic(text)
    if arabic is not None:
        return arabic
    if not text:
        raise ValueError("empty numeral")
    total = 0
    pending: int | None = None  # a digit waiting for its unit
    last_unit = MAX_NUMBER + 1  # units must strictly decrease
    zero = False  # a 零 was seen since the last unit
    for ch in text:
        if ch in DIGITS:
            value = DIGITS[ch]
            if pending is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            if value == 0:
                if zero or last_unit > MAX_NUMBER:
                    raise ValueError(f"misplaced 零 in {text!r}")
                zero = True
                continue
            pending = value
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"units out of order in {text!r}")
            if zero and unit * 10 >= last_unit:
                raise ValueError(f"零 without a gap in {text!r}")
            if pending is None:
                if ch != "十" or zero:
                    raise ValueError(f"{ch} without a digit in {text!r}")
                pending = 1  # 十五 = 15, 一百十 = 110
            total += pending * unit
            pending, last_unit, zero = None, unit, False
        else:
            raise ValueError(f"not a numeral character {ch!r} in {text!r}")
    if zero and pending is None:
        raise ValueError(f"trailing 零 in {text!r}")
    if pending is not None:
        if last_unit <= MAX_NUMBER and last_unit > 10 and not zero:
            # 一百五 is colloquial for 150 but reads as 105 to some: refuse rather than guess.
            raise ValueError(f"ambiguous trailing digit in {text!r}")
        if zero and last_unit <= 10:
            raise ValueError(f"零 without a gap in {text!r}")
        total += pending
    return total


def to_chinese(number: int) -> str:
    """Standard Chinese numeral for 0..9999: 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"out of range: {number}")
    if number == 0:
        return "零"
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if not (unit == 10 and digit == 1 and not parts):
            parts.append(_CANONICAL_DIGITS[digit])
        parts.append(name)
    return "".join(parts)


def article_label(number: int) -> str:
    """第二十五条 for 25."""
    return f"第{to_chinese(number)}条"


def parse_article_label(text: str) -> int:
    """25 for 第二十五条 / 第25条 / 第 25 条; ValueError if *text* is not exactly such a label."""
    match = ARTICLE_LABEL_RE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not an article label: {text!r}")
    return parse_number(match.group(1))
