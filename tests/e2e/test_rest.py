"""Talk to the running assistant over REST, as the website and apps do."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy

from bot.ops import launcher

pytestmark = pytest.mark.e2e


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_what_does_a_legal_aid_centre_do(assistant):
    reply = texts(assistant.say("what does a legal aid centre do?"))
    assert "Legal Aid Law art. 12" in reply
    assert "assigns lawyers" in reply


def test_follow_up_shows_the_cited_articles_in_both_languages(assistant):
    sender = f"test-{uuid.uuid4()}"
    assistant.say("is legal aid free", sender)
    reply = texts(assistant.say("which article says that?", sender))
    assert "article 20 (第二十条)" in reply
    assert "Unofficial English translation" in reply
    assert "法律援助人员应当恪守职业道德" in reply


def test_greeting_and_bot_challenge(assistant):
    sender = f"test-{uuid.uuid4()}"
    assert "legal-aid guidance assistant" in texts(assistant.say("hi", sender))
    assert "not a lawyer" in texts(assistant.say("am I talking to a bot?", sender))


def test_help_offers_topic_buttons(assistant):
    messages = assistant.say("what can you do?")
    buttons = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert "Who can get legal aid?" in buttons
    assert "More topics" in buttons


def test_a_topic_button_payload_is_answered(assistant):
    reply = texts(assistant.say("How do I apply for legal aid?"))
    assert "art. 38" in reply


def test_talk_to_a_person_gives_the_honest_route(assistant):
    reply = texts(assistant.say("I want to speak to a real person"))
    assert "12348" in reply


def test_out_of_scope_says_what_it_can_do(assistant):
    reply = texts(assistant.say("what's the weather in beijing tomorrow"))
    assert "I can't help with that" in reply
    assert "art." not in reply


def test_gibberish_asks_to_rephrase(assistant):
    # Either is honest; a confident answer to a question nobody asked is not.
    reply = texts(assistant.say("qwzx plorf vvv"))
    assert "say it another way" in reply or "I can't help with that" in reply
    assert "art." not in reply


def test_article_lookup_and_a_missing_article(assistant):
    reply = texts(assistant.say("show me article 25 of the legal aid law"))
    assert "第二十五条" in reply
    reply = texts(assistant.say("what does article 99 of the legal aid law say"))
    assert "no article 99" in reply and "1 to 71" in reply


def test_conversation_is_stored_in_the_sql_tracker_store(assistant):
    sender = f"stored-{uuid.uuid4()}"
    assistant.say("hello", sender)
    engine = sqlalchemy.create_engine(assistant.tracker_url, future=True)
    with engine.connect() as connection:
        count = connection.execute(sqlalchemy.text(
            "select count(*) from events where sender_id = :s"), {"s": f"rest:{sender}"}).scalar()
    assert count >= 3


def test_the_launcher_warms_up_the_action_server(assistant):
    env = {"ACTION_SERVER_PORT": str(assistant.action_server_port)}
    assert launcher.warm_up_action_server(env) is True
    assert launcher.warm_up_action_server({"ACTION_SERVER_PORT": "15999"}, timeout=2) is False
