"""The staff report's figures, computed by the database: SQL aggregates over Rasa's tracker store
table `events` (SQLite or PostgreSQL, through SQLAlchemy), never a Python loop over its events.

What the rows mean (Rasa's SQLTrackerStore writes one row per event): `type_name` is the event
("user", "bot", "action", "slot", "active_loop", ...); `intent_name` is a user message's intent;
`action_name` is an action's name, a slot's name for "slot" rows and the form's name for
"active_loop" rows; `data` is the event as JSON. Only counts and, for messages not understood,
their texts leave the database; the texts are redacted by the caller (bot/staff/report.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.staff.store import Expressions

FALLBACK_INTENT = "nlu_fallback"
CORE_FALLBACK_ACTION = "action_default_fallback"
FAQ_INTENT = "faq"
SCREENING_FORM = "screening_form"
ASSESSMENT_ACTION = "action_assess_eligibility"
OUTCOME_SLOT = "screening_outcome"
LANGUAGE_SLOT = "language"
# Answers inside a dialogue, not topics people ask about.
NOT_TOPICS = (FALLBACK_INTENT, "inform", "affirm", "deny", "dont_know", "ask_why")
# A screening whose conversation has been silent this long is no longer in progress
# (domain.yml: session_expiration_time 60 minutes).
SILENCE = 3600
REPLY_TIME_SAMPLE = 10_000  # the latest answered messages of the period


def traffic(connection: Connection, x: Expressions) -> list[tuple]:
    """(day, channel, language, messages, conversations, fallbacks, first_days) of user
    messages. A conversation's language is its last `language` slot, else Chinese if any of its
    messages has Chinese characters, else English; it is counted once per day it was active.
    first_days: the conversations whose first day of the period it is, so that their sum is
    the number of conversations (from the same pass over the messages, not another one)."""
    events = x.events
    grouped = (sa.select(events.c.sender_id, x.day(events.c.timestamp).label("day"),
                         sa.func.count().label("messages"),
                         sa.func.sum(sa.case((events.c.intent_name == FALLBACK_INTENT, 1),
                                             else_=0)).label("fallbacks"))
               .where(events.c.type_name == "user", x.in_period())
               .group_by(events.c.sender_id, sa.literal_column("day")).subquery())
    first_day = sa.func.min(grouped.c.day).over(partition_by=grouped.c.sender_id)
    per_day = sa.select(grouped, sa.case((grouped.c.day == first_day, 1), else_=0)
                        .label("first_day")).subquery()
    if x.postgres:
        # Each conversation's last language slot read once and hash-joined: PostgreSQL's
        # index lookup per conversation and day (SQLite's way below) took 0.37 s at 100,000.
        slots = last_language_slots(x)
        days = (sa.select(per_day, slots.c.language.label("slot_language"))
                .select_from(per_day.outerjoin(slots, slots.c.sender_id == per_day.c.sender_id))
                .subquery())
    else:
        # SQLite looks the slot up per conversation and day (ix_events_staff_sender_slot),
        # cheaper there than reading every language slot to join them (the whole report took
        # 2.74 s instead of 1.68 that way).
        slot = events.alias("language_slot")
        slot_language = (sa.select(x.json_text("value", table=slot))
                         .where(slot.c.sender_id == per_day.c.sender_id,
                                slot.c.type_name == "slot", slot.c.action_name == LANGUAGE_SLOT)
                         .order_by(slot.c.id.desc()).limit(1)
                         .correlate(per_day).scalar_subquery())
        days = sa.select(per_day, slot_language.label("slot_language")).subquery()
    message = events.alias("message")
    conversations = x.computed_once(sa.select(
        days, x.channel(days.c.sender_id, message).label("channel")).cte("conversation_days"))
    # A scalar subquery with LIMIT 1, not EXISTS, which PostgreSQL turned into one hashed scan
    # matching the pattern against every user message of the store (0.85 s at 100,000
    # conversations): this runs only for conversations without a zh/en slot, through the
    # sender's index, and stops at their first Chinese message.
    any_chinese = (sa.select(sa.literal(1))
                   .where(message.c.sender_id == conversations.c.sender_id,
                          message.c.type_name == "user", x.chinese(message))
                   .limit(1).correlate(conversations).scalar_subquery().is_not(None))
    language = sa.case(
        (conversations.c.slot_language.in_(("zh", "en")), conversations.c.slot_language),
        (any_chinese, "zh"), else_="en")
    labelled = x.computed_once(sa.select(
        conversations.c.day, conversations.c.channel, language.label("language"),
        conversations.c.messages, conversations.c.fallbacks, conversations.c.first_day,
    ).cte("labelled"))
    query = (sa.select(labelled.c.day, labelled.c.channel, labelled.c.language,
                       sa.func.sum(labelled.c.messages), sa.func.count(),
                       sa.func.sum(labelled.c.fallbacks), sa.func.sum(labelled.c.first_day))
             .group_by(labelled.c.day, labelled.c.channel, labelled.c.language)
             .order_by(labelled.c.day))
    return [tuple(row) for row in connection.execute(query)]


def last_language_slots(x: Expressions) -> sa.Subquery:
    """(sender_id, language): each conversation's last `language` slot, for PostgreSQL
    (DISTINCT ON), its rows found through ix_events_staff_type_action."""
    events = x.events
    return (sa.select(events.c.sender_id, x.json_text("value").label("language"))
            .where(events.c.type_name == "slot", events.c.action_name == LANGUAGE_SLOT)
            .distinct(events.c.sender_id)
            .order_by(events.c.sender_id, events.c.id.desc()).subquery("language_slots"))


def core_fallbacks(connection: Connection, x: Expressions) -> dict[int, int]:
    """Per day, messages Rasa's dialogue policies answered with the fallback action."""
    events = x.events
    day = x.day(events.c.timestamp)
    query = (sa.select(day, sa.func.count())
             .where(events.c.type_name == "action",
                    events.c.action_name == CORE_FALLBACK_ACTION, x.in_period())
             .group_by(day))
    return dict(connection.execute(query).all())


