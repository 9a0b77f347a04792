"""The WeChat channel's handling of WeChat's deliveries, without a Rasa server: a slow answer
is held for WeChat's retry, the last delivery gets "success" in time, a MsgId is answered once.

`on_new_message` here is a plain coroutine that answers like Rasa's collecting output channel
does, with a chosen delay; the real server is tested in test_wechat_channel.py.
"""

from __future__ import annotations

import asyncio
import time

import yaml

from bot.channels.wechat import WeChatInput
from bot.channels.wechat_protocol import SUCCESS
from bot.paths import REPO_ROOT
from tests.channels.wechat_payloads import (
    chinese_first_text,
    image_message,
    reply_fields,
    text_message,
)

RESPONSES = yaml.safe_load((REPO_ROOT / "domain.yml").read_text("utf-8"))["responses"]
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


class SlowAssistant:
    """Answers "echo: <text>" after `delay` seconds and counts the messages it processed."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.processed: list[str] = []

    async def __call__(self, message) -> None:
        self.processed.append(message.text)
        await asyncio.sleep(self.delay)
        await message.output_channel.send_text_message(message.sender_id,
                                                       f"echo: {message.text}")


async def deliver(channel: WeChatInput, body: bytes, assistant: SlowAssistant
                  ) -> tuple[float, str]:
    started = time.perf_counter()
    status, reply = await channel.handle(body, assistant, RESPONSES)
    assert status == 200
    return time.perf_counter() - started, reply


def test_a_slow_answer_is_held_for_the_retry_and_the_last_delivery_answers_in_time():
    async def scenario() -> None:
        channel = WeChatInput("token", reply_timeout=0.2, hold_seconds=0.4)
        assistant = SlowAssistant(delay=0.6)
        body = text_message(OPENID, "slow question")
        first = await deliver(channel, body, assistant)  # WeChat has hung up by then
        assert first[1] == SUCCESS and 0.35 < first[0] < 0.55
        second = await deliver(channel, body, assistant)  # the retry gets the answer
        assert reply_fields(second[1])["Content"] == "echo: slow question"
        assert second[0] < 0.35
        assert assistant.processed == ["slow question"]  # processed once

        late = SlowAssistant(delay=5)  # never ready: the third delivery must not wait
        body = text_message(OPENID, "very slow question")
        for expected in (0.4, 0.4, 0.2):
            seconds, reply = await deliver(channel, body, late)
            assert reply == SUCCESS and abs(seconds - expected) < 0.1, (seconds, expected)
        assert late.processed == ["very slow question"]

    asyncio.run(scenario())


def test_a_fast_answer_is_the_passive_reply_and_a_retry_gets_the_same():
    async def scenario() -> None:
        channel = WeChatInput("token")
        assistant = SlowAssistant(delay=0)
        body = text_message(OPENID, "hi")
        replies = [(await deliver(channel, body, assistant))[1] for _ in range(2)]
        assert replies[0] == replies[1]
        assert reply_fields(replies[0])["Content"] == "echo: hi"
        assert assistant.processed == ["hi"]

    asyncio.run(scenario())


def test_other_message_types_get_the_text_only_response_and_reach_no_conversation():
    async def scenario() -> None:
        assistant = SlowAssistant(delay=0)
        _, reply = await deliver(WeChatInput("token"), image_message(OPENID), assistant)
        assert reply_fields(reply)["Content"] == chinese_first_text(RESPONSES, "utter_text_only")
        assert assistant.processed == []

    asyncio.run(scenario())


def test_a_voice_message_with_wechats_transcript_is_answered_as_text():
    body = ("<xml><ToUserName><![CDATA[gh_3c884a361561]]></ToUserName>"
            f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
            "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format>"
            "<Recognition><![CDATA[法律援助免费吗]]></Recognition>"
            "<MsgId>5837397749201872301</MsgId></xml>").encode()

    async def scenario() -> None:
        assistant = SlowAssistant(delay=0)
        _, reply = await deliver(WeChatInput("token"), body, assistant)
        assert assistant.processed == ["法律援助免费吗"]
        assert reply_fields(reply)["Content"] == "echo: 法律援助免费吗"

    asyncio.run(scenario())
