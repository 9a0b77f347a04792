"""Talking to running Rasa servers over REST, as a website would, and reading what the tracker
store holds: the same screening driver serves one user (sync) or many at once (asyncio)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import sqlalchemy as sa
import yaml

from bot.paths import DATA_DIR

RESPONSES = yaml.safe_load((DATA_DIR / "responses" / "screening.yml").read_text("utf-8"))
# Every language's variation: a question is recognised in English and in Chinese.
QUESTIONS = {variation["text"]: name[len("utter_ask_"):]
             for name, variations in RESPONSES["responses"].items()
             if name.startswith("utter_ask_") for variation in variations}
SUMMARY_STARTS = tuple(variation["text"].split("\n")[0]
                       for variation in RESPONSES["responses"]["utter_summary"])
SUMMARY_START = SUMMARY_STARTS[0]  # English
OUTCOME_STARTS = ("Outcome:", "结论：")  # how every utter_outcome_* begins, in each language
# A situation answered first ends with an offer to check the person's own case (issue 16).
SITUATIONS = yaml.safe_load((DATA_DIR / "responses" / "situations.yml").read_text("utf-8"))
OFFERS = tuple(v["text"] for v in SITUATIONS["responses"]["utter_situation_offer"])
OFFER = OFFERS[0]  # English
MAX_TURNS = 20


class ServerError(AssertionError):
    """A reply other than 200 from the REST channel."""


def say(port: int, sender: str, text: str, timeout: float = 120) -> list[str]:
    """One REST message; the texts of the bot's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://localhost:{port}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return [m.get("text") or "" for m in json.loads(response.read())]
    except urllib.error.HTTPError as error:
        raise ServerError(f"HTTP {error.code} from port {port}: {error.read()[:200]!r}") from error


async def say_async(session: aiohttp.ClientSession, port: int, sender: str,
                    text: str) -> list[str]:
    async with session.post(f"http://localhost:{port}/webhooks/rest/webhook",
                            json={"sender": sender, "message": text}) as response:
        if response.status != 200:
            raise ServerError(f"HTTP {response.status} from port {port}")
        return [m.get("text") or "" for m in await response.json()]


def assessment_in(texts: list[str]) -> str | None:
    """The assessment with its reasons and next steps (separate messages), or None."""
    start = next((i for i, t in enumerate(texts) if t.startswith(OUTCOME_STARTS)), None)
    return None if start is None else "\n".join(texts[start:])


def summary_in(texts: list[str]) -> str | None:
    return next((t for t in texts if t.startswith(SUMMARY_STARTS)), None)


def question_in(texts: list[str]) -> str | None:
    """The fact the bot asks for (facts_confirmed for the summary), or None."""
    if summary_in(texts):
        return "facts_confirmed"
    return next((QUESTIONS[t] for t in texts if t in QUESTIONS), None)


@dataclass
class Screening:
    """What one user saw: the questions in order, the summary and the assessment."""

    asked: list[str] = field(default_factory=list)
    summary: str | None = None
    assessment: str | None = None
    messages: int = 0
    offered: bool = False  # the opening was answered first, then the check offered
    answer: list[str] = field(default_factory=list)  # that answer's texts (the offer left out)


def _next_answer(texts: list[str], answers: dict[str, str], result: Screening) -> str | None:
    """The user's next message, or None once the assessment arrived."""
    result.summary = summary_in(texts) or result.summary
    result.assessment = assessment_in(texts)
    if result.assessment:
        return None
    if any(offer in texts for offer in OFFERS):
        result.offered = True
        result.answer = [t for t in texts if t not in OFFERS]
        return "yes" if OFFER in texts else "是"  # accept the check after the situation's answer
    fact = question_in(texts)
    assert fact, f"no question or assessment in {texts}; asked so far {result.asked}"
    assert fact in answers or fact == "facts_confirmed", \
        f"unexpected question {fact}; asked so far {result.asked}"
    result.asked.append(fact)
    return answers.get(fact, "yes")


def screen(send: Callable[[str], list[str]], opening: str, answers: dict[str, Any],
           texts: list[str] | None = None) -> Screening:
    """Answer from `answers` (by fact) until the assessment. `texts` continues a screening
    already under way (the bot's last replies) instead of sending `opening`."""
    result = Screening()
    if texts is None:
        texts = send(opening)
        result.messages += 1
    for _ in range(MAX_TURNS):
        answer = _next_answer(texts, answers, result)
        if answer is None:
            return result
        texts = send(answer)
        result.messages += 1
    raise AssertionError(f"no assessment after {MAX_TURNS} turns; asked {result.asked}")


async def screen_async(send: Callable[[str], Awaitable[list[str]]], opening: str,
                       answers: dict[str, str]) -> Screening:
    result = Screening()
    texts = await send(opening)
    result.messages += 1
    for _ in range(MAX_TURNS):
        answer = _next_answer(texts, answers, result)
        if answer is None:
            return result
        texts = await send(answer)
        result.messages += 1
    raise AssertionError(f"no assessment after {MAX_TURNS} turns; asked {result.asked}")


def stored_events(url: str, sender: str) -> list[tuple[str, dict[str, Any]]]:
    """(type, event) of every event the tracker store holds for REST `sender`, oldest first."""
    engine = sa.create_engine(url, future=True)
    try:
        if not sa.inspect(engine).has_table("events"):
            return []
        query = sa.text("select type_name, data from events where sender_id = :sender "
                        "order by id")
        with engine.connect() as connection:
            rows = connection.execute(query, {"sender": f"rest:{sender}"}).all()
    finally:
        engine.dispose()
    return [(type_name, json.loads(data)) for type_name, data in rows]


def stored_slots(url: str, sender: str) -> dict[str, Any]:
    """The slots the stored events set, latest value wins (None values dropped)."""
    slots: dict[str, Any] = {}
    for type_name, event in stored_events(url, sender):
        if type_name == "slot":
            slots[event["name"]] = event["value"]
    return {name: value for name, value in slots.items() if value is not None}
