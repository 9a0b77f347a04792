"""The staff shell as staff use it: lines piped into `python -m bot shell --debug`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.paths import REPO_ROOT
from tests.conftest import require_model

pytestmark = pytest.mark.e2e

QUESTION = "what does a legal aid centre do?"
LINES = [
    QUESTION,
    "I was arrested, can I get a free lawyer?",  # art. 24 first, then the offer
    "1",  # the offer's first button, "Yes, check my case"
    "2",  # the second button of the question, "No"
    "/debug",  # debug block off
    QUESTION,
    "/stop",
]
CITATION = re.compile(r"\(Legal Aid Law art\. \d+")


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> tuple[list[str], str]:
    """The shell's output split per input line (index 0: before the first), and where the
    assistant's usual tracker store was pointed."""
    require_model()
    store = tmp_path_factory.mktemp("shell") / "tracker.sqlite3"
    env = {**os.environ, "TRACKER_STORE_URL": f"sqlite:///{store}"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--debug", "--rasa-port", "17205",
         "--action-port", "17255"], input="\n".join(LINES) + "\n", capture_output=True,
        text=True, timeout=600, cwd=REPO_ROOT, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    turns = result.stdout.split("You: ")
    assert len(turns) == len(LINES) + 1, result.stdout
    return turns, str(store)


def block(turn: str) -> dict[str, str]:
    """The debug block of one turn: {"intent": "faq 1.00 ...", "slots": ..., ...}."""
    rows = re.findall(r"^  (intent|response|entities|actions|slots|form) +(.*)$", turn, re.M)
    return dict(rows)


def test_answers_and_explains_a_question(session):
    turns, _ = session
    assert CITATION.search(turns[1]), turns[1]
    debug = block(turns[1])
    assert re.fullmatch(r"faq 0\.\d\d|faq 1\.00", debug["intent"].split("  ")[0]), debug
    assert "runners-up:" in debug["intent"]
    assert debug["response"].startswith("faq/what_is_center ")
    assert debug["actions"].startswith("utter_faq (RulePolicy")
    # an FAQ sets no fact; only the conversation's language, detected from the message
    assert debug["slots"] == "language=en" and debug["form"] == "-"


def test_shows_the_screening_form_and_its_slots(session):
    turns, _ = session
    opening = block(turns[2])
    assert opening["intent"].startswith("start_screening ")
    assert "(Legal Aid Law art. 24)" in turns[2]  # the law's answer first (issue 16)
    assert "1) Yes, check my case" in turns[2] and "2) No, thanks" in turns[2]
    assert "role=suspect_or_defendant" in opening["slots"]
    assert "situation_answered=true" in opening["slots"]
    assert opening["form"] == "-"
    accepted = block(turns[3])
    assert accepted["intent"].startswith("affirm ")
    assert "requested_slot=has_lawyer" in accepted["slots"]
    assert accepted["form"] == "screening_form"
    assert "2) No" in turns[3]  # buttons are numbered
    answered = block(turns[4])
    assert "has_lawyer=false" in answered["slots"]
    assert "requested_slot=defendant_grounds" in answered["slots"]


def test_debug_block_can_be_turned_off(session):
    turns, _ = session
    assert "(debug block off)" in turns[5]
    assert CITATION.search(turns[6]) and not block(turns[6])


def test_staff_conversations_stay_out_of_the_tracker_store(session):
    _, store = session
    assert not Path(store).exists() or b"staff-" not in Path(store).read_bytes()
