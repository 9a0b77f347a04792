"""Hostile input against the running assistant: no 5xx, no crash, no action failure, no
reflected markup, the knowledge base unchanged, and a normal question still answered after."""

from __future__ import annotations

import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.guard import is_encodable, sender_id_problem
from bot.nlu.language import script_language
from tests.security.conftest import Reply, Servers, domain_text, kb_checksum

pytestmark = pytest.mark.e2e

# 500 keep `make test` under its time budget (about 100 s); HOSTILE_MESSAGES=5000 for a longer run.
GENERATED_MESSAGES = int(os.environ.get("HOSTILE_MESSAGES", "500"))
HOSTILE = {
    "empty": "",
    "spaces": "   ",
    "whitespace": "\t\n\r \u3000\u00a0",
    "100 KB": "法" * 100_000,
    "100 KB ASCII": "a" * 102_400,
    "control characters": "\x00\x01\x07\x1b[31mred\x1b[0m\x7f\x9b article 31",
    "NUL only": "\x00" * 10,
    "emoji": "👩\u200d⚖️ 法律援助 🙏🏽 can I get legal aid? 🇨🇳",
    "RTL Arabic": "مرحبا، هل يمكنني الحصول على مساعدة قانونية مجانية؟",
    "RTL Hebrew": "שלום, האם אני זכאי לסיוע משפטי?",
    "RTL override": "\u202eevil\u202c show me article 31 of the legal aid law",
    "zero width": "a\u200bb\u200cc\u200dd\ufeff",
    "SQL drop": "'; DROP TABLE kb_articles; --",
    "SQL or": "1' OR '1'='1",
    "SQL in article": "show me article 31'; DELETE FROM kb_articles WHERE '1'='1 of the law",
    "SQL union": "what does the law say about ' UNION SELECT * FROM kb_meta --",
    "SQL in Chinese": "法律援助法第三十一条'; DROP TABLE events; --",
    "HTML script": "<script>alert('x')</script>",
    "HTML img": "<img src=x onerror=alert(1)>",
    "HTML in search": "what does the law say about <script>alert(1)</script>",
    "template": "{text_zh} {law_name} {{7*7}} ${jndi:ldap://example.invalid/a} %s %n",
    "intent restart": "/restart",
    "intent with bad JSON": '/greet{"household_size": ',
    "intent unknown": "/no_such_intent",
    "intent with entities": '/inform{"household_monthly_income": "DROP TABLE", "age": -1}',
    "intent session start": "/session_start",
    "path traversal": "../../../../etc/passwd",
    # a long digit run: once made the Chinese number patterns backtrack for minutes
    "huge number": "article " + "9" * 1900 + " of the legal aid law",
    "negative article": "article -1 of the legal aid law",
    "Chinese huge article": "法律援助法第九千九百九十九万条",
    "one long word": "x" * 1999,
    "2001 spaces": " " * 2001,
    "long with spaces around": "  " + "x" * 2000 + "\n",
}


def check(reply: Reply, sender: str, message: str) -> None:
    """What every accepted message must get: 200, a JSON list of replies to this sender, no
    failed action, no reflected markup, and the polite refusal exactly when it is too long."""
    assert reply.status == 200, (reply.status, reply.body[:300])
    messages = reply.json()
    assert isinstance(messages, list)
    assert all(m["recipient_id"] == sender for m in messages)
    texts = [str(m.get("text", "")) for m in messages]
    assert not {domain_text("utter_service_unavailable", language)
                for language in ("en", "zh")} & set(texts), "an action failed"
    assert not any("<script" in t or "onerror=" in t for t in texts), texts
    # The refusal is in the message's own script (the dialogue never sees the message).
    too_long = domain_text("utter_message_too_long", script_language(message)).replace(
        "{max_chars}", "2000")
    # Rasa's UserMessage strips surrounding whitespace before the guard counts: 2001 spaces
    # are an empty message, not a long one.
    assert (texts == [too_long]) == (len(message.strip()) > 2000), texts[:2]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_message_is_answered_calmly(servers: Servers, name: str) -> None:
    sender = f"hostile-{uuid.uuid4().hex}"
    check(servers.say(HOSTILE[name], sender), sender, HOSTILE[name])


def test_hostile_messages_in_one_conversation(servers: Servers) -> None:
    sender = f"hostile-{uuid.uuid4().hex}"
    for message in HOSTILE.values():
        check(servers.say(message, sender), sender, message)


PROMPTS = ["hello", "show me article 31 of the legal aid law", "第三十一条", "is legal aid free?",
           "what does the law say about unpaid wages", "I want to check if I qualify", "help"]
messages = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(whitelist_categories=("Lo", "Zs", "Po", "So")), max_size=80),
    st.from_regex(r"/[a-z_]{1,20}(\{.{0,40}\})?", fullmatch=True),
    st.tuples(st.sampled_from(PROMPTS), st.text(max_size=40)).map("".join),
    st.tuples(st.integers(1990, 2010), st.characters()).map(lambda pair: pair[1] * pair[0]),
)
senders = st.one_of(st.uuids().map(lambda u: f"gen-{u.hex}"),
                    st.text(max_size=140), st.sampled_from(["gen-a", "gen-b"]))
BATCH, PARALLEL = 10, 4  # messages per example, sent 4 at a time
counts = {"accepted": 0, "refused": 0}


def send(servers: Servers, pair: tuple[str, str]) -> Reply:
    return servers.post(json.dumps({"sender": pair[0], "message": pair[1]}).encode())


@settings(max_examples=GENERATED_MESSAGES // BATCH, deadline=None, derandomize=True,
          database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(st.tuples(senders, messages), min_size=BATCH, max_size=BATCH))
def test_generated_messages(servers: Servers, batch: list[tuple[str, str]]) -> None:
    with ThreadPoolExecutor(PARALLEL) as pool:
        replies = list(pool.map(lambda pair: send(servers, pair), batch))
    for (sender, message), reply in zip(batch, replies, strict=True):
        problem = sender_id_problem(sender) or ("" if is_encodable(message) else "message")
        if problem:  # malformed: refused with a 400 that says which field
            assert reply.status == 400, (reply.status, reply.body[:200])
            assert problem.split()[0] in reply.json()["error"]
            counts["refused"] += 1
        else:
            check(reply, sender, message)
            counts["accepted"] += 1


def test_generated_message_count() -> None:
    total = sum(counts.values())
    print(f"\n{total} generated messages: {counts['accepted']} accepted, "
          f"{counts['refused']} refused (invalid sender or lone surrogates)")
    assert total >= GENERATED_MESSAGES


def test_still_answers_and_knowledge_base_unchanged(servers: Servers) -> None:
    started = time.monotonic()
    reply = servers.say("what does a legal aid center do?")
    assert reply.status == 200 and "art." in " ".join(reply.texts())
    assert time.monotonic() - started < 10
    article = servers.say("show me article 31 of the legal aid law")
    assert "第三十一条" in " ".join(article.texts())
    assert servers.alive(), "a server died"
    assert kb_checksum(servers.kb_url) == servers.kb_checksum_at_start
