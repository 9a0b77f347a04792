"""The staff report: the figures of bot/staff/queries.py for a period, with the texts of the
messages not understood redacted, as one JSON-able dict (the page and the file show it) and as
a YAML file of candidate training phrasings."""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot.redaction import redact
from bot.settings import tracker_store_url
from bot.staff import queries, store
from bot.staff.store import Expressions, Period

NOT_UNDERSTOOD_SHOWN = 200
QUERY_THREADS = 2
PERCENTILES = (50, 90, 95, 99)
# The report's own PostgreSQL sessions (measured at 100,000 conversations; docs/benchmarks.md,
# "Staff report"):
POSTGRES_SESSION = (
    # The queries were estimated expensive, so PostgreSQL compiled each plan to machine code
    # first (JIT): 0.37 of the traffic query's 0.45 s at 5,000 conversations.
    "jit = off",
    # Its sorts and hash tables (100,000 conversation-days) in memory, not in temporary files.
    "work_mem = '32MB'",
    # No read-ahead advice for the pages a bitmap scan will read: one system call per page,
    # for a store the OS has in memory; 0.1-0.25 s of the report's 2.8-3 s of CPU.
    "effective_io_concurrency = 0",
    # The report runs two queries at a time (QUERY_THREADS) for two cores: parallel workers on
    # top only competed for the same cores (and would with the assistant's on a shared host).
    "max_parallel_workers_per_gather = 0",
)


@dataclass(frozen=True)
class Request:
    """A period of whole local days, `first` to `last` inclusive."""

    first: dt.date
    last: dt.date
    utc_offset_hours: float = 8.0

    @classmethod
    def last_days(cls, days: int, utc_offset_hours: float = 8.0,
                  now: float | None = None) -> Request:
        today = local_date(time.time() if now is None else now, utc_offset_hours)
        return cls(today - dt.timedelta(days=days - 1), today, utc_offset_hours)

    def period(self) -> Period:
        offset = self.utc_offset_hours * 3600
        start = dt.datetime.combine(self.first, dt.time(), dt.timezone.utc).timestamp()
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(),
                                  dt.timezone.utc).timestamp()
        return Period(start - offset, end - offset, self.utc_offset_hours)


def local_date(timestamp: float, utc_offset_hours: float) -> dt.date:
    return (dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
            + dt.timedelta(hours=utc_offset_hours)).date()


def day_name(day_number: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day_number))).isoformat()


@functools.lru_cache(maxsize=4)
def make_engine(url: str | None = None) -> sa.engine.Engine:
    """An engine for the tracker store at `url` (default: TRACKER_STORE_URL), kept for the
    next report."""
    url = url or tracker_store_url()
    engine = sa.create_engine(url, future=True, hide_parameters=True)  # no user text in errors
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def map_the_file(connection: Any, record: Any) -> None:
            # Pages read through memory instead of a read() call each: a third of the time.
            connection.execute("PRAGMA mmap_size=2147483648")
    if engine.dialect.name == "postgresql":
        @sa.event.listens_for(engine, "connect")
        def report_session(connection: Any, record: Any) -> None:
            # Committed: not undone by the pool's rollback.
            with connection.cursor() as cursor:
                for setting in POSTGRES_SESSION:
                    cursor.execute(f"SET {setting}")
            connection.commit()
    return engine


