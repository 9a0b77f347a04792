"""Load generator for the REST channel, run in its own process so that the client does not share
an event loop (or the GIL) with the server it measures.

    python -m bench.load --bot ours=http://localhost:20005 --rounds 5        # one at a time
    python -m bench.load --bot ours=... --bot stock=... --concurrency 10 --duration 30

Every conversation of the script gets a fresh sender id. With --concurrency N, N workers each run
conversations back to back (worker i starts at the i-th conversation, so the mix is the same)
until --duration seconds have passed; a message already sent is waited for.

With several bots, they take turns, so that each sees the same state of the machine (the figures
of a bot measured alone moved by up to 2x from one run to the next): one message at a time, a
pass over the script each, the first bot alternating; under load, --blocks blocks of
duration / blocks seconds each, alternating the same way. Prints one JSON object, by bot:
messages, errors, throughput, latency percentiles overall and per category, and the steps whose
reply lacked the expected text (--check NAME); latencies per language too (the script is half
English, half Chinese).
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
    by_language: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    checked: int = 0
    checked_by_language: Counter = field(default_factory=Counter)
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
        tally.by_language.setdefault(conversation.language, []).append(elapsed_ms)
        if check and step.expect:
            tally.checked += 1
            tally.checked_by_language[conversation.language] += 1
            text = "\n".join(m.get("text") or "" for m in json.loads(body))
            if not step.accepts(text):
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


def in_turns(names: Sequence[str], turns: int) -> list[str]:
    """Each name once per turn, the first one alternating: a b, b a, a b, ..."""
    order: list[str] = []
    for turn in range(turns):
        order += list(names) if turn % 2 == 0 else list(reversed(names))
    return order


def measure(urls: dict[str, str], script: Sequence[Conversation], *, rounds: int = 1,
            concurrency: int = 1, duration: float | None = None, blocks: int = 1,
            check: Sequence[str] = ()) -> dict[str, dict]:
    """Each bot's figures (`urls`: name -> Rasa server), the bots taking turns."""
    tallies = {name: Tally() for name in urls}
    seconds = dict.fromkeys(urls, 0.0)
    turns = rounds if duration is None else blocks
    for name in in_turns(list(urls), turns):
        endpoint = urls[name].rstrip("/") + WEBHOOK
        started = time.perf_counter()
        if duration is None:
            asyncio.run(sequential(endpoint, script, 1, name in check, tallies[name]))
        else:
            asyncio.run(concurrent(endpoint, script, concurrency, duration / blocks,
                                   name in check, tallies[name]))
        seconds[name] += time.perf_counter() - started
    return {name: summary(tallies[name], seconds[name], concurrency) for name in urls}


def summary(tally: Tally, seconds: float, concurrency: int) -> dict:
    latencies = tally.all_latencies()
    return {"concurrency": concurrency, "seconds": round(seconds, 2),
            "messages": len(latencies), "errors": sum(tally.errors.values()),
            "error_kinds": dict(tally.errors),
            "throughput_msg_s": round(len(latencies) / seconds, 2) if seconds else None,
            "latency_ms": latency_summary(latencies),
            "by_category": {name: latency_summary(values)
                            for name, values in sorted(tally.by_category.items())},
            "by_language": {name: latency_summary(values)
                            for name, values in sorted(tally.by_language.items())},
            "checked": tally.checked, "checked_by_language": dict(tally.checked_by_language),
            "check_failures": tally.check_failures}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bot", action="append", required=True, metavar="NAME=URL",
                        help="a Rasa server, e.g. ours=http://localhost:5005 (repeatable)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the script (no load)")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, help="seconds of concurrent load, per bot")
    parser.add_argument("--blocks", type=int, default=1, help="turns per bot under load")
    parser.add_argument("--smoke", action="store_true", help="the short script")
    parser.add_argument("--check", action="append", default=[], metavar="NAME",
                        help="check this bot's replies (our assistant)")
    args = parser.parse_args(argv)
    urls = dict(bot.split("=", 1) for bot in args.bot)
    script = SMOKE_SCRIPT if args.smoke else SCRIPT
    result = measure(urls, script, rounds=args.rounds, concurrency=args.concurrency,
                     duration=args.duration, blocks=args.blocks, check=args.check)
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
