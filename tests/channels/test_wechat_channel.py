"""The WeChat channel on the real Rasa server, with real-format XML payloads."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from bot.channels.wechat_protocol import MAX_BODY_BYTES
from bot.paths import REPO_ROOT
from tests.channels.wechat_payloads import (
    ACCOUNT,
    chinese_first_text,
    event_message,
    image_message,
    new_msg_id,
    reply_fields,
    signed_query,
    text_message,
)
from tests.channels.wechat_sample import sample_decrypt, sample_encrypt
from tests.live_server import WECHAT_APP_ID, WECHAT_ENCODING_AES_KEY, WECHAT_TOKEN, Assistant

pytestmark = pytest.mark.e2e

RESPONSES = yaml.safe_load((REPO_ROOT / "domain.yml").read_text("utf-8"))["responses"]
XML = "text/xml"


def response_text(name: str) -> str:
    return RESPONSES[name][0]["text"].strip()


def new_openid() -> str:
    return "o" + uuid.uuid4().hex[:27]


def post(server: Assistant, body: bytes, query: str | None = None) -> tuple[int, bytes]:
    query = signed_query(WECHAT_TOKEN) if query is None else query
    return server.post(f"/webhooks/wechat/webhook?{query}", body, XML)


def say(server: Assistant, openid: str, text: str) -> str:
    """The Content of the passive reply to a text message."""
    status, reply = post(server, text_message(openid, text))
    assert status == 200, reply
    fields = reply_fields(reply)
    assert (fields["ToUserName"], fields["FromUserName"]) == (openid, ACCOUNT)
    return fields["Content"]


def user_texts(server: Assistant, openid: str) -> list[str]:
    """What the tracker stored as the user's messages."""
    path = server.tracker_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT data FROM events WHERE sender_id = ? AND "
                                "type_name = 'user' ORDER BY id", (f"wechat:{openid}",)).fetchall()
    return [json.loads(row[0])["text"] for row in rows]


def test_the_admin_console_handshake_echoes_echostr(assistant):
    query = signed_query(WECHAT_TOKEN, echostr="5837397749201872301")
    request = assistant.base_url + f"/webhooks/wechat/webhook?{query}"
    status, body = get(request)
    assert (status, body) == (200, b"5837397749201872301")
    status, _ = get(request.replace(WECHAT_TOKEN, "x").replace("signature=", "signature=0"))
    assert status == 403


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_question_gets_a_cited_passive_reply(assistant):
    answer = say(assistant, new_openid(), "what does a legal aid centre do?")
    assert "Legal Aid Law art." in answer


def test_subscribing_gets_the_welcome(assistant):
    openid = new_openid()
    status, reply = post(assistant, event_message(openid, "subscribe"))
    assert status == 200
    # WeChat gives the conversation Chinese as its default language (metadata at session start)
    assert reply_fields(reply)["Content"] == chinese_first_text(RESPONSES, "utter_greet")


def test_pictures_and_voice_get_the_text_only_answer_and_store_nothing(assistant):
    openid = new_openid()
    status, reply = post(assistant, image_message(openid))
    assert status == 200
    assert reply != b"success", "the running model lacks utter_text_only: retrain it"
    assert reply_fields(reply)["Content"] == chinese_first_text(RESPONSES, "utter_text_only")
    assert assistant.events(f"wechat:{openid}") == []


def test_a_retried_msg_id_is_answered_once_with_the_same_reply(assistant):
    openid, msg_id = new_openid(), new_msg_id()
    body = text_message(openid, "is legal aid free?", msg_id=msg_id)
    with ThreadPoolExecutor(2) as pool:  # the retry arrives while the first is being answered
        first = pool.submit(post, assistant, body)
        time.sleep(0.05)
        second = pool.submit(post, assistant, body)
        replies = [first.result(), second.result()]
    replies.append(post(assistant, body))  # and once more after the answer
    contents = {reply_fields(reply)["Content"] for status, reply in replies if status == 200}
    assert len(contents) == 1 and all(status == 200 for status, _ in replies)
    assert user_texts(assistant, openid) == ["is legal aid free?"]


def test_buttons_become_numbered_options_answered_by_a_digit(assistant):
    openid = new_openid()
    menu = say(assistant, openid, "what can you do?")
    options = [line for line in menu.splitlines() if line[:1].isdigit()]
    assert options[:2] == ["1. What does a legal aid center do?", "2. Who can get legal aid?"]
    say(assistant, openid, "２")  # full width, as Chinese keyboards type it
    assert user_texts(assistant, openid)[-1] == "Who can get legal aid?"
    assert menu.endswith("\n" + response_text("utter_reply_with_number")), (
        "the running model lacks utter_reply_with_number: retrain it")