def build(engine: sa.engine.Engine, request: Request, now: float | None = None) -> dict[str, Any]:
    """Every figure of the report for `request`'s period."""
    now = time.time() if now is None else now
    period = request.period()
    report: dict[str, Any] = {
        "period": {"first": request.first.isoformat(), "last": request.last.isoformat(),
                   "utc_offset_hours": request.utc_offset_hours},
        "generated": dt.datetime.fromtimestamp(now, dt.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"),
    }
    with engine.begin() as connection:
        events = store.events_table(connection)
        if events is None:
            return {**report, **empty_figures(request)}
        store.ensure_indexes(connection, events)
    x = Expressions(events, engine.dialect.name, period)
    figures = {
        "traffic": queries.traffic, "topics": queries.topics,
        "abandoned_at": functools.partial(queries.abandoned_at, now=now),
        "histogram": queries.reply_time_histogram, "not_understood": queries.not_understood,
        "screenings": queries.screenings, "core_fallbacks": queries.core_fallbacks}
    # The queries are independent: two at a time, each on its own connection, keep both cores
    # (SQLite's and PostgreSQL's own work runs outside Python's GIL).
    with ThreadPoolExecutor(max_workers=QUERY_THREADS) as pool:
        futures = {name: pool.submit(_run, engine, query, x) for name, query in figures.items()}
        results = {name: future.result() for name, future in futures.items()}
    traffic, core_fallbacks = results["traffic"], results["core_fallbacks"]
    topics, abandoned_at = results["topics"], results["abandoned_at"]
    started, completed, outcomes = results["screenings"]
    not_understood, histogram = results["not_understood"], results["histogram"]
    report.update(daily_figures(request, traffic, core_fallbacks))
    report["topics"] = [{"topic": topic, "count": n} for topic, n in topics]
    report["screenings"] = {
        "started": started, "completed": completed, "abandoned": max(started - completed, 0),
        "outcomes": [{"outcome": outcome, "count": n} for outcome, n in outcomes],
        "abandoned_at": [{"question": question, "count": n} for question, n in abandoned_at],
    }
    report["not_understood"] = redacted_counts(not_understood)
    report["reply_times"] = percentiles(histogram)
    return report


def create_indexes(engine: sa.engine.Engine) -> list[str]:
    """Adds the report's indexes the store lacks (`python -m bot report --create-indexes`);
    their names."""
    with engine.begin() as connection:
        events = store.events_table(connection)
        return [] if events is None else store.ensure_indexes(connection, events)


def _run(engine: sa.engine.Engine, query: Any, x: Expressions) -> Any:
    with engine.connect() as connection:
        return query(connection, x)


def empty_figures(request: Request) -> dict[str, Any]:
    figures = daily_figures(request, [], {})
    return {**figures, "topics": [], "not_understood": [], "reply_times": None,
            "screenings": {"started": 0, "completed": 0, "abandoned": 0, "outcomes": [],
                           "abandoned_at": []}}


def daily_figures(request: Request, traffic: list[tuple],
                  core_fallbacks: dict[int, int]) -> dict[str, Any]:
    """Series per day (every day of the period, zeros included) by channel and language."""
    first = (request.first - dt.date(1970, 1, 1)).days
    day_numbers = list(range(first, first + (request.last - request.first).days + 1))
    series: dict[tuple[str, str], dict[str, Counter]] = defaultdict(
        lambda: {"messages": Counter(), "conversations": Counter()})
    messages, fallbacks = Counter(), Counter(core_fallbacks)
    conversations = 0
    for day, channel, language, *numbers in traffic:
        # PostgreSQL's sums are numeric (Decimal): plain ints for JSON
        n_messages, n_conversations, n_fallbacks, n_first_days = (int(n or 0) for n in numbers)
        series[(channel, language)]["messages"][day] += n_messages
        series[(channel, language)]["conversations"][day] += n_conversations
        messages[day] += n_messages
        fallbacks[day] += n_fallbacks
        conversations += n_first_days  # each conversation once, on its first day
    return {
        "days": [day_name(day) for day in day_numbers],
        "series": [{"channel": channel, "language": language,
                    "messages": [counts["messages"][day] for day in day_numbers],
                    "conversations": [counts["conversations"][day] for day in day_numbers]}
                   for (channel, language), counts in sorted(series.items())],
        "fallback_share": [round(min(fallbacks[day] / messages[day], 1.0), 4)
                           if messages[day] else None for day in day_numbers],
        "totals": {"messages": sum(messages.values()),
                   "fallbacks": min(sum(fallbacks.values()), sum(messages.values())),
                   "conversations": conversations},
    }


def redacted_counts(texts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Redacted texts, most frequent first; texts that become the same once redacted (two
    phone numbers) are counted together."""
    counts: Counter[str] = Counter()
    for text, n in texts:
        counts[" ".join(redact(text).split())] += n
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"text": text, "count": n} for text, n in ordered[:NOT_UNDERSTOOD_SHOWN] if text]


def percentiles(histogram: list[tuple[int, int]]) -> dict[str, Any] | None:
    """Percentiles (ms) from a histogram of whole milliseconds; None when there is no turn."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    result: dict[str, Any] = {"count": total}
    for p in PERCENTILES:
        rank, seen = p / 100 * total, 0
        for bucket, n in histogram:
            seen += n
            if seen >= rank:
                result[f"p{p}"] = max(bucket, 0)
                break
    return result


def nlu_candidates_yaml(report: dict[str, Any]) -> str:
    """The messages not understood as Rasa NLU training data under a placeholder intent, for
    developers to move each phrasing to its intent (or drop it)."""
    lines = [
        "# Candidate training phrasings: messages the assistant did not understand",
        f"# ({report['period']['first']} to {report['period']['last']}), redacted, most "
        "frequent first.",
        "# intent: ?  Move each phrasing to its intent in data/nlu/ (or delete it); "
        "placeholders",
        "# such as [电话] stand for removed personal data: write a realistic value instead.",
        'version: "3.1"',
        "nlu:",
        "- intent: nlu_candidates",
        "  examples: |",
    ]
    lines += [f"    - {item['text']}" for item in report["not_understood"]]
    return "\n".join(lines) + "\n"
