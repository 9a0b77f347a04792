"""Typed payloads: every payload the assistant offers passes; payloads it could never send
("/faq", entity values that are lists or objects, text after the entities) are caught before
they break an action. The replies through the real servers: tests/production/test_logs.py."""

from __future__ import annotations

from functools import lru_cache

import pytest

from bot.channels.payloads import payload_problem
from bot.ops.validation import importer_domain


@lru_cache(maxsize=1)
def domain():
    return importer_domain()


def offered_payloads() -> set[str]:
    """Every button payload as the user's client receives it: the domain's payloads go through
    Rasa's response interpolation, which turns an escaped `{{...}}` into `{...}`."""
    from rasa.core.nlg.interpolator import interpolate_text

    payloads = {interpolate_text(str(button["payload"]), {})
                for variations in domain().responses.values()
                for variation in variations for button in variation.get("buttons") or []}
    # What actions/knowledge.py and actions/screening_messages.py build for articles.
    payloads.add('/ask_article{"law": "legal_aid_law", "article": "31"}')
    return payloads


def test_every_payload_the_assistant_offers_passes():
    offered = offered_payloads()
    assert "/start_screening" in offered
    assert {p: payload_problem(p, domain()) for p in offered if payload_problem(p, domain())
            } == {}


@pytest.mark.parametrize("typed", [
    "/faq", " /faq ", '/ask_article{"law":["a"],"article":{"b":1}}',
    '/ask_article{"law": true}', '/ask_article{"law": null}', '/ask_article{"nope": "x"}',
    '/ask_article{"law": "a"} and more', '/ask_article{oops}'])
def test_payloads_it_could_never_send_are_caught(typed):
    assert payload_problem(typed, domain())


@pytest.mark.parametrize("text", [
    "/my ID is 110101199003071234", "/", "//", "hello /faq", "/greet", "/restart",
    '/ask_article["law"]'])  # names no intent of the domain: Rasa reads it as text
def test_text_and_plain_intents_are_left_to_rasa(text):
    assert payload_problem(text, domain()) is None
