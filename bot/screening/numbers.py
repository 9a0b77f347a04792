"""Number parsing shared by the NLU components: digits, Chinese numerals, English number words.

Pure functions, no spaCy. Every parser returns None for what it cannot read, never raises.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Number = int | float

# One character for one character, so offsets into the normalized text match the original.
_ONE_TO_ONE = str.maketrans("０１２３４５６７８９．’‘", "0123456789.''")

_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CN_TOKEN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]")
CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_MAGNITUDES = frozenset("千万亿")
MAX_PLAIN_DIGITS = 8  # longer digit runs are phone, ID or case numbers, not quantities

EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
EN_SCALES = {"thousand": 1000, "k": 1000, "grand": 1000, "million": 1_000_000}
EN_MAGNITUDES = frozenset(EN_SCALES)
EN_NUMBER_WORDS = frozenset(EN_UNITS) | frozenset(EN_TENS) | {"hundred"} | EN_MAGNITUDES


def normalize(text: str) -> str:
    """Full-width digits and curly apostrophes to ASCII; the length never changes."""
    return text.translate(_ONE_TO_ONE)


def to_number(value: float) -> Number:
    """An int when the value is whole, else the float rounded to 2 decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def parse_digits(text: str) -> Number | None:
    """ "2,000" -> 2000, "1.5" -> 1.5; None for phone-like runs (too long, leading zero)."""
    if not _DIGITS_RE.fullmatch(text):
        return None
    integer = text.split(".")[0]
    if "," not in integer and (len(integer) > MAX_PLAIN_DIGITS or
                               (len(integer) > 1 and integer[0] == "0")):
        return None
    return to_number(float(text.replace(",", "")))


def parse_chinese_number(text: str) -> Number | None:
    """Chinese numerals, optionally mixed with digits.

    "十六" 16, "两千五百" 2500, "一万二" 12000 (colloquial tail), "两千五" 2500, "一千零五" 1005,
    "1.2万" 12000, "3千" 3000, "二零二一" 2021.
    """
    tokens = _CN_TOKEN_RE.findall(text)
    if not tokens or "".join(tokens) != text or tokens[0] in CN_BIG_UNITS:
        return None
    total = 0.0
    section = 0.0
    current: float | None = None
    last_unit = 1
    zero = False
    for token in tokens:
        if token[0].isdigit():
            value = parse_digits(token)
            if value is None or current is not None:
                return None
            current = float(value)
        elif token in CN_DIGITS:
            digit = CN_DIGITS[token]
            if digit == 0 and current is None:
                zero = True
            else:
                current = digit if current is None else current * 10 + digit
        elif token in CN_SMALL_UNITS:
            section += (1 if current is None else current) * CN_SMALL_UNITS[token]
            current, last_unit, zero = None, CN_SMALL_UNITS[token], False
        else:
            unit = CN_BIG_UNITS[token]
            section += current or 0
            if unit > last_unit and section == 0 and total == 0:
                return None
            total = (total + section) * unit if unit == 100_000_000 else total + section * unit
            section, current, last_unit, zero = 0.0, None, unit, False
    if current is not None:
        if not zero and last_unit >= 10 and current < 10 and float(current).is_integer():
            current *= last_unit // 10  # 一万二 = 12000, 两千五 = 2500
        section += current
    return to_number(total + section)


def parse_english_number(words: Sequence[str]) -> Number | None:
    """Words and digits: ["twenty", "-", "five"] 25, ["3", "thousand"] 3000, ["1.5", "k"] 1500."""
    total = 0.0
    current: float | None = None
    previous = ""  # kind of the previous item: "", "digits", "unit", "tens", "hundred", "scale"
    for raw in words:
        word = raw.lower()
        if word in {"-", "and"} or (word == "a" and previous == ""):
            continue
        if word in EN_UNITS or word in EN_TENS:
            kind = "unit" if word in EN_UNITS else "tens"
            value = EN_UNITS.get(word, EN_TENS.get(word, 0))
            if previous not in {"", "hundred", "scale"} and not (
                previous == "tens" and kind == "unit" and 0 < value < 10
            ):
                return None
            current = (current or 0) + value
            previous = kind
        elif word == "hundred":
            current = (1 if current is None else current) * 100
            previous = "hundred"
        elif word in EN_SCALES:
            total += (1 if current is None else current) * EN_SCALES[word]
            current, previous = None, "scale"
        else:
            value = parse_digits(word)
            if value is None or previous != "":
                return None
            current, previous = float(value), "digits"
    if previous == "":
        return None
    return to_number(total + (current or 0))


def _is_start(words: Sequence[str], i: int) -> bool:
    word = words[i]
    if word in EN_UNITS or word in EN_TENS or parse_digits(word) is not None:
        return True
    return word in {"a", "one"} and i + 1 < len(words) and words[i + 1] in {"hundred", "thousand"}


def number_phrases(words: Sequence[str]) -> list[tuple[int, int, Number]]:
    """Ranges [i, j) of lower-cased tokens that form one number, with its value.

    ["about", "2,000"] -> [(1, 2, 2000)]; ["twenty", "-", "five"] -> [(0, 3, 25)];
    ["3", "thousand"] -> [(0, 2, 3000)]. Two digit tokens in a row stay two numbers.
    """
    found, i = [], 0
    while i < len(words):
        if not _is_start(words, i):
            i += 1
            continue
        j = i + 1
        while j < len(words) and (words[j] in EN_NUMBER_WORDS or (
                words[j] in {"-", "and"} and j + 1 < len(words)
                and words[j + 1] in EN_NUMBER_WORDS and words[j + 1] not in EN_MAGNITUDES)):
            j += 1
        while j > i + 1 and parse_english_number(words[i:j]) is None:
            j -= 1
        value = parse_english_number(words[i:j])
        if value is not None:
            found.append((i, j, value))
        i = j
    return found
