"""A screening survives SIGKILL of the Rasa server, on SQLite and on PostgreSQL: every answer
is still in the tracker store after the restart and the dialogue goes on where it stopped."""

from __future__ import annotations

import os
import uuid
from functools import partial

import pytest

from tests.production.dialogue import question_in, say, screen, stored_slots
from tests.production.servers import Deployment, Server, start_all

pytestmark = pytest.mark.e2e

OPENING = "check if I qualify"
# The first half of the form, in the order the engine asks it.
FIRST_HALF = [("case_type", "criminal"), ("role", "I am the suspect or defendant"),
              ("has_lawyer", "no")]
SECOND_HALF = {"defendant_grounds": "none of these"}
EXPECTED_SLOTS = {"case_type": "criminal", "role": "suspect_or_defendant", "has_lawyer": False}
# What "none of these" to the art. 25 / 28 grounds sets (bot/screening/question_groups.py).
GROUNDS_DENIED = {"is_minor": False, "disability": "none", "limited_capacity": False,
                  "faces_life_or_death": False, "death_penalty_review": False,
                  "tried_in_absentia": False, "compulsory_medical_treatment": False}


def answer_first_half(port: int, sender: str) -> list[str]:
    texts = say(port, sender, OPENING)
    for fact, answer in FIRST_HALF:
        assert question_in(texts) == fact, (fact, texts)
        texts = say(port, sender, answer)
    return texts


def backends(deployment: Deployment) -> list[tuple[str, Server, str]]:
    """SQLite always; PostgreSQL too unless it is missing outside CI."""
    found = [("sqlite", deployment.sqlite, deployment.sqlite_url)]
    if deployment.postgres:
        found.append(("postgresql", deployment.postgres[0], deployment.postgres_url))
    elif os.environ.get("CI"):
        pytest.fail("PostgreSQL or Redis missing: CI must test the PostgreSQL tracker store")
    return found


def test_screening_survives_sigkill(deployment: Deployment):
    stores = backends(deployment)
    pending: dict[str, tuple[str, list[str], dict]] = {}
    for name, server, url in stores:
        sender = f"durable-{name}-{uuid.uuid4()}"
        texts = answer_first_half(int(server.env["RASA_PORT"]), sender)
        assert question_in(texts) == "defendant_grounds", texts
        before = stored_slots(url, sender)
        assert before.items() >= EXPECTED_SLOTS.items(), before
        pending[name] = (sender, texts, before)

    for _, server, _ in stores:
        server.kill()
    seconds = start_all([server for _, server, _ in stores])
    print(f"\nstarted the deployment in {deployment.startup_seconds:.0f} s; restarted "
          f"{len(stores)} Rasa server(s) after SIGKILL in {seconds:.0f} s")

    for name, server, url in stores:
        sender, texts, before = pending[name]
        assert stored_slots(url, sender) == before, f"{name}: slots changed across the restart"
        send = partial(say, int(server.env["RASA_PORT"]), sender)
        result = screen(send, OPENING, SECOND_HALF, texts=texts)
        assert not {fact for fact, _ in FIRST_HALF} & set(result.asked), \
            f"{name}: asked again after the restart: {result.asked}"
        assert result.asked == ["defendant_grounds", "facts_confirmed"], result.asked
        assert "- Already has a lawyer: no" in result.summary
        assert "- Tried in absentia: no" in result.summary
        assert result.assessment.startswith(  # art. 24: no financial questions (legal audit P1-4)
            "Outcome: the suspect or defendant, or a close relative, can"), result.assessment
        assert "art. 24" in result.assessment and "art. 25 para. 2" in result.assessment
        after = stored_slots(url, sender)
        assert after.items() >= {**EXPECTED_SLOTS, **GROUNDS_DENIED}.items(), after
