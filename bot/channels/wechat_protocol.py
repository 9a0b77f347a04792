"""The WeChat Official Account (公众号) message protocol: pure functions, no Rasa.

Signatures (SHA1 of the sorted token, timestamp and nonce), a safe parser for the XML WeChat
posts (no DOCTYPE, no entity declarations, a size cap, any declared encoding), the menu keys,
and the passive reply: XML with the two user names swapped, the bot's texts joined by blank
lines and its buttons as numbered options, in pages of WeChat's size (wechat_pages.py).
Safe-mode encryption is in wechat_crypto.py.
"""

from __future__ import annotations

import codecs
import hashlib
import hmac
import re
import time
import unicodedata
from collections.abc import Mapping
from typing import Any
from xml.parsers import expat

from bot.channels.wechat_pages import MAX_REPLY_BYTES, join, paginate

MAX_BODY_BYTES = 64 * 1024  # WeChat's messages are well under 2 KB
MAX_AGE_SECONDS = 5 * 60  # older (or further in the future) timestamps are refused: replays
SUCCESS = "success"  # "received, no reply": WeChat shows nothing and does not retry
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DECLARED_ENCODING = re.compile(
    rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["'][^>]*\?>""")
# The custom menu's buttons (自定义菜单, type "click"): EventKey -> what the user "says".
# docs/channels.md lists them for the operator who sets up the menu.
MENU_KEYS = {
    "LEGAL_AID_CHECK": "/start_screening",  # 我能申请法律援助吗 / Can I get legal aid?
    "LEGAL_AID_TOPICS": "/ask_all_topics",  # 常见问题 / Questions I can answer
    "LEGAL_AID_HELP": "/ask_capabilities",  # 使用帮助 / What can you do?
    "LEGAL_AID_PERSON": "/human_handoff",  # 联系人工 / Talk to a person
    "LEGAL_AID_DELETE": "/delete_data",  # 删除我的数据 / Delete my data
}
UNKNOWN_MENU_KEY = "/ask_capabilities"


class ProtocolError(ValueError):
    """A request body that is not a well-formed, acceptable WeChat message."""


class EncryptedMessageError(ProtocolError):
    """A safe-mode (AES-encrypted) message: not supported yet."""


def signature(token: str, timestamp: str, nonce: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def is_signed(token: str, params: Mapping[str, str | None], now: float | None = None) -> bool:
    """Whether the query string carries a fresh timestamp and the signature of `token`."""
    given, timestamp, nonce = (params.get(k) or "" for k in ("signature", "timestamp", "nonce"))
    if not (given and timestamp and nonce):
        return False
    try:
        stamp = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - stamp) > MAX_AGE_SECONDS:
        return False
    expected = signature(token, timestamp, nonce).encode()
    return hmac.compare_digest(expected, given.lower().encode("utf-8", "replace"))


def parse_message(body: bytes) -> dict[str, str]:
    """The fields of a plain-text-mode message, checked (see `parse_fields`)."""
    return checked_message(parse_fields(body))


def as_utf8(body: bytes) -> bytes:
    """`body` in UTF-8 (expat's own encodings aside, it reads no other multi-byte one): a
    declared encoding such as GBK is decoded here and the declaration dropped."""
    declared = _DECLARED_ENCODING.match(body)
    if not declared:
        return body
    name = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError as error:
        raise ProtocolError(f"unknown encoding {name!r}") from error
    if codec == "utf-8":
        return body
    try:
        return body[declared.end():].decode(codec).encode("utf-8")
    except UnicodeError as error:
        raise ProtocolError(f"the body is not valid {name}") from error


def parse_fields(body: bytes) -> dict[str, str]:
    """The fields of `<xml><Field>value</Field>…</xml>`; nested elements are ignored.

    Expat with every DOCTYPE and entity declaration refused (so no entity expansion, no
    external entities) and the size capped: the defences defusedxml would give.
    """
    if len(body) > MAX_BODY_BYTES:
        raise ProtocolError(f"body larger than {MAX_BODY_BYTES} bytes")
    body = as_utf8(body)
    fields: dict[str, str] = {}
    path: list[str] = []
    text: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        path.append(name)
        if len(path) == 2:
            text.clear()

    def end(name: str) -> None:
        if len(path) == 2:
            fields[name] = "".join(text)
        path.pop()

    def characters(data: str) -> None:
        if len(path) == 2:
            text.append(data)

    def refuse(*_: Any) -> None:
        raise ProtocolError("DOCTYPE and entity declarations are not accepted")

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(body, True)
    except (expat.ExpatError, ValueError) as error:  # ValueError: an unsupported encoding
        raise ProtocolError(f"malformed XML: {error}") from error
    return fields


def checked_message(fields: dict[str, str]) -> dict[str, str]:
    """`fields` if they are a plain message WeChat would send; ProtocolError otherwise."""
    if "Encrypt" in fields and "MsgType" not in fields:
        raise EncryptedMessageError("safe-mode (encrypted) messages are not supported")
    missing = [k for k in ("ToUserName", "FromUserName", "MsgType") if not fields.get(k)]
    if missing:
        raise ProtocolError(f"missing {', '.join(missing)}")
    return fields


def dedup_key(message: Mapping[str, str]) -> str:
    """Sender + MsgId for messages (a MsgId is not unique across users); sender + CreateTime
    for events (WeChat's advice), with the menu key of a click."""
    if message.get("MsgId"):
        return f"msg:{message['FromUserName']}:{message['MsgId']}"
    return ":".join(("event", message["FromUserName"], message.get("CreateTime", ""),
                     message.get("Event", ""), message.get("EventKey", "")))


def menu_payload(event_key: str) -> str:
    """What a click on the custom menu's button `event_key` says to the assistant."""
    return MENU_KEYS.get(event_key.strip(), UNKNOWN_MENU_KEY)


def _cdata(text: str) -> str:
    text = _NOT_XML_CHARACTERS.sub("", text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(message: Mapping[str, str], content: str, now: float | None = None) -> str:
    """The passive reply to `message`: a text message from the account back to the user."""
    created = int(time.time() if now is None else now)
    return (
        "<xml>"
        f"<ToUserName>{_cdata(message['FromUserName'])}</ToUserName>"
        f"<FromUserName>{_cdata(message['ToUserName'])}</FromUserName>"
        f"<CreateTime>{created}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content>"
        "</xml>"
    )


def render(messages: list[dict[str, Any]], hint: str = "", more_hint: str = "",
           limit: int = MAX_REPLY_BYTES) -> tuple[list[str], list[dict[str, Any]]]:
    """Rasa's collected messages as pages of text, and the buttons it numbered (in order).

    Texts come first, joined by blank lines, then every button as "1. title", "2. title", …
    and `hint` (the domain's "reply with a number" line). Over `limit` bytes the text goes on
    on further pages, each cut at a sentence and ending with `more_hint`; the options are on
    the last page.
    """
    texts = [m["text"].strip() for m in messages if (m.get("text") or "").strip()]
    buttons = [b for m in messages for b in m.get("buttons") or [] if b.get("payload")]
    if numbers_are_answers(buttons):  # the titles are the answers: list them unnumbered
        tail = "\n".join(f"• {b.get('title') or b['payload']}" for b in buttons)
    else:
        tail = "\n".join(f"{n}. {b.get('title') or b['payload']}"
                         for n, b in enumerate(buttons, 1))
    if buttons and hint and not numbers_are_answers(buttons):
        tail += "\n" + hint
    return paginate(join(*texts), tail, more_hint, limit), buttons


def _as_number(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().rstrip(".、")


def numbers_are_answers(buttons: list[dict[str, Any]]) -> bool:
    """Whether a button's title is itself a number ("How many people…? 1, 2, 3, 4, 5 or
    more"): then a typed "6" is the answer, not option 6, so digits choose no option."""
    return any(_as_number(str(b.get("title") or "")).isdigit() for b in buttons)


def chosen_button(text: str, buttons: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The button a reply like "2" (or full-width "２", "2.") picks, if it picks one."""
    number = _as_number(text)
    if numbers_are_answers(buttons):
        return None
    if number.isascii() and number.isdigit() and 1 <= int(number) <= len(buttons):
        return buttons[int(number) - 1]
    return None
