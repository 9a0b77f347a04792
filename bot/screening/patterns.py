"""Cue patterns for quantities: spaCy Matcher token patterns (English), regexes (Chinese).

A label is "<kind>:<span rule>". The span rule says what the reported span covers:
"suffix" the number and the unit after it (strong cue), "prefix" a currency sign before the
number and the number (strong cue), "cue" the number alone (context words before it).
"""

from __future__ import annotations

import re
from typing import Any

Pattern = list[dict[str, Any]]

NUM: dict[str, Any] = {"_": {"qx_num": True}}


def _any(*words: str, op: str | None = None) -> dict[str, Any]:
    token: dict[str, Any] = {"LOWER": {"IN": list(words)}}
    if op:
        token["OP"] = op
    return token


_BE = ("is", "'s", "was", "turned", "turns", "will", "be")
_ABOUT = ("about", "around", "approximately", "approx", "roughly", "only", "just", "nearly",
          "almost", "over", "under", "maybe", "like", "~", "currently", "now", "already")
_RELATIVES = ("he", "she", "son", "daughter", "child", "kid", "boy", "girl", "baby", "mother",
              "mom", "mum", "father", "dad", "husband", "wife", "brother", "sister", "grandson",
              "granddaughter", "grandmother", "grandma", "grandfather", "grandpa", "nephew",
              "niece", "applicant", "victim", "age")
_YEARS = ("years", "year", "yrs", "yr")
CURRENCY = ("yuan", "rmb", "cny", "kuai", "renminbi", "元", "块")
_CURRENCY_SIGNS = ("¥", "￥", "rmb", "cny")
_EARN = ("earn", "earns", "earning", "earned", "make", "makes", "making", "income", "incomes",
         "salary", "salaries", "wage", "wages", "pay", "paid", "pension", "earnings",
         "allowance", "benefits", "subsidy", "revenue")
_MONEY_FILLER = _ABOUT + ("is", "of", ":", "around", "than", "less", "more", "a", "an")
_PEOPLE = ("people", "persons", "person", "ppl", "members", "member", "individuals")
_PER = ("a", "per", "each", "every", "/")
_PERIODS = ("month", "mo", "mth", "year", "yr", "annum")

ENGLISH_PATTERNS: dict[str, list[Pattern]] = {
    "age:suffix": [
        [NUM, _any("-", op="?"), _any(*_YEARS), _any("-", op="?"), _any("old")],
        [NUM, _any(*_YEARS), _any("of"), _any("age")],
        [NUM, _any("yo", "y.o", "y.o.")],
        [NUM, _any("y"), _any("/"), _any("o")],
    ],
    "age:cue": [
        [_any("i"), _any("'m", "am", "m"), _any(*_ABOUT, op="*"), NUM],
        [_any("aged", "age"), _any("is", "of", ":", "=", op="?"), _any(*_ABOUT, op="*"), NUM],
        [_any(*_RELATIVES), _any(*_BE), _any(*_ABOUT, "be", "turn", op="*"), NUM],
        [_any("turned", "turning", "turn"), NUM],
    ],
    "money:suffix": [
        [NUM, _any(*CURRENCY)],
    ],
    "money:prefix": [
        [_any(*_CURRENCY_SIGNS), NUM],
    ],
    "money:cue": [
        [_any(*_EARN), _any(*_MONEY_FILLER, op="*"), NUM],
        [NUM, _any(*CURRENCY, op="?"), _any(*_PER), _any(*_PERIODS)],
        [NUM, _any(*CURRENCY, op="?"), _any("monthly", "yearly", "annually")],
    ],
    "household_size:suffix": [
        [NUM, _any("-", op="?"), _any(*_PEOPLE)],
        [NUM, _any("family"), _any("members", "member")],
        [NUM, _any("of"), _any("us")],
        [NUM, _any("in"), _any("my", "our", "the"), _any("family", "household", "home", "house")],
    ],
    "household_size:cue": [
        [_any("family", "household", "families"), _any("of"), NUM],
        [_any("we"), _any("'re", "are", "re"), _any(*_ABOUT, op="*"), NUM],
        [_any("household", "family"), _any("size"), _any("is", "of", ":", op="?"), NUM],
    ],
}