def topics(connection: Connection, x: Expressions, limit: int = 20) -> list[tuple[str, int]]:
    """The intents asked, FAQ questions by their own name ("faq/what_is_legal_aid")."""
    events = x.events
    topic = sa.case((events.c.intent_name == FAQ_INTENT, sa.func.coalesce(
        x.json_text("parse_data", "intent", "full_retrieval_intent_name"), FAQ_INTENT)),
        else_=events.c.intent_name)
    query = (sa.select(topic.label("topic"), sa.func.count().label("n"))
             .where(events.c.type_name == "user", x.in_period(),
                    events.c.intent_name.is_not(None), events.c.intent_name.not_in(NOT_TOPICS))
             .group_by(topic).order_by(sa.desc("n"), topic).limit(limit))
    return [tuple(row) for row in connection.execute(query)]


def screenings(connection: Connection, x: Expressions) -> tuple[int, int, list[tuple[str, int]]]:
    """(started, completed, [(outcome, count)])."""
    events = x.events

    def count(type_name: str, name: str) -> int:
        return connection.execute(sa.select(sa.func.count()).where(
            events.c.type_name == type_name, events.c.action_name == name,
            x.in_period())).scalar_one()

    n_started, n_completed = count("active_loop", SCREENING_FORM), count("action",
                                                                          ASSESSMENT_ACTION)
    outcome = x.json_text("value")
    outcomes = (sa.select(outcome.label("outcome"), sa.func.count().label("n"))
                .where(events.c.type_name == "slot", events.c.action_name == OUTCOME_SLOT,
                       x.in_period(), outcome.is_not(None))
                .group_by(outcome).order_by(sa.desc("n"), outcome))
    return n_started, n_completed, [tuple(row) for row in connection.execute(outcomes)]


def abandoned_at(connection: Connection, x: Expressions, *, now: float) -> list[tuple[str, int]]:
    """The question last asked in conversations whose screening got no assessment after it,
    silent for an hour: [(slot, conversations)], most first."""
    events = x.events
    silent_since = now - SILENCE
    find = open_questions_in_one_pass if x.postgres else open_questions
    unsettled = find(x, silent_since)
    value = x.json_text("value")
    query = (sa.select(value.label("question"), sa.func.count().label("n"))
             .select_from(events.join(unsettled, unsettled.c.id == events.c.id))
             .where(events.c.timestamp < silent_since)
             .group_by(value).order_by(sa.desc("n"), value))
    return [tuple(row) for row in connection.execute(query)]


