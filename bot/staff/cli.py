"""`python -m bot report --since 30d --out reports/staff.html`: the staff report as one
self-contained HTML file (charts included, nothing fetched when it is opened)."""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from bot.ops.privacy import duration_argument, parse_duration
from bot.settings import staff_utc_offset_hours, tracker_store_url

DEFAULT_OUT = "reports/staff.html"


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="the staff report as an HTML file")
    report.add_argument("--since", default="30d", type=duration_argument,
                        help="the period: the last 30d, 7d, 12h ... (whole days; default 30d)")
    report.add_argument("--out", default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    report.add_argument("--nlu-out", help="also write the messages not understood as "
                                          "candidate training phrasings (YAML) here")
    report.add_argument("--url", help="tracker store URL (default: $TRACKER_STORE_URL)")
    report.add_argument("--create-indexes", action="store_true",
                        help="only add the report's indexes to the tracker store (once, after "
                             "deploying: else the first report adds them)")
    report.set_defaults(func=write_report)


def write_report(args: argparse.Namespace) -> int:
    from bot.staff.page import render
    from bot.staff.report import Request, build, create_indexes, make_engine, nlu_candidates_yaml

    if args.create_indexes:
        created = create_indexes(make_engine(args.url or tracker_store_url()))
        print("the staff report's indexes: " + (
            f"added ({', '.join(created)})" if created else "already there (or no events table)"))
        return 0
    days = max(1, math.ceil(parse_duration(args.since) / 86400))
    request = Request.last_days(days, staff_utc_offset_hours())
    started = time.perf_counter()
    report = build(make_engine(args.url or tracker_store_url()), request)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, inline=True), encoding="utf-8")
    if args.nlu_out:
        Path(args.nlu_out).write_text(nlu_candidates_yaml(report), encoding="utf-8")
    print(f"{out}: {report['totals']['conversations']} conversations, "
          f"{report['totals']['messages']} messages, {request.first} to {request.last} "
          f"({time.perf_counter() - started:.2f} s)")
    return 0
