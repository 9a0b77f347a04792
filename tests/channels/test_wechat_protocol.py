"""The WeChat protocol's pure functions: signatures, safe XML parsing, the passive reply."""

from __future__ import annotations

import hashlib
import time

import pytest

from bot.channels.wechat_protocol import (
    MAX_BODY_BYTES,
    EncryptedMessageError,
    ProtocolError,
    chosen_button,
    dedup_key,
    is_signed,
    parse_message,
    render,
    signature,
    text_reply,
)
from tests.channels.wechat_payloads import (
    ACCOUNT,
    event_message,
    image_message,
    reply_fields,
    text_message,
)

TOKEN = "legalaid2024"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def test_signature_is_sha1_of_the_sorted_concatenation():
    expected = hashlib.sha1("".join(sorted([TOKEN, "1700000000", "42"])).encode()).hexdigest()
    assert signature(TOKEN, "1700000000", "42") == expected
    assert signature(TOKEN, "42", "1700000000") == expected  # order of the inputs is irrelevant


def test_a_fresh_correct_signature_is_accepted_and_everything_else_refused():
    now = 1_700_000_000
    good = {"signature": signature(TOKEN, str(now), "42"), "timestamp": str(now), "nonce": "42"}
    assert is_signed(TOKEN, good, now=now)
    assert is_signed(TOKEN, good, now=now + 299)
    assert not is_signed(TOKEN, good, now=now + 301)  # a replay, five minutes later
    assert not is_signed(TOKEN, good, now=now - 301)  # from the future
    assert not is_signed("another-token", good, now=now)
    assert not is_signed(TOKEN, {**good, "nonce": "43"}, now=now)
    assert not is_signed(TOKEN, {**good, "signature": "0" * 40}, now=now)
    assert not is_signed(TOKEN, {**good, "signature": "签名"}, now=now)
    assert not is_signed(TOKEN, {**good, "timestamp": "soon"}, now=now)
    for missing in good:
        assert not is_signed(TOKEN, {k: v for k, v in good.items() if k != missing}, now=now)


def test_a_text_message_is_parsed():
    message = parse_message(text_message(OPENID, "法律援助 & <help>", msg_id="1234567890123456"))
    assert message["ToUserName"] == ACCOUNT
    assert message["FromUserName"] == OPENID
    assert message["MsgType"] == "text"
    assert message["Content"] == "法律援助 & <help>"
    assert message["MsgId"] == "1234567890123456"
    assert dedup_key(message) == f"msg:{OPENID}:1234567890123456"  # per user: MsgIds repeat


def test_events_are_deduplicated_by_sender_and_time():
    message = parse_message(event_message(OPENID, "subscribe", create_time=1_700_000_000))
    assert message["Event"] == "subscribe"
    assert dedup_key(message) == f"event:{OPENID}:1700000000:subscribe:"


def test_image_messages_are_parsed_too():
    assert parse_message(image_message(OPENID))["MsgType"] == "image"


@pytest.mark.parametrize("body", [
    # billion laughs: entity expansion
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>"
    b"<Content>&lol2;</Content></xml>",
    # external entity (XXE)
    b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>"
    b"<Content>&xxe;</Content></xml>",
    # any DOCTYPE at all
    b"<!DOCTYPE xml><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>"
    b"<MsgType>text</MsgType></xml>",
    b"<xml><ToUserName>a</ToUserName><Content>&undefined;</Content></xml>",
    b"not xml",
    b"",
    b"<xml><ToUserName>a</ToUserName><MsgType>text</MsgType></xml>",  # no FromUserName
    b"<xml>" + b"<Content>a</Content>" * (MAX_BODY_BYTES // 20) + b"</xml>",
])
def test_dangerous_or_malformed_bodies_are_refused(body):
    with pytest.raises(ProtocolError):
        parse_message(body)


def test_safe_mode_messages_are_recognised_as_unsupported():
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            "<Encrypt><![CDATA[bXNn...]]></Encrypt></xml>").encode()
    with pytest.raises(EncryptedMessageError):
        parse_message(body)


def test_the_reply_swaps_the_user_names():
    message = parse_message(text_message(OPENID, "hi"))
    fields = reply_fields(text_reply(message, "Hello ]]> there\x07", now=1_700_000_001))
    assert fields["ToUserName"] == OPENID
    assert fields["FromUserName"] == ACCOUNT
    assert fields["CreateTime"] == "1700000001"
    assert fields["Content"] == "Hello ]]> there"  # CDATA end split, control character dropped