def test_a_screening_answered_with_digits_reaches_an_assessment(assistant):
    openid = new_openid()
    answer = say(assistant, openid, "I was arrested, can I get a free lawyer?")
    assert "(Legal Aid Law art. 24)" in answer, answer  # the law's answer first (issue 16)
    assert "1. Yes, check my case\n2. No, thanks" in answer, answer  # then the offer
    question = say(assistant, openid, "1")  # check my case
    assert "1. Yes\n2. No" in question, question  # has a lawyer?
    question = say(assistant, openid, "2")  # no lawyer
    assert "1. A minor (under 18)" in question, question  # the art. 25 / 28 grounds' question
    summary = say(assistant, openid, "1")  # a minor
    assert "1. Yes, that's right" in summary, summary
    assessment = say(assistant, openid, "1")
    assert assessment.startswith("Outcome: a lawyer must be appointed"), assessment
    assert "art. 25(1)" in assessment


@pytest.mark.parametrize("query", [
    "",  # no signature at all
    signed_query("a-forged-token"),
    signed_query(WECHAT_TOKEN, timestamp=int(time.time()) - 3600),  # a replay an hour later
])
def test_a_forged_missing_or_stale_signature_is_refused_and_stores_nothing(assistant,
                                                                          query):
    openid = new_openid()
    status, body = post(assistant, text_message(openid, "hello"), query)
    assert (status, body) == (403, b"forbidden")
    assert assistant.events(f"wechat:{openid}") == []


def test_an_oversized_body_is_refused(assistant):
    openid = new_openid()
    status, _ = post(assistant, text_message(openid, "法" * (MAX_BODY_BYTES // 3 + 1)))
    assert status == 413
    assert assistant.events(f"wechat:{openid}") == []


def test_an_over_long_message_gets_the_limit_and_is_not_stored(assistant):
    openid = new_openid()
    answer = say(assistant, openid, "法律援助" * 600)  # 2400 characters, 7 KB
    # answered in the message's language (Chinese here)
    assert answer == chinese_first_text(RESPONSES, "utter_message_too_long").replace(
        "{max_chars}", "2000")
    assert assistant.events(f"wechat:{openid}") == []


def test_a_safe_mode_message_is_answered_with_a_reply_wechat_decrypts(assistant):
    openid, stamp, nonce = new_openid(), str(int(time.time())), "528491317"
    inner = text_message(openid, "法律援助免费吗？").decode()
    encrypt, msg_signature = sample_encrypt(WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY, WECHAT_APP_ID,
                                            inner, stamp, nonce)
    body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>").encode()
    query = signed_query(WECHAT_TOKEN, timestamp=int(stamp), nonce=nonce, openid=openid,
                         encrypt_type="aes", msg_signature=msg_signature)
    status, reply = post(assistant, body, query)
    assert status == 200, reply
    envelope = {child.tag: child.text or "" for child in ET.fromstring(reply)}
    xml = sample_decrypt(WECHAT_TOKEN, WECHAT_ENCODING_AES_KEY, WECHAT_APP_ID,
                         envelope["Encrypt"], envelope["MsgSignature"], envelope["TimeStamp"],
                         envelope["Nonce"])
    fields = reply_fields(xml)
    assert fields["ToUserName"] == openid and fields["Content"]
    assert user_texts(assistant, openid) == ["法律援助免费吗？"]

    forged = query.replace(f"msg_signature={msg_signature}", "msg_signature=" + "0" * 40)
    assert post(assistant, body, forged)[0] == 403


def test_a_signed_body_declaring_gbk_is_answered(assistant):
    openid = new_openid()
    body = text_message(openid, "法律援助免费吗？").decode()
    status, reply = post(assistant, ('<?xml version="1.0" encoding="GBK"?>\n' + body)
                         .encode("gbk"))
    assert status == 200, reply
    assert reply_fields(reply)["Content"]
    assert user_texts(assistant, openid) == ["法律援助免费吗？"]


def test_a_menu_click_starts_the_screening(assistant):
    openid = new_openid()
    status, reply = post(assistant, event_message(openid, "CLICK", event_key="LEGAL_AID_CHECK"))
    assert status == 200
    assert "1. " in reply_fields(reply)["Content"]  # the first question, with its options
    assert user_texts(assistant, openid) == ["/start_screening"]


def test_one_msg_id_from_two_users_is_two_messages(assistant):
    first, second, msg_id = new_openid(), new_openid(), new_msg_id()
    for openid in (first, second):
        status, _ = post(assistant, text_message(openid, "is legal aid free?", msg_id=msg_id))
        assert status == 200
    assert user_texts(assistant, first) == user_texts(assistant, second) == [
        "is legal aid free?"]


def test_a_reply_over_wechats_limit_is_paged_and_more_gets_the_rest(assistant):
    openid = new_openid()
    say(assistant, openid, "what does a legal aid centre do?")
    pages = [say(assistant, openid, "which article says that?")]
    while len(pages) < 6 and len(pages[-1].encode()) > 1500:  # a full page: there is more
        pages.append(say(assistant, openid, "more"))
    assert len(pages) >= 2, f"the articles fit one reply ({len(pages[0].encode())} bytes)"
    assert all(len(page.encode()) <= 2048 for page in pages)
    assert "第十二条" in "".join(pages) and "第十四条" in "".join(pages)
    assert user_texts(assistant, openid) == ["what does a legal aid centre do?",
                                             "which article says that?"]
