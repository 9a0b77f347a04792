"""Replies the channels write themselves (too long, unavailable) are in the message's language,
chosen from the domain's variations as Rasa chooses them."""

from __future__ import annotations

import yaml
from rasa.core.channels.channel import UserMessage

from bot.channels.guard import reply_language, template
from bot.paths import DOMAIN_FILE

RESPONSES = yaml.safe_load(DOMAIN_FILE.read_text("utf-8"))["responses"]


def test_the_message_script_then_the_channel_default_decide():
    assert reply_language(UserMessage("我的问题很长" * 10)) == "zh"
    assert reply_language(UserMessage("a very long question")) == "en"
    assert reply_language(UserMessage("1234", metadata={"language": "zh"})) == "zh"
    assert reply_language(UserMessage("1234")) is None


def test_the_template_in_each_language():
    assert template(RESPONSES, "utter_message_too_long", "zh").startswith("您的消息太长了")
    assert template(RESPONSES, "utter_message_too_long", "en").startswith("Your message is too")
    assert template(RESPONSES, "utter_message_too_long") == template(
        RESPONSES, "utter_message_too_long", "en")
    assert template(RESPONSES, "utter_no_such_response", "zh") == ""
