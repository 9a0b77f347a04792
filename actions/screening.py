"""The eligibility screening form: ask what the rules engine needs, then assess.

The engine (bot.eligibility) decides which facts still matter, so the form asks only those;
where several grounds of one list of the law are open (art. 25 / 28, art. 42), they are asked
as one question with options (bot.screening.question_groups). Answers are read by
bot.screening.answers. Question-like messages (an FAQ, "why?", "stop") are left unanswered here
so the form's rules can handle them and return to the question.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.screening_messages import article_buttons, assessment_text, summary_lines
from actions.templates import localized, template
from bot.eligibility import FACT_NAMES, Facts, InvalidFact, StandardsTable, assess
from bot.paths import DATA_DIR
from bot.screening.answers import CONFIRMATION, corrections, opening_facts, parse_answer
from bot.screening.group_answers import is_bare_yes
from bot.screening.question_groups import (
    DEFENDANT_GROUNDS,
    DONT_KNOW,
    EXEMPTION_GROUNDS,
    GROUP_SLOTS,
    NONE,
    Group,
    dialogue_questions,
    engine_questions,
    group_named,
    unknown_facts,
)
from bot.screening.vocabulary import Answer

FORM = "screening_form"
UNKNOWN = "screening_unknown"  # facts the user said they don't know
ATTEMPTS = "screening_attempts"  # failed answers to the current question
SCREENING_SLOTS = (*FACT_NAMES, *GROUP_SLOTS, CONFIRMATION, UNKNOWN, ATTEMPTS)
# Intents answered by their own rules during the form; the form asks its question again after.
INTERRUPTIONS = {"faq", "ask_article", "ask_law_topic", "ask_source", "ask_why", "bot_challenge",
                 "human_handoff", "stop", "restart_screening", "start_screening",
                 "delete_data", "switch_language"}
ALWAYS_INTERRUPT = {"stop", "restart_screening", "start_screening", "ask_why", "delete_data",
                    "switch_language"}
MAX_ATTEMPTS_BEFORE_HELP = 2


@lru_cache(maxsize=1)
def standards() -> StandardsTable:
    return StandardsTable.load(DATA_DIR / "eligibility" / "financial_standards.csv")


def known_facts(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in FACT_NAMES
            if tracker.get_slot(name) is not None}


def facts_of(tracker: Tracker) -> Facts:
    return Facts.from_mapping(known_facts(tracker))


def open_questions(tracker: Tracker) -> list[str]:
    """The facts the engine would still ask, in its order (the "don't know" ones left out)."""
    return engine_questions(facts_of(tracker), standards(), date.today(),
                            tracker.get_slot(UNKNOWN) or [])


def intent_of(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def answer_text(tracker: Tracker) -> str:
    """The answer's words: a button's `answer` entity (its payload is language-neutral,
    `/inform{"answer": "blind"}`), else the message text."""
    return (next(tracker.get_latest_entity_values("answer"), None)
            or tracker.latest_message.get("text") or "")


def valid(answer: dict[str, Any], current: dict[str, Any]) -> bool:
    """Would these facts, added to the current ones, be accepted by the engine?"""
    try:
        Facts.from_mapping({**current, **answer})
    except InvalidFact:
        return False
    return True


class ValidateScreeningForm(FormValidationAction):
    def name(self) -> str:
        return "validate_screening_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        # Answers are validated while they are read (get_extraction_events). The SDK's own
        # validation step would drop every slot no longer in required_slots, and with an
        # engine-driven form that is exactly the fact just answered.
        domain = localized(domain, tracker)
        events = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        return events + ([next_slot] if next_slot else [])

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: dict[str, Any]) -> list[str]:
        return dialogue_questions(open_questions(tracker)) + [CONFIRMATION]

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = answer_text(tracker)
        intent, _ = intent_of(tracker)
        requested = tracker.get_slot("requested_slot")
        current = known_facts(tracker)
        if not requested:  # the message that opened the form, or a correction after it
            return self._opening(text, intent, current)
        if intent in ALWAYS_INTERRUPT:
            return []
        events = self._corrections(text, intent, requested, current)
        if events and requested == CONFIRMATION:
            return events  # "actually he is 17" changes the summary, it does not confirm it
        questions = open_questions(tracker)
        answer = parse_answer(requested, text, intent, questions)
        if answer.understood and (answer.dont_know or valid(answer.facts, current)):
            return events + self._accept(requested, answer, tracker, dispatcher, questions)
        if events:
            return events
        if intent in INTERRUPTIONS:
            return []  # the form's rules answer it, then the question is asked again
        return self._not_understood(requested, text, intent, tracker, dispatcher, domain)

    def _opening(self, text: str, intent: str | None,
                 current: dict[str, Any]) -> list[dict[str, Any]]:
        if current:
            return self._corrections(text, intent, "", current)
        found = {slot: value for slot, value in opening_facts(text).items()
                 if valid({slot: value}, {})}
        return [SlotSet(slot, value) for slot, value in found.items()]

    @staticmethod
    def _corrections(text: str, intent: str | None, requested: str,
                     current: dict[str, Any]) -> list[dict[str, Any]]:
        changed = {slot: value for slot, value in corrections(text, set(current), intent).items()
                   if slot != requested and current.get(slot) != value
                   and valid({slot: value}, current)}
        if not changed:
            return []
        if "age" in changed and current.get("is_minor") is not None:
            changed["is_minor"] = None  # an age said now decides (is_minor was "under 18?")
        # A changed fact can change the questions and the outcome: confirm the summary again.
        return [SlotSet(slot, value) for slot, value in changed.items()] + [
            SlotSet(CONFIRMATION, None)]

    @staticmethod
    def _accept(requested: str, answer: Answer, tracker: Tracker,
                dispatcher: CollectingDispatcher, questions: list[str]) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SlotSet(ATTEMPTS, 0)]
        if answer.dont_know:  # a group's question: every ground still open is unknown
            known = tracker.get_slot(UNKNOWN) or []
            unknown = [*known, *(name for name in unknown_facts(requested, questions)
                                 if name not in known)]
            return events + [SlotSet(UNKNOWN, unknown)]
        if requested == CONFIRMATION and answer.facts[CONFIRMATION] is False:
            dispatcher.utter_message(response="utter_summary_change")
            return events + [SlotSet(CONFIRMATION, None)]
        return events + [SlotSet(slot, value) for slot, value in answer.facts.items()]

    @staticmethod
    def _not_understood(requested: str, text: str, intent: str | None, tracker: Tracker,
                        dispatcher: CollectingDispatcher,
                        domain: dict[str, Any]) -> list[dict[str, Any]]:
        attempts = int(tracker.get_slot(ATTEMPTS) or 0) + 1
        if attempts >= MAX_ATTEMPTS_BEFORE_HELP:
            dispatcher.utter_message(response="utter_can_skip",
                                     why=template(domain, f"utter_why_{requested}"))
        elif group_named(requested) and is_bare_yes(text, intent):
            dispatcher.utter_message(response="utter_which_ground")  # then the options again
        else:
            dispatcher.utter_message(response="utter_not_understood",
                                     example=template(domain, f"utter_example_{requested}"))
        return [SlotSet(ATTEMPTS, attempts)]


class ActionAskFactsConfirmed(Action):
    """The last question: a summary of what was understood, to confirm."""

    def name(self) -> str:
        return "action_ask_facts_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        summary = summary_lines(localized(domain, tracker), known_facts(tracker),
                                tracker.get_slot(UNKNOWN) or [])
        dispatcher.utter_message(response="utter_summary", summary=summary)
        return []


class _AskGroupQuestion:
    """A group's question (bot.screening.question_groups), asked by the form as
    `action_ask_<slot>`: its text is `utter_ask_<slot>`, its buttons the grounds still open
    (titles `utter_ground_<code>`), then "none of these" and "I don't know"."""

    group: ClassVar[Group]

    def name(self) -> str:
        return f"action_ask_{self.group.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        domain = localized(domain, tracker)
        codes = [ground.code for ground in self.group.open_grounds(open_questions(tracker))]
        buttons = [{"title": template(domain, f"utter_ground_{code}"),
                    "payload": "/inform" + json.dumps({"answer": code})}
                   for code in [*codes, NONE]]
        buttons.append({"title": template(domain, f"utter_ground_{DONT_KNOW}"),
                        "payload": "/dont_know"})
        dispatcher.utter_message(response=f"utter_ask_{self.group.slot}", buttons=buttons)
        return []


class ActionAskDefendantGrounds(_AskGroupQuestion, Action):
    group = DEFENDANT_GROUNDS


class ActionAskExemptionGrounds(_AskGroupQuestion, Action):
    group = EXEMPTION_GROUNDS


class ActionAssessEligibility(Action):
    def name(self) -> str:
        return "action_assess_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        # "Don't know" answers keep the floor the law gives and say what would change it.
        assessment = assess(facts_of(tracker), standards(), date.today(),
                            tracker.get_slot(UNKNOWN) or [])
        domain = localized(domain, tracker)
        dispatcher.utter_message(response="utter_assessment",
                                 **assessment_text(domain, assessment))
        buttons = article_buttons(domain, assessment)
        if buttons:
            dispatcher.utter_message(response="utter_assessment_articles", buttons=buttons)
        return [SlotSet("screening_outcome", assessment.outcome.value)]
