"""The conversation's language: "zh" or "en", read from each message.

Rule (issue 15): a message's language is its dominant script. Each Han character and each Latin
word counts one (a Han character carries about as much as an English word), so "我没有lawyer"
is Chinese, "I'm 16" English, and "what is 低保?" a tie. A message with neither ("1500", "?")
or a tie says nothing: the current language stays.
A request to switch ("说英语", "speak Chinese") names the language it wants, whatever its script.

The NLU component (bot/nlu/language_detector.py) puts the result in the message as a
`language` entity; the `language` slot (domain.yml) is filled from it by Rasa's own
`from_entity` mapping, so the value lives in the tracker store like every slot. A message with
no language entity leaves the slot as it was. The channel's default (WeChat: Chinese; the web
page: its language toggle; the staff shell: --lang) arrives as message metadata
{"language": ...} and is applied at session start (actions/session.py), when there is no
current language yet. Pure functions, no Rasa: the input channels use them too, to answer in
the right language before the dialogue runs.
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGES = ("zh", "en")
LANGUAGE_ENTITY = "language"
SWITCH_INTENT = "switch_language"
# CJK Unified Ideographs and extension A, compatibility ideographs (traditional forms included).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
PUNCTUATION = " \t\n\r\u3000.,!?;:'\"。，！？；：、“”‘’（）()"
# What a request to switch names: the language it asks for.
NAMES = {
    "zh": re.compile(r"中文|汉语|漢語|华语|華語|普通话|普通話|国语|國語|chinese|mandarin|putonghua|"
                     r"zhongwen|\bzh\b", re.IGNORECASE),
    "en": re.compile(r"英文|英语|英語|english|\ben\b", re.IGNORECASE),
}


def script_language(text: str) -> str | None:
    """The dominant script's language: Han characters vs Latin words; None for a tie or neither."""
    han = len(HAN.findall(text))
    latin = len(LATIN_WORD.findall(text))
    if han > latin:
        return "zh"
    if latin > han:
        return "en"
    return None


def requested_language(text: str) -> str | None:
    """The one language a switch request names ("请用中文" -> zh, "说英语" -> en), else None."""
    named = [language for language, pattern in NAMES.items() if pattern.search(text)]
    return named[0] if len(named) == 1 else None


def message_language(text: str, intent: str | None = None,
                     place_names: frozenset[str] = frozenset()) -> str | None:
    """The language a message sets: the one it asks for, or its script's; None keeps the current.
    A place name alone ("四川", from `place_names`) keeps it: English speakers type those too."""
    if intent == SWITCH_INTENT:
        asked = requested_language(text)
        if asked:
            return asked
    if text.strip(PUNCTUATION).casefold() in place_names:
        return None
    return script_language(text)


def metadata_language(metadata: Any) -> str | None:
    """A channel's default from message metadata {"language": "zh"}; None if absent or unknown."""
    if not isinstance(metadata, dict):
        return None
    value = metadata.get(LANGUAGE_ENTITY)
    return value if value in LANGUAGES else None
