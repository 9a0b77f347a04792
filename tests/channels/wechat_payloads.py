"""WeChat Official Account messages as WeChat's servers post them (plain-text mode)."""

from __future__ import annotations

import itertools
import re
import time
import xml.etree.ElementTree as ET

from bot.channels.wechat_protocol import signature

ACCOUNT = "gh_3c884a361561"  # the Official Account's original ID (ToUserName)
_msg_ids = itertools.count(int(time.time() * 1000) * 1000)


def new_msg_id() -> str:
    return str(next(_msg_ids))


def signed_query(token: str, timestamp: int | None = None, nonce: str = "1804289383",
                 **extra: str) -> str:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    params = {"signature": signature(token, stamp, nonce), "timestamp": stamp, "nonce": nonce,
              "openid": extra.pop("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"), **extra}
    return "&".join(f"{k}={v}" for k, v in params.items())


def text_message(openid: str, content: str, msg_id: str | None = None) -> bytes:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>\n"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>\n"
            f"<CreateTime>{int(time.time())}</CreateTime>\n"
            "<MsgType><![CDATA[text]]></MsgType>\n"
            f"<Content><![CDATA[{content}]]></Content>\n"
            f"<MsgId>{msg_id or new_msg_id()}</MsgId>\n</xml>").encode()


def image_message(openid: str, msg_id: str | None = None) -> bytes:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>\n"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>\n"
            f"<CreateTime>{int(time.time())}</CreateTime>\n"
            "<MsgType><![CDATA[image]]></MsgType>\n"
            "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/xxYyZz/0]]></PicUrl>\n"
            "<MediaId><![CDATA[Ov3lQ-7RBqOH1ZZMzL8mLX3Bs4H8Xk1K0ZJIbF1wn0a]]></MediaId>\n"
            f"<MsgId>{msg_id or new_msg_id()}</MsgId>\n</xml>").encode()


def event_message(openid: str, event: str, create_time: int | None = None,
                  event_key: str = "") -> bytes:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>\n"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>\n"
            f"<CreateTime>{create_time or int(time.time())}</CreateTime>\n"
            "<MsgType><![CDATA[event]]></MsgType>\n"
            f"<Event><![CDATA[{event}]]></Event>\n"
            f"<EventKey><![CDATA[{event_key}]]></EventKey>\n</xml>").encode()


def reply_fields(xml: str | bytes) -> dict[str, str]:
    """The fields of a passive reply, checked to be the XML WeChat expects."""
    root = ET.fromstring(xml)
    assert root.tag == "xml"
    fields = {child.tag: child.text or "" for child in root}
    assert set(fields) == {"ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"}
    assert fields["MsgType"] == "text" and re.fullmatch(r"\d+", fields["CreateTime"])
    return fields


def chinese_first_text(responses: dict, name: str) -> str:
    """What the WeChat channel says itself (its default language is Chinese): the response's
    Chinese variation (condition on the `language` slot), else its unconditioned one."""
    zh = [{"type": "slot", "name": "language", "value": "zh"}]
    variations = responses[name]
    chosen = next((v for v in variations if v.get("condition") == zh), None)
    return (chosen or next(v for v in variations if not v.get("condition")))["text"].strip()