def open_questions(x: Expressions, silent_since: float) -> sa.Subquery:
    """(id): per conversation, the event of the last question asked in the period (a non-null
    `requested_slot`), unless an assessment or any event since `silent_since` came after it.
    SQLite's shape: the last questions through ix_events_staff_type_action, then a lookup per
    conversation for a later event."""
    asked = x.events.alias("asked")
    last_asked = (sa.select(asked.c.sender_id, sa.func.max(asked.c.id).label("id"))
                  .where(asked.c.type_name == "slot", asked.c.action_name == "requested_slot",
                         x.in_period(asked), x.json_text("value", table=asked).is_not(None))
                  .group_by(asked.c.sender_id).subquery())
    later = x.events.alias("later")
    settled = sa.exists().where(
        later.c.sender_id == last_asked.c.sender_id, later.c.id > last_asked.c.id,
        sa.or_(later.c.action_name == ASSESSMENT_ACTION, later.c.timestamp >= silent_since))
    return sa.select(last_asked.c.id).where(~settled).subquery("open_questions")


def open_questions_in_one_pass(x: Expressions, silent_since: float) -> sa.Subquery:
    """open_questions for PostgreSQL: one pass over the table gives each conversation's last
    question and the last event that settles it; a question is open if none comes after it.
    (PostgreSQL read the table twice for open_questions' shape: the questions, then every
    assessment and recent event to anti-join them; SQLite's full scan here is the slower.)"""
    events = x.events
    question = sa.and_(events.c.type_name == "slot", events.c.action_name == "requested_slot",
                       x.in_period())
    settling = sa.or_(events.c.action_name == ASSESSMENT_ACTION,
                      events.c.timestamp >= silent_since)
    last = (sa.select(
        sa.func.max(sa.case((sa.and_(question, x.json_text("value").is_not(None)),
                             events.c.id))).label("question"),
        sa.func.max(sa.case((settling, events.c.id))).label("settled"))
        .where(sa.or_(question, settling))
        .group_by(events.c.sender_id).subquery())
    return (sa.select(last.c.question.label("id"))
            .where(sa.or_(last.c.settled.is_(None), last.c.settled <= last.c.question))
            .subquery("open_questions"))


def not_understood(connection: Connection, x: Expressions,
                   limit: int = 500) -> list[tuple[str, int]]:
    """Texts of messages answered with the NLU fallback, most frequent first (unredacted: the
    caller redacts them before anything shows them)."""
    events = x.events
    text = x.json_text("text")
    query = (sa.select(text.label("text"), sa.func.count().label("n"))
             .where(events.c.type_name == "user", events.c.intent_name == FALLBACK_INTENT,
                    x.in_period(), text.is_not(None))
             .group_by(text).order_by(sa.desc("n"), text).limit(limit))
    return [tuple(row) for row in connection.execute(query)]


def reply_time_histogram(connection: Connection, x: Expressions,
                         sample: int = REPLY_TIME_SAMPLE) -> list[tuple[int, int]]:
    """[(milliseconds, messages)]: time from a user message to the bot's next message, over
    the period's latest `sample` user messages that got an answer."""
    events = x.events
    latest = (sa.select(events.c.id, events.c.sender_id, events.c.timestamp)
              .where(events.c.type_name == "user", x.in_period())
              .order_by(events.c.timestamp.desc()).limit(sample).subquery())
    bot = events.alias("bot")
    answered = (sa.select(sa.func.min(bot.c.timestamp))
                .where(bot.c.sender_id == latest.c.sender_id, bot.c.id > latest.c.id,
                       bot.c.type_name == "bot").scalar_subquery())
    delay = (answered - latest.c.timestamp) * 1000
    # To the nearest millisecond (PostgreSQL's cast rounds, SQLite's truncates).
    bucket = sa.cast(delay if x.postgres else delay + 0.5, sa.Integer)
    turns = sa.select(bucket.label("bucket")).subquery()
    query = (sa.select(turns.c.bucket, sa.func.count()).where(turns.c.bucket.is_not(None))
             .group_by(turns.c.bucket).order_by(turns.c.bucket))
    return [tuple(row) for row in connection.execute(query)]
