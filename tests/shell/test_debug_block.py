"""The staff shell's debug block and button numbering, from a tracker as Rasa 3.6 returns it."""

from __future__ import annotations

import io

from bot.ops.staff_shell import debug_block, show_messages

TRACKER = {
    "latest_message": {
        "text": "I'm 16",
        "intent": {"name": "inform", "confidence": 0.912},
        "intent_ranking": [{"name": "inform", "confidence": 0.912},
                           {"name": "deny", "confidence": 0.05},
                           {"name": "affirm", "confidence": 0.02},
                           {"name": "faq", "confidence": 0.01}],
        "entities": [{"entity": "age", "value": 16, "start": 4, "end": 6}],
    },
    "events": [
        {"event": "user", "text": "no"},
        {"event": "action", "name": "screening_form", "policy": "RulePolicy", "confidence": 1.0},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "I'm 16"},
        {"event": "action", "name": "screening_form", "policy": "RulePolicy", "confidence": 1.0},
        {"event": "action", "name": "action_assess_eligibility", "policy": "RulePolicy",
         "confidence": 0.98},
        {"event": "action", "name": "action_listen"},
    ],
    "slots": {"age": 16, "has_lawyer": False, "province": None, "screening_unknown": ["role"]},
    "active_loop": {},
}


def test_one_block_with_what_the_turn_did():
    lines = [line.strip() for line in debug_block(TRACKER)]
    assert lines[0].startswith("---") and lines[-1].startswith("---")
    assert lines[1] == "intent    inform 0.91  (runners-up: deny 0.05, affirm 0.02)"
    assert lines[2] == "entities  age=16"
    assert lines[3] == ("actions   screening_form (RulePolicy 1.00), "
                        "action_assess_eligibility (RulePolicy 0.98)")  # this turn's only
    assert lines[4] == 'slots     age=16, has_lawyer=false, screening_unknown=["role"]'
    assert lines[5] == "form      -"


def test_a_retrieval_intent_shows_the_selected_response():
    tracker = {"latest_message": {
        "intent": {"name": "faq", "confidence": 1.0}, "intent_ranking": [],
        "response_selector": {"all_retrieval_intents": ["faq"], "faq": {"response": {
            "intent_response_key": "faq/what_is_center", "confidence": 0.993}}}}}
    lines = [line.strip() for line in debug_block(tracker)]
    assert lines[1] == "intent    faq 1.00"
    assert lines[2] == "response  faq/what_is_center 0.99"


def test_buttons_are_numbered_across_messages():
    out = io.StringIO()
    payloads = show_messages([
        {"text": "Pick one:\nor type", "buttons": [{"title": "A", "payload": "/a"}]},
        {"text": "More:", "buttons": [{"title": "B", "payload": "b"}]},
    ], out)
    assert payloads == ["/a", "b"]
    assert out.getvalue() == "Bot: Pick one:\n     or type\n     1) A\nBot: More:\n     2) B\n"