def test_texts_are_joined_with_blank_lines_and_buttons_numbered():
    messages = [
        {"recipient_id": OPENID, "text": "A legal aid center is a government body."},
        {"recipient_id": OPENID, "text": "Pick a topic:", "buttons": [
            {"title": "Who can get legal aid?", "payload": "Who can get legal aid?"},
            {"title": "Check if I qualify", "payload": "/start_screening"}]},
    ]
    pages, buttons = render(messages, "Reply with a number.")
    assert pages == ["A legal aid center is a government body.\n\nPick a topic:\n\n"
                     "1. Who can get legal aid?\n2. Check if I qualify\nReply with a number."]
    assert [b["payload"] for b in buttons] == ["Who can get legal aid?", "/start_screening"]
    assert render([{"text": "no buttons"}], "Reply with a number.") == (["no buttons"], [])
    assert render([], "x") == ([], [])


MORE = "（回复\"继续\"查看余下内容。）"


def test_a_long_answer_is_paged_at_sentences_and_keeps_its_options_on_the_last_page():
    sentences = [f"第{n}条规定，" + "法律援助机构应当指派律师" * 12 + "。" for n in range(12)]
    messages = [{"text": "".join(sentences)}]
    messages.append({"text": "More?", "buttons": [{"title": "Yes", "payload": "/affirm"}]})
    pages, _ = render(messages, "Reply with a number.", MORE, limit=2048)
    assert len(pages) >= 2
    assert all(len(page.encode()) <= 2048 for page in pages)
    for page in pages[:-1]:
        assert page.endswith("。\n\n" + MORE), page[-40:]  # cut after a sentence
    assert pages[-1].endswith("More?\n\n1. Yes\nReply with a number.")
    text = "".join(page.removesuffix("\n\n" + MORE) for page in pages)
    assert text.replace("\n", "") == ("".join(sentences) + "More?1. YesReply with a number.")


def test_options_longer_than_a_page_are_paged_at_their_lines():
    buttons = [{"title": f"第{n}个问题：" + "法律援助" * 8, "payload": f"/q{n}"}
               for n in range(40)]
    pages, _ = render([{"text": "请选择：", "buttons": buttons}], "回复数字。", MORE, limit=2048)
    assert len(pages) >= 2 and all(len(page.encode()) <= 2048 for page in pages)
    lines = "\n".join(pages).splitlines()
    assert [line for line in lines if line[:1].isdigit()] == [
        f"{n}. 第{n - 1}个问题：" + "法律援助" * 8 for n in range(1, 41)]
    assert pages[-1].endswith("回复数字。")


def test_a_sentence_longer_than_a_page_is_cut_at_a_character():
    pages = render([{"text": "字" * 1000}], "", "more", limit=100)[0]
    assert all(len(page.encode()) <= 100 for page in pages)
    assert "".join(page.removesuffix("\n\nmore") for page in pages) == "字" * 1000


@pytest.mark.parametrize(("text", "index"), [
    ("1", 0), ("2", 1), (" 2 ", 1), ("２", 1), ("2.", 1), ("3", None), ("0", None),
    ("two", None), ("12", None), ("²", 1), ("", None),
])
def test_a_number_picks_a_button(text, index):
    buttons = [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}]
    chosen = chosen_button(text, buttons)
    assert chosen == (None if index is None else buttons[index])


def test_current_time_is_the_default():
    now = int(time.time())
    message = parse_message(text_message(OPENID, "hi"))
    assert abs(int(reply_fields(text_reply(message, "x"))["CreateTime"]) - now) <= 2


def test_numbers_that_are_answers_are_listed_unnumbered_and_typed_digits_pass_through():
    sizes = [{"title": "1", "payload": "1"}, {"title": "2", "payload": "2"},
             {"title": "5 or more", "payload": "5"}, {"title": "I don't know",
                                                      "payload": "I don't know"}]
    pages, _ = render([{"text": "How many people?", "buttons": sizes}], "Reply with a number.")
    assert pages[0] == "How many people?\n\n• 1\n• 2\n• 5 or more\n• I don't know"
    assert chosen_button("4", sizes) is None  # "4 people", not "I don't know"
    assert chosen_button("６", sizes) is None
