"""How fast the WeChat channel answers, against WeChat's five seconds: measured, reported, held.

Thirty messages from three users one after another, as WeChat's servers post them (signed XML
over HTTP): questions, a cited article, the menu and a digit, and two screenings answered with
digits. The figures go to reports/wechat_reply_time.md (docs/channels.md quotes them).
"""

from __future__ import annotations

import statistics
import time
import urllib.request
import uuid

import pytest

from bot.channels.wechat import REPLY_TIMEOUT
from bot.paths import REPO_ROOT
from tests.channels.test_wechat_channel import post
from tests.channels.wechat_payloads import reply_fields, signed_query, text_message
from tests.live_server import WECHAT_TOKEN

pytestmark = pytest.mark.e2e

CONVERSATIONS = [
    ["hello", "what does a legal aid centre do?", "which article says that?",
     "is legal aid free?", "how do I apply for legal aid?", "who can get legal aid?",
     "what if my application is refused?", "article 25 of the legal aid law",
     "what does the law say about unpaid wages", "what can you do?", "2", "are you a bot?",
     "I want to talk to a person", "thanks"],
    # a defendant: art. 24 answered, check my case (1), no lawyer (2), a minor (1), the
    # summary is right (1)
    ["I was arrested, can I get a free lawyer?", "1", "2", "1", "1", "what is legal aid?",
     "goodbye"],
    # a victim of domestic violence: criminal (1), victim (2), no lawyer (2), matter (4), right (1)
    ["am I eligible for legal aid?", "1", "2", "2", "4", "1", "how long does the decision take?",
     "is what I tell you confidential?", "which article says that?", "thank you"],
]
REPORT = REPO_ROOT / "reports" / "wechat_reply_time.md"
FIRST_ANSWER: list[float] = []  # seconds until the first answer after start, for the report


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def deliver_like_wechat(server, body: bytes) -> tuple[int, bytes, float]:
    """Post `body` as WeChat does: drop the connection after 5 s and send it again, three
    times at most. Returns the status, the reply, and the time until the answer."""
    started = time.perf_counter()
    for delivery in range(1, 4):
        query = signed_query(WECHAT_TOKEN)
        request = urllib.request.Request(
            f"{server.base_url}/webhooks/wechat/webhook?{query}", data=body,
            headers={"Content-Type": "text/xml"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                reply = response.read()
        except TimeoutError:
            continue
        if reply != b"success" or delivery == 3:
            return response.status, reply, time.perf_counter() - started
    return 504, b"", time.perf_counter() - started


def test_the_first_slow_answer_after_start_is_delivered_on_a_retry(assistant):
    """The first search after start is slow (models load); WeChat's retry gets the answer."""
    openid = "o" + uuid.uuid4().hex[:27]
    status, reply, seconds = deliver_like_wechat(
        assistant, text_message(openid, "what does the law say about unpaid wages"))
    assert status == 200 and reply != b"success", (status, reply, seconds)
    assert "art." in reply_fields(reply)["Content"]
    FIRST_ANSWER.append(seconds)


def test_replies_come_within_wechats_five_seconds(assistant):
    seconds: list[float] = []
    outcomes: list[str] = []
    for conversation in CONVERSATIONS:
        openid = "o" + uuid.uuid4().hex[:27]
        for text in conversation:
            body = text_message(openid, text)
            started = time.perf_counter()
            status, reply = post(assistant, body)
            seconds.append(time.perf_counter() - started)
            assert status == 200 and reply != b"success", (text, reply)
            content = reply_fields(reply)["Content"]
            outcomes += [content] if content.startswith("Outcome:") else []
    assert len(seconds) == 31
    assert len(outcomes) == 2, "both screenings should reach an assessment"
    median, p95, worst = statistics.median(seconds), percentile(seconds, 0.95), max(seconds)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        "# WeChat passive reply time\n\n"
        f"{len(seconds)} signed XML messages (3 users in turn, 2 screenings), HTTP round trip "
        "to the real Rasa and action servers on this machine, SQLite tracker store.\n\n"
        "| median | p95 | max | WeChat's budget |\n|---|---|---|---|\n"
        f"| {median * 1000:.0f} ms | {p95 * 1000:.0f} ms | {worst * 1000:.0f} ms | 5000 ms |\n"
        + (f"\nThe first message after the servers started (a knowledge-base search, cold) was "
           f"answered after {FIRST_ANSWER[0]:.1f} s, counting WeChat's retries.\n"
           if FIRST_ANSWER else ""),
        "utf-8")
    print(f"\nWeChat reply time over {len(seconds)} messages: median {median * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {worst * 1000:.0f} ms")
    assert worst < REPLY_TIMEOUT, f"a reply took {worst:.2f} s"
