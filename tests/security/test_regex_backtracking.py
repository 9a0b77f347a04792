"""The NLU's Chinese number regexes must stay linear on long digit runs.

Rasa runs NLU on its event loop, so a message that makes a regex backtrack blocks every
conversation on the server. bot/screening/patterns.py's `_N` lets a digit run split between `\\d+`
and the repeated `(?:[零...亿]|\\d+(?:\\.\\d+)?)*` in exponentially many ways when no unit
follows: 24 digits took 8 s, 26 digits 30 s, 40 digits would take hours. Each case runs in a
subprocess because a backtracking regex cannot be interrupted.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.paths import REPO_ROOT

CASES = ["1" * 2000, "我今年" + "1" * 60 + "了", "工资" + "1" * 60, "¥" + "1" * 60 + "x",
         "1.1." * 500, "1,000" * 400, "一1" * 1000]
PROBE = f"""
from bot.screening.patterns import CHINESE_NUMBER, CHINESE_PATTERNS
for text in {CASES!r}:
    for pattern in [CHINESE_NUMBER, *(pattern for _, pattern in CHINESE_PATTERNS)]:
        list(pattern.finditer(text))
"""


def test_chinese_number_patterns_are_linear() -> None:
    try:
        subprocess.run([sys.executable, "-c", PROBE], cwd=REPO_ROOT, timeout=5, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the Chinese number patterns took over 5 s on {len(CASES)} inputs of "
                    "at most 2,000 characters")
