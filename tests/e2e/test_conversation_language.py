"""The conversation's language against the running assistant, over REST: a whole screening in
Chinese, a switch Chinese -> English -> Chinese in the middle of one with no answer lost, the
channel's default from message metadata, and messages that decide no language."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.production import dialogue

pytestmark = pytest.mark.e2e

HAN = "\u4e00"


def texts_of(assistant, text: str, sender: str, metadata: dict | None = None) -> list[str]:
    body = {"sender": sender, "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    status, reply = assistant.post("/webhooks/rest/webhook", json.dumps(body).encode())
    assert status == 200, reply
    return [m.get("text") or "" for m in json.loads(reply)]


def chinese(texts: list[str]) -> bool:
    joined = "".join(texts)
    return bool(joined) and sum(c >= HAN and c <= "\u9fff" for c in joined) > len(joined) / 3


def question(texts: list[str]) -> str | None:
    return dialogue.question_in(texts)


def test_a_whole_screening_in_chinese(assistant):
    sender = f"zh-{uuid.uuid4()}"

    def send(text: str) -> list[str]:
        return texts_of(assistant, text, sender)

    # Buttons' payloads are the same in both languages: this is what a click sends.
    result = dialogue.screen(send, "我能申请法律援助吗", {
        "case_type": '/inform{"answer": "criminal"}',
        "role": '/inform{"answer": "suspect or defendant"}',
        "has_lawyer": "/deny",
        "defendant_grounds": '/inform{"answer": "faces_life_or_death"}',
        "facts_confirmed": "/affirm"})
    assert result.asked == ["case_type", "role", "has_lawyer", "defendant_grounds",
                            "facts_confirmed"]
    assert result.summary.startswith("评估之前，请确认我理解得对不对：")
    assert "- 可能被判处无期徒刑、死刑：是" in result.summary
    assert result.assessment.startswith("结论：应当免费为您指派律师")
    assert "《法律援助法》第二十五条第一款第（四）项" in result.assessment
    assert "第二十六条" in result.assessment  # three years' experience
    assert "Outcome" not in result.assessment


def test_switching_language_mid_screening_loses_no_answer(assistant):
    sender = f"switch-{uuid.uuid4()}"
    texts = texts_of(assistant, "我能申请法律援助吗", sender)
    assert question(texts) == "case_type" and chinese(texts)
    texts = texts_of(assistant, '/inform{"answer": "criminal"}', sender)
    assert question(texts) == "role" and chinese(texts)

    texts = texts_of(assistant, "English please", sender)
    assert texts[0] == "OK, I'll answer in English from now on."
    assert question(texts) == "role"
    assert any(text.startswith("What is the role in the criminal case of the person who needs "
                               "legal aid?") for text in texts), texts
    texts = texts_of(assistant, "I am the victim", sender)
    assert question(texts) == "has_lawyer" and not chinese(texts)

    texts = texts_of(assistant, "请用中文", sender)
    assert texts[0] == "好的，接下来我用中文回答。"
    assert question(texts) == "has_lawyer" and chinese(texts[1:])
    texts = texts_of(assistant, "/deny", sender)
    assert question(texts) == "matter" and chinese(texts)
    texts = texts_of(assistant, '/inform{"answer": "domestic violence"}', sender)
    summary = dialogue.summary_in(texts)
    for line in ("- 案件类型：刑事", "- 您的身份：被害人", "- 已委托律师：否",
                 "- 事项：遭受虐待、遗弃或者家庭暴力"):
        assert line in summary, summary
    texts = texts_of(assistant, "/affirm", sender)
    assert dialogue.assessment_in(texts).startswith(
        "结论：您可以申请法律援助，不受经济困难条件的限制")
    slots = dialogue.stored_slots(assistant.tracker_url, sender)
    assert slots["language"] == "zh" and slots["screening_outcome"] == "eligible_no_financial_test"


def test_the_channels_default_applies_at_session_start_only(assistant):
    sender = f"default-{uuid.uuid4()}"
    greeting = texts_of(assistant, "/greet", sender, {"language": "zh"})
    assert greeting[0].startswith("您好") and chinese(greeting)
    assert texts_of(assistant, "hello", sender, {"language": "zh"})[0].startswith("Hello")
    # the default does not override the language the conversation is in
    assert texts_of(assistant, "/greet", sender, {"language": "zh"})[0].startswith("Hello")
    other = f"default-{uuid.uuid4()}"
    assert texts_of(assistant, "/greet", other, {"language": "en"})[0].startswith("Hello")
    assert texts_of(assistant, "/greet", f"none-{uuid.uuid4()}")[0].startswith("Hello")


def test_a_message_without_letters_or_characters_keeps_the_language(assistant):
    sender = f"keep-{uuid.uuid4()}"
    texts = texts_of(assistant, "我能申请法律援助吗", sender)
    assert question(texts) == "case_type" and chinese(texts)
    texts_of(assistant, '/inform{"answer": "criminal"}', sender)
    texts = texts_of(assistant, '/inform{"answer": "suspect or defendant"}', sender)
    assert question(texts) == "has_lawyer" and chinese(texts)
    texts = texts_of(assistant, "/deny", sender)
    assert question(texts) == "defendant_grounds" and chinese(texts)
    texts = texts_of(assistant, "45", sender)  # neither script: still Chinese (asked again)
    assert question(texts) == "defendant_grounds" and chinese(texts)
    texts = texts_of(assistant, "no", sender)  # Latin: English from now on ("none of these")
    assert question(texts) == "facts_confirmed" and not chinese(texts)


def test_faq_answers_and_menus_in_chinese(assistant):
    """A retrieval intent's answer (ResponseSelector, ActionRetrieveResponse) follows the slot
    like every response; the topic menu's Chinese buttons send questions that are understood."""
    sender = f"faq-{uuid.uuid4()}"
    answer = texts_of(assistant, "法律援助收费吗？", sender)
    assert answer[0].startswith("是的，法律援助本身是无偿的"), answer
    assert "《法律援助法》第二条、第二十条、第五十三条、第五十五条" in answer[0]
    status, reply = assistant.post("/webhooks/rest/webhook", json.dumps(
        {"sender": sender, "message": "/ask_all_topics"}).encode())
    assert status == 200
    [menu] = json.loads(reply)
    assert menu["text"] == "以下是我能回答的全部问题，请选择："
    titles = [button["title"] for button in menu["buttons"]]
    assert "申请被拒绝了怎么办？" in titles
    button = next(b for b in menu["buttons"] if b["title"] == "申请被拒绝了怎么办？")
    answer = texts_of(assistant, button["payload"], sender)
    assert "《法律援助法》第四十九条" in answer[0], answer
    english = texts_of(assistant, "what if my application is refused?", sender)
    assert "(Legal Aid Law art. 49)" in english[0], english
