"""Replies longer than WeChat's passive-reply limit (2,048 bytes), in pages.

A page ends at a sentence (。！？； . ! ? or a line break) that fits, or, when one sentence alone
is too long, at a character. Every page but the last ends with the domain's
`utter_wechat_more` ("reply 继续 / more for the rest"); the numbered options of the answer
are on the last page. The rest is sent when the user replies 继续 / more, or right away through
the customer-service message API when the operator enables it (bot/channels/wechat.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from bot.nlu.language import script_language
from bot.responses import language_slots, response_text

MAX_REPLY_BYTES = 2048  # WeChat refuses longer passive text replies
MORE_WORDS = {"继续", "更多", "下一页", "more", "continue", "next"}
# "." ends a sentence before a space, except in an option's number ("2. ") and "art. 25".
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’」』）)\"']*|(?<!\d)(?<!art)\.(?=\s)|\n")


def size(text: str) -> int:
    return len(text.encode())


def join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def cut_at_sentence(text: str, room: int) -> tuple[str, str]:
    """The longest head of `text` ending at a sentence within `room` bytes, and the rest."""
    cut = 0
    for match in _SENTENCE_END.finditer(text):
        if size(text[:match.end()].rstrip()) > room:
            break
        cut = match.end()
    if cut == 0:  # no sentence fits: cut at the last whole character that does
        cut = max(len(text.encode()[:max(room, 0)].decode("utf-8", "ignore")), 1)
    return text[:cut].rstrip(), text[cut:].lstrip()


def paginate(body: str, tail: str = "", more_hint: str = "",
             limit: int = MAX_REPLY_BYTES) -> list[str]:
    """`body` then `tail` (the numbered options) in pages of at most `limit` bytes."""
    pages: list[str] = []
    room = limit - size("\n\n" + more_hint) if more_hint else limit
    while body:
        whole = join(body, tail)
        if size(whole) <= limit:
            return [*pages, whole]
        head, body = cut_at_sentence(body, room)
        pages.append(join(head, more_hint))
    while size(tail) > limit:  # the options alone are over a page: paged at their lines
        head, tail = cut_at_sentence(tail, room)
        pages.append(join(head, more_hint))
    return [*pages, tail] if tail else pages


def is_more_request(text: str) -> bool:
    """Whether the user asks for the rest of a long answer ("继续", "more", "Continue.")."""
    word = unicodedata.normalize("NFKC", text).strip().strip("。.!！~～ ").lower()
    return word in MORE_WORDS


def language_of(text: str, default: str = "zh") -> str:
    """"zh" or "en": the language a reply is written in, by the conversation's own rule
    (bot/nlu/language.py: Han characters against Latin words), `default` when it decides none."""
    return script_language(text) or default


def channel_text(responses: Mapping[str, Any], name: str, language: str) -> str:
    """The text of a domain response the channel adds itself, in `language`: the variation
    Rasa would utter (bot/responses.py)."""
    return response_text({"responses": responses}, name, language_slots(language)).strip()
