"""The staff report's figures against a seeded tracker store, on SQLite and PostgreSQL: what the
database computes, what a forgotten conversation leaves behind (nothing), what texts show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bench.staff_seed import Conversation, Turn, random_conversations, write
from bot.ops import privacy
from bot.staff.report import Request, build, nlu_candidates_yaml
from tests.conftest import require_postgres
from tests.production.databases import postgres_schema

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=CST).timestamp()
REQUEST = Request(dt.date(2026, 11, 25), dt.date(2026, 12, 1), 8.0)


def at(day: int, hour: int = 12, month: int = 11) -> float:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=CST).timestamp()


def faq(name: str, text: str = "什么是法律援助") -> Turn:
    return Turn(text, "faq", faq=f"faq/{name}", actions=["utter_faq"])


def fallback(text: str) -> Turn:
    return Turn(text, "nlu_fallback", actions=["action_suggest_topics"])


def screening_start(text: str = "can I get legal aid?") -> Turn:
    return Turn(text, "start_screening", actions=["screening_form"], loop="screening_form",
                slots={"requested_slot": "has_lawyer"})


def answer(previous: str, question: str) -> Turn:
    return Turn("no", "deny", actions=["screening_form"],
                slots={previous: False, "requested_slot": question})


CONVERSATIONS = [
    Conversation("web:a", at(28), [faq("what_is_legal_aid"), faq("is_it_free"),
                                   Turn("你好", "greet")], language="zh", input_channel="web"),
    # No language slot: Chinese text makes it Chinese.
    Conversation("wechat:b", at(28), [fallback("我叫张三，电话13812345678，老板不给钱"),
                                      faq("what_is_legal_aid")], input_channel="wechat"),
    Conversation("telegram:c", at(29), [
        screening_start(), answer("has_lawyer", "case_type"),
        Turn("Criminal case", "affirm", actions=["screening_form", "action_assess_eligibility"],
             loop=None, slots={"requested_slot": None,
                               "screening_outcome": "eligible_no_financial_test"}),
        Turn("hello there", "greet", actions=["action_default_fallback"])],
        language="en", input_channel="telegram"),
    # Abandoned at the second question; no language slot, English text.
    Conversation("rest:d", at(29), [screening_start(), answer("has_lawyer", "case_type"),
                                    fallback("my landlord kept 3000 yuan")],
                 input_channel="rest"),
    # No channel prefix (a sender id from before prefixes): the message's input_channel.
    Conversation("0f3c9a", at(29), [fallback("my landlord kept 5000 yuan")], language="en",
                 input_channel="socketio"),
    Conversation("web:before", at(1), [fallback("old question")], language="en",
                 input_channel="web"),
    Conversation("web:forgotten", at(30), [fallback("我的身份证号是110101199003071234")],
                 language="zh", input_channel="web"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[sa.engine.Engine]:
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.sqlite3'}", future=True)
        write(engine, CONVERSATIONS)
        yield engine
        engine.dispose()
        return
    with postgres_schema(require_postgres(), prefix="staff") as url:
        engine = sa.create_engine(url, future=True)
        write(engine, CONVERSATIONS)
        yield engine
        engine.dispose()


def by_series(report: dict) -> dict[tuple[str, str], dict]:
    return {(s["channel"], s["language"]): s for s in report["series"]}


def test_traffic_per_day_by_channel_and_language(store):
    report = build(store, REQUEST, now=NOW)
    assert report["days"][0] == "2026-11-25" and report["days"][-1] == "2026-12-01"
    day = {name: i for i, name in enumerate(report["days"])}
    series = by_series(report)
    assert set(series) == {("web", "zh"), ("wechat", "zh"), ("telegram", "en"), ("rest", "en"),
                           ("socketio", "en")}
    assert series[("web", "zh")]["messages"][day["2026-11-28"]] == 3
    assert series[("web", "zh")]["messages"][day["2026-11-30"]] == 1  # the one forgotten later
    assert series[("wechat", "zh")]["messages"][day["2026-11-28"]] == 2
    assert series[("telegram", "en")]["messages"][day["2026-11-29"]] == 4
    assert series[("rest", "en")]["messages"][day["2026-11-29"]] == 3
    assert series[("socketio", "en")]["conversations"][day["2026-11-29"]] == 1
    assert sum(series[("web", "zh")]["conversations"]) == 2
    assert report["totals"] == {"messages": 14, "fallbacks": 5, "conversations": 6}
    # 11-28: 1 of 5 not understood; 11-29: 2 NLU fallbacks + 1 by the policies, of 8
    assert report["fallback_share"][day["2026-11-28"]] == 0.2
    assert report["fallback_share"][day["2026-11-29"]] == 0.375
    assert report["fallback_share"][day["2026-11-25"]] is None  # no messages that day


def test_topics_screenings_and_where_people_give_up(store):
    report = build(store, REQUEST, now=NOW)
    assert report["topics"] == [{"topic": "faq/what_is_legal_aid", "count": 2},
                                {"topic": "greet", "count": 2},
                                {"topic": "start_screening", "count": 2},
                                {"topic": "faq/is_it_free", "count": 1}]
    assert report["screenings"] == {
        "started": 2, "completed": 1, "abandoned": 1,
        "outcomes": [{"outcome": "eligible_no_financial_test", "count": 1}],
        "abandoned_at": [{"question": "case_type", "count": 1}]}
    # Still talking (last event within the hour): not counted as abandoned yet.
    early = build(store, REQUEST, now=at(29) + 100)
    assert early["screenings"]["abandoned_at"] == []


def test_messages_not_understood_are_redacted_and_counted_together(store):
    report = build(store, REQUEST, now=NOW)
    assert report["not_understood"] == [
        {"text": "my landlord kept [金额]", "count": 2},
        {"text": "我叫[姓名]，电话[电话]，老板不给钱", "count": 1},
        {"text": "我的身份证号是[身份证号]", "count": 1}]
    shown = repr(report)
    for secret in ("13812345678", "张三", "110101199003071234", "3000", "web:a", "rest:d"):
        assert secret not in shown


def test_reply_time_percentiles_from_the_tracker(store):
    report = build(store, REQUEST, now=NOW)
    # Every answered message got its answer 20 ms later (bench.staff_seed.REPLY_DELAY).
    assert report["reply_times"] == {"count": 14, "p50": 20, "p90": 20, "p95": 20, "p99": 20}


def test_a_forgotten_conversation_is_gone_from_the_report(store):
    privacy.forget("web:forgotten", url=str(store.url))
    report = build(store, REQUEST, now=NOW)
    assert report["totals"]["messages"] == 13
    assert all("身份证" not in item["text"] for item in report["not_understood"])
    day = report["days"].index("2026-11-30")
    assert by_series(report)[("web", "zh")]["messages"][day] == 0


def test_the_export_is_rasa_training_data_with_a_label_to_replace(store):
    exported = nlu_candidates_yaml(build(store, REQUEST, now=NOW))
    assert "# intent: ?" in exported
    examples = RasaYAMLReader().reads(exported).intent_examples
    assert [(m.get("intent"), m.get("text")) for m in examples] == [
        ("nlu_candidates", "my landlord kept [金额]"),
        ("nlu_candidates", "我叫[姓名]，电话[电话]，老板不给钱"),
        ("nlu_candidates", "我的身份证号是[身份证号]")]
    assert yaml.safe_load(exported)["version"] == "3.1"


def test_a_store_without_conversations_gives_an_empty_report(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'none.sqlite3'}", future=True)
    report = build(engine, REQUEST, now=NOW)
    assert report["totals"] == {"messages": 0, "fallbacks": 0, "conversations": 0}
    assert report["reply_times"] is None and len(report["days"]) == 7


def edge_conversations() -> list[Conversation]:
    """Cases where the PostgreSQL and SQLite shapes of a figure could part (queries.py)."""
    def time(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 11) -> float:
        return dt.datetime(2026, month, day, hour, minute, second, tzinfo=CST).timestamp()

    assess = Turn("对", "affirm", actions=["screening_form", "action_assess_eligibility"],
                  loop=None, slots={"requested_slot": None, "screening_outcome": "must_appoint"})
    return [
        # The last language slot counts (zh, then en).
        Conversation("web:switched", time(20, 9), [Turn("你好", "greet", slots={"language": "en"}),
                                                   Turn("hello", "greet")], language="zh"),
        # A slot that is neither zh nor en: the text decides.
        Conversation("telegram:fr", time(21, 9), [Turn("bonjour", "greet")], language="fr"),
        Conversation("wechat:fr", time(21, 9), [Turn("你好", "greet")], language="fr"),
        # Across midnight: two days, one conversation.
        Conversation("web:midnight", time(22, 23, 59, 10), [Turn("hi", "greet"), faq("timeline"),
                                                            fallback("and then?")]),
        # Begun the evening before the period (2026-11-02 to 12-01): one message in it.
        Conversation("rest:early", time(1, 23, 59, 10), [Turn("我要咨询", "greet"),
                                                         Turn("thanks", "thank")]),
        # A screening given up without an assessment (requested_slot reset to null).
        Conversation("web:cancelled", time(23, 10), [
            screening_start(), answer("has_lawyer", "case_type"),
            Turn("算了", "deny", actions=["screening_form"], loop=None,
                 slots={"requested_slot": None})], language="zh"),
        # Assessed, then a second screening left at its first question.
        Conversation("wechat:again", time(24, 10), [
            screening_start(), answer("has_lawyer", "case_type"), assess, screening_start()],
            language="zh"),
        # Still answering questions ten minutes ago: not abandoned yet.
        Conversation("web:ongoing", NOW - 600, [screening_start(), answer("has_lawyer", "role")],
                     language="en"),
    ]


@pytest.mark.postgres
def test_postgresql_and_sqlite_give_the_same_report(tmp_path):
    """Some figures have a PostgreSQL shape of their own (bot/staff/queries.py): on the same
    conversations, every figure of the report is the same on both stores."""
    request = Request.last_days(30, now=NOW)
    conversations = [*CONVERSATIONS, *edge_conversations(),
                     *random_conversations(1500, NOW - 30 * 86400, seed=7)]
    sqlite = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.sqlite3'}", future=True)
    write(sqlite, conversations)
    with postgres_schema(require_postgres(), prefix="staff") as url:
        postgres = sa.create_engine(url, future=True)
        write(postgres, conversations)
        on_postgres = build(postgres, request, now=NOW)
        postgres.dispose()
    on_sqlite = build(sqlite, request, now=NOW)
    sqlite.dispose()
    assert on_postgres["totals"]["conversations"] > 1000
    assert on_postgres["screenings"]["abandoned_at"]
    assert on_postgres == on_sqlite
