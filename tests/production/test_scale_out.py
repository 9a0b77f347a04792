"""Two Rasa instances behind a (simulated) load balancer: one PostgreSQL tracker store, Rasa's
RedisLockStore (endpoints.scale.yml), one action server. Messages of a conversation alternate
between the instances; many users screen at once."""

from __future__ import annotations

import asyncio
import time
import uuid
from itertools import count

import aiohttp
import pytest

from tests.production.dialogue import (
    Screening,
    question_in,
    say,
    say_async,
    screen,
    screen_async,
    stored_events,
    stored_slots,
)
from tests.production.scenarios import scenario_for
from tests.production.servers import Deployment

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

USERS = 50


def ports_of(deployment: Deployment) -> list[int]:
    return [int(server.env["RASA_PORT"]) for server in deployment.postgres]


def test_one_conversation_alternating_between_instances(postgres_deployment: Deployment):
    ports = ports_of(postgres_deployment)
    sender = f"scale-{uuid.uuid4()}"
    turn = count()

    def send(text: str) -> list[str]:  # round robin, as a load balancer without stickiness
        return say(ports[next(turn) % len(ports)], sender, text)

    opening = "can I get legal aid for my case?"
    assert question_in(send(opening)) == "case_type"
    texts = send("why do you ask?")  # the why and the same question, from the other instance
    assert question_in(texts) == "case_type", texts
    result = screen(send, opening, {
        "case_type": "civil", "matter": "child support", "has_lawyer": "no",
        "exemption_grounds": "none of these", "province": "四川"}, texts=texts)
    assert len(result.asked) == len(set(result.asked)), f"a question came twice: {result.asked}"
    assert 2 + result.messages >= 8  # each instance answered at least four turns
    assert "- Province: 四川" in result.summary and "- Already has a lawyer: no" in result.summary
    assert "art. 31" in result.assessment and "art. 34" in result.assessment
    slots = stored_slots(postgres_deployment.postgres_url, sender)
    assert slots["province"] == "四川" and slots["matter"] == "support_payments", slots


def test_simultaneous_messages_of_one_conversation_are_serialised(
        postgres_deployment: Deployment):
    """Without a shared lock two instances would process the same tracker at once and one's
    events would overwrite or duplicate the other's; with Redis they queue."""
    ports = ports_of(postgres_deployment)
    sender = f"race-{uuid.uuid4()}"
    questions = ["what does a legal aid centre do?", "is legal aid free?", "who can get legal aid?",
                 "how do I apply for legal aid?", "what is 12348?", "how long does it take?"]

    async def send_all() -> list[list[str]]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=180)) as session:
            return await asyncio.gather(*(say_async(session, ports[i % len(ports)], sender, text)
                                          for i, text in enumerate(questions)))

    replies = asyncio.run(send_all())
    assert all(replies), "every message got an answer"
    events = stored_events(postgres_deployment.postgres_url, sender)
    users = [event["text"] for kind, event in events if kind == "user"]
    assert sorted(users) == sorted(questions), "each message stored exactly once"
    # Each turn completes before the next starts: a user event always follows action_listen.
    for index, (kind, _) in enumerate(events):
        if kind == "user" and index:
            previous = events[index - 1]
            assert previous[0] == "action" and previous[1]["name"] == "action_listen", \
                f"turns interleaved at event {index}: {previous}"


async def one_user(session: aiohttp.ClientSession, ports: list[int], index: int
                   ) -> tuple[int, str, Screening]:
    age = 12 + index  # unique per user: ages 12-17 are minors, the rest adults
    scenario = scenario_for(age, index)
    sender = f"crowd-{index}-{uuid.uuid4().hex[:8]}"
    turn = count(index)

    async def send(text: str) -> list[str]:
        await asyncio.sleep(0.05 * (index % 7))  # stagger, so conversations interleave
        return await say_async(session, ports[next(turn) % len(ports)], sender, text)

    return age, sender, await screen_async(send, scenario.opening.format(age=age),
                                           scenario.answers)


def test_fifty_users_screening_at_once(postgres_deployment: Deployment):
    ports = ports_of(postgres_deployment)

    async def crowd() -> list:
        connector = aiohttp.TCPConnector(limit=USERS)
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=300)) as session:
            return await asyncio.gather(*(one_user(session, ports, i) for i in range(USERS)),
                                        return_exceptions=True)

    began = time.monotonic()
    results = asyncio.run(crowd())
    seconds = time.monotonic() - began
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, f"{len(errors)} users failed: {errors[:3]}"
    messages = 0
    for index, (age, sender, result) in enumerate(results):
        scenario = scenario_for(age, index)
        messages += result.messages
        assert f"- Age: {age}\n" in result.summary + "\n", (sender, result.summary)
        assert result.assessment.startswith(scenario.outcome), (scenario.name, result.assessment)
        assert scenario.reason in result.assessment, (scenario.name, result.assessment)
        assert result.offered == bool(scenario.answer), (scenario.name, result.answer)
        assert scenario.answer in "\n".join(result.answer), (scenario.name, result.answer)
        assert stored_slots(postgres_deployment.postgres_url, sender)["age"] == age
    print(f"\n{USERS} users, {messages} messages over {len(ports)} instances in {seconds:.1f} s "
          f"({messages / seconds:.1f} messages/s)")
