"""Load generator for the REST channel, run in its own process so that the client does not share
an event loop (or the GIL) with the server it measures.

    python -m bench.load --url http://localhost:20005 --rounds 5            # one message at a time
    python -m bench.load --url ... --concurrency 10 --duration 30         # N conversations at once

Every conversation of the script gets a fresh sender id. With --concurrency N, N workers each run
conversations back to back (worker i starts at the i-th conversation, so the mix is the same)
until --duration seconds have passed; a message already sent is waited for. Prints one JSON
object: messages, errors, throughput, latency percentiles overall and per category, and the
steps whose reply lacked the expected text (--check).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

from bench.script import SCRIPT, SMOKE_SCRIPT, Conversation

REQUEST_TIMEOUT_S = 60.0
WEBHOOK = "/webhooks/rest/webhook"


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_summary(values: Sequence[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None, "mean": None}
    return {"n": len(values), "p50": round(percentile(values, 0.50), 1),
            "p95": round(percentile(values, 0.95), 1), "p99": round(percentile(values, 0.99), 1),
            "max": round(max(values), 1), "mean": round(statistics.fmean(values), 1)}


@dataclass
class Tally:
    by_category: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    checked: int = 0
    check_failures: list[str] = field(default_factory=list)

    def all_latencies(self) -> list[float]:
        return [ms for values in self.by_category.values() for ms in values]


async def run_conversation(session: aiohttp.ClientSession, url: str, conversation: Conversation,
                           tally: Tally, check: bool, deadline: float = math.inf) -> None:
    """Send the conversation's messages in order; an error abandons the conversation."""
    sender = f"bench-{uuid.uuid4().hex}"
    for step in conversation.steps:
        if time.monotonic() >= deadline:
            return
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": step.text}) as reply:
                body = await reply.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            tally.errors[type(error).__name__] += 1
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        if reply.status != 200:
            tally.errors[f"HTTP {reply.status}"] += 1
            return
        tally.by_category.setdefault(conversation.category, []).append(elapsed_ms)
        if check and step.expect is not None:
            tally.checked += 1
            text = "\n".join(m.get("text") or "" for m in json.loads(body))
            if step.expect not in text:
                tally.check_failures.append(step.text)


async def sequential(url: str, script: Sequence[Conversation], rounds: int, check: bool,
                     tally: Tally) -> None:
    async with _session(1) as session:
        for _ in range(rounds):
            for conversation in script:
                await run_conversation(session, url, conversation, tally, check)


async def concurrent(url: str, script: Sequence[Conversation], workers: int, duration: float,
                     check: bool, tally: Tally) -> None:
    deadline = time.monotonic() + duration

    async def worker(offset: int) -> None:
        turn = offset
        while time.monotonic() < deadline:
            await run_conversation(session, url, script[turn % len(script)], tally, check,
                                   deadline)
            turn += 1

    async with _session(workers) as session:
        await asyncio.gather(*(worker(i) for i in range(workers)))


def _session(connections: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections),
                                 timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S))


def measure(url: str, script: Sequence[Conversation], *, rounds: int = 1, concurrency: int = 1,
            duration: float | None = None, check: bool = False) -> dict:
    tally = Tally()
    endpoint = url.rstrip("/") + WEBHOOK
    started = time.perf_counter()
    if duration is None:
        asyncio.run(sequential(endpoint, script, rounds, check, tally))
    else:
        asyncio.run(concurrent(endpoint, script, concurrency, duration, check, tally))
    seconds = time.perf_counter() - started
    latencies = tally.all_latencies()
    return {"concurrency": concurrency, "seconds": round(seconds, 2),
            "messages": len(latencies), "errors": sum(tally.errors.values()),
            "error_kinds": dict(tally.errors),
            "throughput_msg_s": round(len(latencies) / seconds, 2) if seconds else None,
            "latency_ms": latency_summary(latencies),
            "by_category": {name: latency_summary(values)
                            for name, values in sorted(tally.by_category.items())},
            "checked": tally.checked, "check_failures": tally.check_failures}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the Rasa server, e.g. http://localhost:5005")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the script (no load)")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, help="seconds of concurrent load")
    parser.add_argument("--smoke", action="store_true", help="the short script")
    parser.add_argument("--check", action="store_true", help="check replies (our assistant)")
    args = parser.parse_args(argv)
    script = SMOKE_SCRIPT if args.smoke else SCRIPT
    result = measure(args.url, script, rounds=args.rounds, concurrency=args.concurrency,
                     duration=args.duration, check=args.check)
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
