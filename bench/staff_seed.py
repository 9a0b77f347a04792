"""Conversations for the staff report's tests and benchmark, as Rasa's own events written in
the rows Rasa's SQLTrackerStore writes (bot.stores.tracker_store.event_row)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from bot.stores.tracker_store import event_row

RANKING = ["faq", "greet", "start_screening", "inform", "affirm", "deny", "ask_article",
           "goodbye", "out_of_scope", "thank"]
REPLY_DELAY = 0.02  # seconds from a user message to the bot's answer


@dataclass
class Turn:
    """One user message and what the bot did with it."""

    text: str
    intent: str
    faq: str | None = None  # "faq/what_is_legal_aid" for the FAQ retrieval intent
    actions: list[str] = field(default_factory=lambda: ["utter_answer"])
    slots: dict[str, object] = field(default_factory=dict)  # set after the actions
    loop: str | None = "-"  # "-": unchanged; None: deactivated; a name: activated
    answered: bool = True  # a bot message follows


@dataclass
class Conversation:
    sender_id: str
    start: float
    turns: list[Turn]
    language: str | None = None  # the `language` slot, set at the start
    input_channel: str = "rest"


def user_event(turn: Turn, timestamp: float, channel: str) -> UserUttered:
    intent = {"name": turn.intent, "confidence": 0.93}
    if turn.faq:
        intent["full_retrieval_intent_name"] = turn.faq
    ranking = [{"name": name, "confidence": round(0.9 / (i + 2), 4)}
               for i, name in enumerate(RANKING) if name != turn.intent]
    parse_data = {"intent": intent, "entities": [], "text": turn.text,
                  "intent_ranking": [intent, *ranking]}
    return UserUttered(turn.text, intent, [], parse_data, timestamp=timestamp,
                       input_channel=channel, message_id=f"m{timestamp}")


def events_of(conversation: Conversation) -> Iterator[Event]:
    t = conversation.start
    yield SessionStarted(timestamp=t)
    yield ActionExecuted("action_session_start", timestamp=t)
    if conversation.language:
        yield SlotSet("language", conversation.language, timestamp=t)
    yield ActionExecuted("action_listen", timestamp=t)
    for turn in conversation.turns:
        t += 30
        yield user_event(turn, t, conversation.input_channel)
        step = t
        for action in turn.actions:
            step += 0.001
            yield ActionExecuted(action, timestamp=step)
        if turn.loop != "-":
            yield ActiveLoop(turn.loop, timestamp=step)
        for slot, value in turn.slots.items():
            yield SlotSet(slot, value, timestamp=step)
        if turn.answered:
            yield BotUttered(f"answer to {turn.intent}", {"elements": None},
                             {"utter_action": turn.actions[-1]}, timestamp=t + REPLY_DELAY)
        yield ActionExecuted("action_listen", timestamp=t + REPLY_DELAY + 0.001)


def rows_of(conversations: Iterable[Conversation]) -> Iterator[dict]:
    for conversation in conversations:
        for event in events_of(conversation):
            yield event_row(conversation.sender_id, event)


def create_table(engine: sa.engine.Engine) -> sa.Table:
    """Rasa's own `events` table (SQLTrackerStore.SQLEvent), as Rasa creates it."""
    table = SQLTrackerStore.SQLEvent.__table__
    table.create(engine, checkfirst=True)
    return table


def write(engine: sa.engine.Engine, conversations: Iterable[Conversation],
          batch: int = 20_000) -> int:
    table, written, rows = create_table(engine), 0, []
    with engine.begin() as connection:
        for row in rows_of(conversations):
            rows.append(row)
            if len(rows) >= batch:
                connection.execute(table.insert(), rows)
                written, rows = written + len(rows), []
        if rows:
            connection.execute(table.insert(), rows)
            written += len(rows)
    return written


# ---- a random mix for the benchmark ----

FAQS = ["faq/what_is_legal_aid", "faq/is_it_free", "faq/how_to_apply", "faq/who_qualifies",
        "faq/timeline", "faq/refusal", "faq/hotline_12348", "faq/confidentiality"]
INTENTS = ["greet", "ask_article", "ask_law_topic", "human_handoff", "bot_challenge",
           "goodbye", "thank", "out_of_scope", "delete_data"]
QUESTIONS = ["has_lawyer", "case_type", "role", "age", "matter", "social_assistance",
             "migrant_worker_wage_or_injury", "province", "facts_confirmed"]
OUTCOMES = ["must_appoint", "eligible_no_financial_test", "eligible_financial_check_waived",
            "eligible_if_financially_difficult", "likely_outside", "not_enough_facts"]
UNKNOWN = ["我叫张三，电话13812345678，老板不给钱", "房东不退押金怎么办", "what about my visa",
           "离婚财产怎么分", "my landlord kept 3000 yuan deposit", "交通事故对方跑了",
           "明天会下雨吗", "公司让我签自愿离职", "can i sue my neighbour", "网购被骗了"]
CHANNELS = ["web", "web", "wechat", "wechat", "wechat", "telegram", "rest"]


def screening_turns(rng: random.Random) -> list[Turn]:
    asked = QUESTIONS[:rng.randint(2, len(QUESTIONS))]
    turns = [Turn("我能申请法律援助吗", "start_screening", actions=["screening_form"],
                  loop="screening_form", slots={"requested_slot": asked[0]})]
    for previous, question in zip(asked, asked[1:], strict=False):
        turns.append(Turn("没有", "deny", actions=["screening_form"],
                          slots={previous: False, "requested_slot": question}))
    if rng.random() < 0.6:  # completed
        turns.append(Turn("对", "affirm", actions=["screening_form", ASSESS], loop=None,
                          slots={"requested_slot": None,
                                 "screening_outcome": rng.choice(OUTCOMES)}))
    return turns


ASSESS = "action_assess_eligibility"


def random_conversation(rng: random.Random, number: int, start: float,
                        days: int) -> Conversation:
    channel = rng.choice(CHANNELS)
    language = rng.choice(["zh", "zh", "zh", "en", None])
    turns = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.45:
            turns.append(Turn("什么是法律援助" if language != "en" else "what is legal aid",
                              "faq", faq=rng.choice(FAQS), actions=["utter_faq"]))
        elif roll < 0.85:
            turns.append(Turn("你好" if language != "en" else "hello", rng.choice(INTENTS)))
        else:
            turns.append(Turn(rng.choice(UNKNOWN), "nlu_fallback",
                              actions=["action_suggest_topics"]))
    if rng.random() < 0.3:
        turns += screening_turns(rng)
    when = start + rng.random() * days * 86400
    return Conversation(f"{channel}:{number:08d}", when, turns, language, channel)


def random_conversations(n: int, start: float, days: int = 30,
                         seed: int = 19) -> Iterator[Conversation]:
    rng = random.Random(seed)
    for number in range(n):
        yield random_conversation(rng, number, start, days)
