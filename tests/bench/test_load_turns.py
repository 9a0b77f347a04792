"""bench/load.py with two bots: they take turns, each gets its own figures (two real HTTP
servers on this machine stand in for the Rasa servers)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load
from bench.script import SCRIPT, SMOKE_SCRIPT, message_count
from bot.ops.evaluation import HAN

# A reply holding the first expected text of every step (English and Chinese).
ANSWER = [{"text": " ".join(step.expect[0] for conversation in SMOKE_SCRIPT
                            for step in conversation.steps if step.expect)}]


@pytest.fixture
def two_bots() -> Iterator[tuple[dict[str, str], list[str]]]:
    """Two servers answering every message; the names of the servers asked, in order."""
    asked: list[str] = []
    started = []
    for name in ("ours", "stock"):
        class Handler(BaseHTTPRequestHandler):
            bot = name

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self.rfile.read(int(self.headers["Content-Length"]))
                asked.append(self.bot)
                body = json.dumps(ANSWER).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    urls = {name: f"http://127.0.0.1:{server.server_port}"
            for name, server in zip(("ours", "stock"), started, strict=True)}
    yield urls, asked
    for server in started:
        server.shutdown()


def test_turns_alternate_which_bot_goes_first() -> None:
    assert load.in_turns(["a", "b"], 3) == ["a", "b", "b", "a", "a", "b"]
    assert load.in_turns(["a"], 2) == ["a", "a"]


def test_one_at_a_time_the_bots_take_turns(two_bots) -> None:
    urls, asked = two_bots
    result = load.measure(urls, SMOKE_SCRIPT, rounds=3, check=["ours"])
    per_pass = message_count(SMOKE_SCRIPT)
    turns = ["ours", "stock", "stock", "ours", "ours", "stock"]
    assert asked == [name for name in turns for _ in range(per_pass)]
    for name in urls:
        assert result[name]["messages"] == 3 * per_pass and result[name]["errors"] == 0
    assert result["ours"]["checked"] > 0 and result["ours"]["check_failures"] == []
    assert result["stock"]["checked"] == 0
    assert set(result["ours"]["by_language"]) == {"en", "zh"}
    assert all(result["ours"]["checked_by_language"][language] > 0 for language in ("en", "zh"))


def test_under_load_each_bot_gets_its_blocks(two_bots) -> None:
    urls, asked = two_bots
    result = load.measure(urls, SMOKE_SCRIPT, concurrency=2, duration=0.6, blocks=2)
    for name in urls:
        assert result[name]["messages"] > 0 and result[name]["errors"] == 0
        assert 0.6 <= result[name]["seconds"] < 1.5  # two blocks of 0.3 s, each finishing
        assert result[name]["throughput_msg_s"] == pytest.approx(
            result[name]["messages"] / result[name]["seconds"], rel=0.01)
    switches = sum(1 for before, after in zip(asked, asked[1:], strict=False) if before != after)
    assert asked[0] == "ours" and asked[-1] == "ours" and switches == 2  # ours, stock, ours


def test_half_the_script_is_chinese() -> None:
    """Issue 15: `make bench` sends half its conversations in Chinese, the smoke run too."""
    for script in (SCRIPT, SMOKE_SCRIPT):
        languages = [conversation.language for conversation in script]
        assert languages.count("zh") == languages.count("en") == len(script) // 2
    for conversation in SCRIPT:
        chinese = [bool(HAN.search(step.text)) for step in conversation.steps]
        assert all(chinese) if conversation.language == "zh" else not all(chinese)