# After a number found only through context words ("I'm 16", "earning 3000"), the next word
# must be one of these (or punctuation, or the end): "I'm 2 months late" is not an age.
_GLUE = ("and", "but", "so", "or", "now", "this", "currently", "right", "then", "too", "also",
         "with", "in", "at", "though", "anyway", "total", "altogether", "myself", "-")
FOLLOWERS: dict[str, frozenset[str]] = {
    "age": frozenset(_GLUE + _YEARS + ("old", "yo", "soon", "next", "already", "last", "recently",
                                      "when", "on", "since")),
    "money": frozenset(_GLUE + CURRENCY + _PER + _PERIODS + (
        "monthly", "yearly", "annually", "before", "after", "net", "gross", "pre", "month",
        "months", "or", "each", "tops", "max", "maximum", "roughly")),
    "household_size": frozenset(_GLUE + _PEOPLE + (
        "including", "kids", "children", "brothers", "sisters", "adults", "family")),
}

# Chinese: numbers of digits and/or Chinese numerals, never a digit run's tail.
_CN = "零〇一二两三四五六七八九十百千万亿"
_N = (r"(?<![\d.,])(?<!\s-)(?<!^-)"  # not a digit run's tail, not a negative amount
      r"(?P<num>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[" + _CN[:13] + "])"
      r"(?:[" + _CN + r"]|(?<![\d.])\d+(?:\.\d+)?)*)(?![\d." + _CN + "])")
_FILL = r"(?:是|为|有|大概|大约|约|差不多|才|只有|就|共|一共|总共|[:：\s])*"
CHINESE_NUMBER = re.compile(_N)
CHINESE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("age:suffix", re.compile(_N + r"\s*(?:周岁|岁)")),
    ("age:cue", re.compile(r"(?:今年|年龄|年纪|岁数)(?:已经|已|满)?" + _FILL + _N
                           + r"(?!\s*(?:年|元|块|月|号|日|个|人|口|次|天|%|k|K))")),
    ("money:suffix", re.compile(_N + r"\s*(?:多|来)?\s*(?:元|块|圆|人民币|rmb|RMB|yuan)")),
    ("money:prefix", re.compile(r"(?:¥|￥|人民币|RMB|rmb)\s*" + _N)),
    ("money:cue", re.compile(r"(?:收入|工资|月薪|年薪|薪水|薪资|挣|赚|退休金|养老金|低保|补贴|每月"
                             r"|每个月|一个月|每年|一年|月入|年入)" + _FILL + _N
                             + r"(?!\s*(?:次|天|个|岁|人|口|年|号|%|小时|周))")),
    ("household_size:suffix", re.compile(_N + r"\s*口(?:人|之家)?")),
    ("household_size:suffix", re.compile(r"(?:家里面|家里|家中|我们家|我家|全家|家庭成员|家庭|一家|"
                                         r"我们|人口)" + _FILL + _N + r"\s*(?:个人|人|位)")),
]
NO_INCOME = re.compile(r"\b(?:no|zero)\s+income\b|没有收入|没收入|无收入|零收入", re.IGNORECASE)

YEAR_CUE = re.compile(r"\b(?:a|per|each|every)\s+(?:year|yr|annum)\b|/\s*(?:year|yr|年)|"
                      r"\b(?:yearly|annually|annual)\b|年收入|年薪|每年|一年|年入|全年|年均|年工资",
                      re.IGNORECASE)
MONTH_CUE = re.compile(r"\b(?:a|per|each|every)\s+(?:month|mo|mth)\b|/\s*(?:month|mo|月)|"
                       r"\bmonthly\b|月收入|月薪|每月|每个月|一个月|月入|月均|月工资",
                       re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\n]|\band\b|\bbut\b")

DONT_KNOW = re.compile(
    r"\b(?:i\s+)?(?:do\s*n'?t|do not|dont)\s+(?:really\s+)?(?:know|remember)\b|\bnot\s+(?:sure|"
    r"certain)\b|\bno\s+(?:idea|clue)\b|\bidk\b|\bdunno\b|\bunsure\b|\b(?:can'?t|cannot)\s+"
    r"remember\b|不知道|不清楚|不确定|不晓得|不记得|记不清|说不清|说不好|忘了", re.IGNORECASE)
