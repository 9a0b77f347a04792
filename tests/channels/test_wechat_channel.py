"""The WeChat channel on the real Rasa server, with real-format XML payloads."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from bot.channels.guard import template
from bot.channels.wechat_protocol import MAX_BODY_BYTES
from bot.paths import REPO_ROOT
from tests.channels.wechat_payloads import (
    ACCOUNT,
    event_message,
    image_message,
    new_msg_id,
    reply_fields,
    signed_query,
    text_message,
)
from tests.live_server import WECHAT_TOKEN, Assistant

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
                                "type_name = 'user' ORDER BY id", (openid,)).fetchall()
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
    assert reply_fields(reply)["Content"] == response_text("utter_greet")


def test_pictures_and_voice_get_the_text_only_answer_and_store_nothing(assistant):
    openid = new_openid()
    status, reply = post(assistant, image_message(openid))
    assert status == 200
    assert reply != b"success", "the running model lacks utter_text_only: retrain it"
    # before any conversation, WeChat's own replies are in its default language, Chinese
    assert reply_fields(reply)["Content"] == template(RESPONSES, "utter_text_only", "zh")
    assert assistant.events(openid) == []


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
    question = say(assistant, openid, "I was arrested, can I get a free lawyer?")
    assert "1. Yes\n2. No" in question, question
    question = say(assistant, openid, "2")  # no lawyer
    assert "1. Under 18" in question, question
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
    assert assistant.events(openid) == []


def test_an_oversized_body_is_refused(assistant):
    openid = new_openid()
    status, _ = post(assistant, text_message(openid, "法" * (MAX_BODY_BYTES // 3 + 1)))
    assert status == 413
    assert assistant.events(openid) == []


def test_an_over_long_message_gets_the_limit_and_is_not_stored(assistant):
    openid = new_openid()
    answer = say(assistant, openid, "法律援助" * 600)  # 2400 characters, 7 KB
    assert answer == response_text("utter_message_too_long").replace("{max_chars}", "2000")
    assert assistant.events(openid) == []
