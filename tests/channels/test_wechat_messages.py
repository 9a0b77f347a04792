"""The WeChat channel's handling of what users send, without a Rasa server: any declared XML
encoding, custom-menu clicks, de-duplication per user, Chinese as the default language, and
replies over WeChat's 2,048 bytes (continued on 继续 / more, or through the customer-service
API against a local stand-in). The real server is tested in test_wechat_channel.py."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.channels.wechat import WeChatInput
from bot.channels.wechat_protocol import MENU_KEYS, SUCCESS
from tests.channels.test_wechat_deliveries import RESPONSES
from tests.channels.wechat_api_stand_in import WeChatApiStandIn
from tests.channels.wechat_payloads import (
    ACCOUNT,
    event_message,
    new_msg_id,
    reply_fields,
    text_message,
)

OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
OTHER = "oUpF8uMuAJO_M2pxb1Q9zNjWeS7p"
SENTENCE = "法律援助机构应当指派律师担任辩护人，经济困难的可以申请法律援助。"  # 96 bytes
LONG_ANSWER = SENTENCE * 60  # about 5.8 KB: three pages
MORE_ZH = next(v["text"] for v in RESPONSES["utter_wechat_more"] if v.get("condition"))
MORE_EN = next(v["text"] for v in RESPONSES["utter_wechat_more"] if not v.get("condition"))


class Assistant:
    """Answers each message with `answers[text]` (or "echo: text"); records what it got."""

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.answers = answers or {}
        self.received: list[tuple[str, str, dict]] = []  # sender, text, metadata

    async def __call__(self, message) -> None:
        self.received.append((message.sender_id, message.text, message.metadata))
        await message.output_channel.send_text_message(
            message.sender_id, self.answers.get(message.text, f"echo: {message.text}"))

    @property
    def texts(self) -> list[str]:
        return [text for _, text, _ in self.received]


def deliver(channel: WeChatInput, body: bytes, assistant: Assistant) -> str:
    status, reply = asyncio.run(channel.handle(body, assistant, RESPONSES))
    assert status == 200, reply
    return reply_fields(reply)["Content"] if reply != SUCCESS else reply


def test_a_body_declaring_gbk_is_decoded_by_its_declaration():
    body = ('<?xml version="1.0" encoding="GBK"?>\n'
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
            f"<FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            "<Content><![CDATA[法律援助免费吗]]></Content>"
            f"<MsgId>{new_msg_id()}</MsgId></xml>").encode("gbk")
    assistant = Assistant()
    assert deliver(WeChatInput("token"), body, assistant) == "echo: 法律援助免费吗"


def test_an_unknown_or_wrong_declared_encoding_is_a_clear_400():
    assistant = Assistant()
    for declaration, content in (("x-no-such-encoding", b"a"), ("GBK", b"\xff\xff")):
        body = (f'<?xml version="1.0" encoding="{declaration}"?><xml><ToUserName>a'
                "</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>"
                ).encode() + content + b"</Content></xml>"
        status, reply = asyncio.run(WeChatInput("token").handle(body, assistant, RESPONSES))
        assert (status, reply) == (400, "bad request")
    assert assistant.received == []


def test_a_menu_click_says_its_keys_payload_and_an_unknown_key_gets_help():
    assistant = Assistant({"/start_screening": "Is your matter criminal or civil?"})
    wechat = WeChatInput("token")
    click = event_message(OPENID, "CLICK", event_key="LEGAL_AID_CHECK")
    assert deliver(wechat, click, assistant) == "Is your matter criminal or civil?"
    deliver(wechat, event_message(OPENID, "CLICK", create_time=1, event_key="NO_SUCH_KEY"),
            assistant)
    assert assistant.texts == ["/start_screening", "/ask_capabilities"]
    assert set(MENU_KEYS.values()) >= {"/start_screening", "/ask_all_topics", "/human_handoff"}
    link = event_message(OPENID, "VIEW", create_time=2, event_key="https://example.org")
    assert deliver(wechat, link, assistant) == SUCCESS and len(assistant.received) == 2


def test_the_same_msg_id_from_two_users_is_two_messages():
    assistant, wechat, msg_id = Assistant(), WeChatInput("token"), new_msg_id()
    for openid in (OPENID, OTHER, OPENID):  # the third is a retry of the first
        deliver(wechat, text_message(openid, f"hello from {openid}", msg_id=msg_id), assistant)
    assert [(sender, text) for sender, text, _ in assistant.received] == [
        (OPENID, f"hello from {OPENID}"), (OTHER, f"hello from {OTHER}")]


def test_the_conversation_language_defaults_to_chinese():
    assistant = Assistant()
    deliver(WeChatInput("token"), text_message(OPENID, "hi"), assistant)
    assert assistant.received[0][2] == {"language": "zh"}


def test_a_long_reply_is_paged_and_继续_gets_the_rest_without_reaching_the_assistant():
    assistant, wechat = Assistant({"long": LONG_ANSWER}), WeChatInput("token")
    pages = [deliver(wechat, text_message(OPENID, "long"), assistant)]
    for word in ("继续", "more"):
        pages.append(deliver(wechat, text_message(OPENID, word), assistant))
    assert all(len(page.encode()) <= 2048 for page in pages)
    assert pages[0].endswith("。\n\n" + MORE_ZH) and pages[1].endswith("。\n\n" + MORE_ZH)
    assert "".join(p.removesuffix("\n\n" + MORE_ZH) for p in pages) == LONG_ANSWER
    assert assistant.texts == ["long"]  # 继续 and more were the channel's, not the assistant's
    assert deliver(wechat, text_message(OPENID, "继续"), assistant) == "echo: 继续"  # nothing left


def test_the_rest_is_dropped_when_the_user_asks_something_else_and_english_gets_english():
    english = "A legal aid center assigns a lawyer. " * 120  # about 4.4 KB
    assistant, wechat = Assistant({"long": english}), WeChatInput("token")
    first = deliver(wechat, text_message(OPENID, "long"), assistant)
    assert first.endswith("lawyer.\n\n" + MORE_EN) and len(first.encode()) <= 2048
    assert deliver(wechat, text_message(OPENID, "hi"), assistant) == "echo: hi"
    assert deliver(wechat, text_message(OPENID, "more"), assistant) == "echo: more"
    assert deliver(wechat, text_message(OTHER, "more"), assistant) == "echo: more"


@pytest.fixture(scope="module")
def wechat_api() -> WeChatApiStandIn:
    api = WeChatApiStandIn(16092, "wx2c2769f8efd9abc2", "app-secret-for-tests")
    api.serve_in_thread()
    return api


def test_with_the_customer_service_api_the_rest_is_sent_right_away(wechat_api):
    api = wechat_api
    api.expire_next_send = True  # the first token has expired on WeChat's side: renewed once
    wechat = WeChatInput("token", app_id=api.app_id, app_secret=api.app_secret,
                         customer_service=True, api_url=api.url)
    assistant = Assistant({"long": LONG_ANSWER})

    async def conversation() -> str:
        _, reply = await wechat.handle(text_message(OPENID, "long"), assistant, RESPONSES)
        for _ in range(100):  # the rest goes out after the passive reply
            if len(api.sent) >= 2:
                break
            await asyncio.sleep(0.05)
        return reply_fields(reply)["Content"]

    first = asyncio.run(conversation())
    assert MORE_ZH not in first and len(first.encode()) <= 2048
    assert [m["touser"] for m in api.sent] == [OPENID, OPENID]
    assert all(m["msgtype"] == "text" for m in api.sent)
    rest = [m["text"]["content"] for m in api.sent]
    assert all(len(page.encode()) <= 2048 for page in rest)
    assert first + "".join(rest) == LONG_ANSWER
    assert api.token_requests == 2


def test_with_the_customer_service_api_an_answer_too_late_for_wechat_is_sent_when_ready(
        wechat_api):
    api = wechat_api
    api.sent.clear()
    wechat = WeChatInput("token", app_id=api.app_id, app_secret=api.app_secret,
                         customer_service=True, api_url=api.url, reply_timeout=0.2,
                         hold_seconds=0.3)

    class Slow(Assistant):
        async def __call__(self, message) -> None:
            await asyncio.sleep(1.2)  # beyond all three deliveries (0.3 + 0.3 + 0.2 s)
            await super().__call__(message)

    async def deliveries() -> list[str]:
        body, assistant = text_message(OPENID, "slow question"), Slow()
        replies = [(await wechat.handle(body, assistant, RESPONSES))[1] for _ in range(3)]
        for _ in range(60):
            if api.sent:
                break
            await asyncio.sleep(0.05)
        return replies

    assert asyncio.run(deliveries()) == [SUCCESS] * 3
    assert api.sent == [{"touser": OPENID, "msgtype": "text",
                         "text": {"content": "echo: slow question"}}]
