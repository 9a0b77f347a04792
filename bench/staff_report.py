"""Benchmark of the staff report: seeds N conversations (default 100,000, over 30 days) into a
fresh tracker store and times `bot.staff.report.build` + the HTML page over them.

    flock /tmp/heavy.lock .venv/bin/python -m bench.staff_report              # SQLite file
    flock /tmp/heavy.lock .venv/bin/python -m bench.staff_report --postgres   # + PostgreSQL

The first report creates the report's indexes (once per store); the figure is the median of
the runs after it. Target (issue 19): under 2 s for 100,000 conversations.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bench.staff_seed import random_conversations, write
from bot.staff.page import render
from bot.staff.report import Request, build, make_engine

DAY = 86400


def measure(url: str, conversations: int, runs: int) -> dict[str, float]:
    now = time.time()
    engine = sa.create_engine(url, future=True)
    started = time.perf_counter()
    rows = write(engine, random_conversations(conversations, now - 30 * DAY))
    seeded = time.perf_counter() - started
    engine.dispose()
    engine = make_engine(url)
    request = Request.last_days(30)
    started = time.perf_counter()
    build(engine, request)
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        report = build(engine, request)
        render(report, inline=False)
        times.append(time.perf_counter() - started)
    return {"rows": rows, "seed_s": seeded, "first_s": first, "median_s": statistics.median(times),
            "min_s": min(times), "max_s": max(times),
            "conversations": report["totals"]["conversations"],
            "messages": report["totals"]["messages"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.staff_report", description=__doc__)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true",
                        help="also on PostgreSQL (TEST_POSTGRES_URL), in a throw-away schema")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        results = {"sqlite": measure(f"sqlite:///{Path(folder) / 'tracker.sqlite3'}",
                                     args.conversations, args.runs)}
        if args.postgres:
            from tests.conftest import POSTGRES_URL
            from tests.production.databases import postgres_schema

            with postgres_schema(POSTGRES_URL, prefix="staffbench") as url:
                results["postgresql"] = measure(url, args.conversations, args.runs)
                make_engine(url).dispose()
    for store, result in results.items():
        print(f"{store}: {result['conversations']} conversations, {result['messages']} messages, "
              f"{result['rows']} events (seeded in {result['seed_s']:.0f} s); first report "
              f"{result['first_s']:.2f} s (creates the indexes); report median "
              f"{result['median_s']:.2f} s (min {result['min_s']:.2f}, max "
              f"{result['max_s']:.2f}) over {args.runs} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
