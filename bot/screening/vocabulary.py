"""The screening's answer vocabulary (data/eligibility/answers.yml, provinces.yml) and how a
phrase is found in an answer: English phrases as whole words, Chinese ones anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from bot.paths import DATA_DIR
from bot.screening import quantities

ANSWERS_FILE = DATA_DIR / "eligibility" / "answers.yml"
PROVINCES_FILE = DATA_DIR / "eligibility" / "provinces.yml"
YES_INTENTS, NO_INTENTS = {"affirm"}, {"deny"}
_PUNCTUATION = re.compile(r"[\s,，.。;；:：!！?？、~～…\"'“”]+")


@dataclass(frozen=True)
class Answer:
    """What an answer told us: `facts` to set (usually one), or that the user doesn't know."""

    facts: dict[str, Any] = field(default_factory=dict)
    dont_know: bool = False

    @property
    def understood(self) -> bool:
        return bool(self.facts) or self.dont_know


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def province_names() -> dict[str, tuple[str, ...]]:
    """Province code -> names; the Chinese name is the value stored for the engine."""
    raw = yaml.safe_load(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]
    return {code: tuple(names) for code, names in raw.items()}


def has_cjk(phrase: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in phrase)


def matches(phrase: str, text: str) -> bool:
    phrase = phrase.lower()
    if has_cjk(phrase):
        return phrase in text
    return re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text) is not None


def longest_match(options: dict[str, list[str]], text: str) -> str | None:
    """The option with the longest phrase found in `text`."""
    best, best_length = None, 0
    lowered = text.lower()
    for value, phrases in options.items():
        for phrase in phrases:
            if len(phrase) > best_length and matches(str(phrase), lowered):
                best, best_length = value, len(phrase)
    return best


def is_dont_know(text: str, intent: str | None = None) -> bool:
    if intent == "dont_know" or quantities.is_dont_know(text):
        return True
    return longest_match({"dk": vocabulary()["dont_know"]}, text) is not None


def bare(text: str) -> str:
    """`text` in lower case without spaces and punctuation: how a whole short answer compares."""
    return _PUNCTUATION.sub("", text.lower())


@lru_cache(maxsize=4)
def bare_words(kind: str) -> frozenset[str]:
    """The vocabulary's `kind` phrases ("yes", "no"), each as `bare` gives it."""
    return frozenset(bare(str(phrase)) for phrase in vocabulary()[kind])
