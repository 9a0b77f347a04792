"""`rasa data validate`, strict, plus the checks Rasa cannot make on its own.

Rasa's validator warns about every response that no story or rule names, because it cannot
see custom actions. Here every Rasa warning is an error, except "not used in any story or rule"
for a response that the actions package really utters; and a response an action utters that
the domain lacks is an error Rasa would only find at run time.
"""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import Path

from bot.paths import REPO_ROOT

ACTIONS_DIR = REPO_ROOT / "actions"
# Input channels utter responses too (`template(responses, "utter_x")`), e.g. the guard's, and
# so does the shared helper (the article button's title).
CHANNELS_DIR = REPO_ROOT / "bot" / "channels"
RESPONSES_HELPER = REPO_ROOT / "bot" / "responses.py"
RESPONSE_FUNCTIONS = {"template", "response_text", "variation", "channel_text"}
UNUSED_WARNING = re.compile(r"The utterance '(?P<name>[^']+)' is not used in any story or rule")
RESPONSE_NAME = re.compile(r"^utter_[A-Za-z0-9_]+(/[A-Za-z0-9_]+)?$")
# Responses that Rasa's built-in actions utter (action_default_fallback).
BUILT_IN_ACTION_RESPONSES = {"utter_default"}
# Rasa 3.6 merges each retrieval intent of the NLU data into a domain that must already list it
# (rasa/shared/importers/importer.py, _get_domain_with_retrieval_intents), then warns that the
# intent is duplicated. Accepted only when the duplicates are exactly the retrieval intents.
# Rasa 3.6 emits this for every domain that has slots: validate_slot_mappings in
# rasa/shared/core/slot_mappings.py ignores its argument and always warns.
UNCONDITIONAL_WARNINGS = ("Slot auto-fill has been removed in 3.0",)
DUPLICATE_INTENTS = re.compile(r"duplicated intents have been found across multiple domain "
                               r"files: (?P<names>.+)$")


def _response_names(node: ast.AST) -> list[str]:
    """`utter_message(response="utter_x")`, `template(domain, "utter_x")` (or `response_text`,
    `variation`, the WeChat channel's `channel_text(domain, "utter_x", language)`) and
    `domain["responses"]["utter_x"]`."""
    candidates: list[ast.AST] = []
    if isinstance(node, ast.Call):
        candidates = [kw.value for kw in node.keywords if kw.arg == "response"]
        if getattr(node.func, "id", None) in RESPONSE_FUNCTIONS:
            candidates += node.args[1:2]
    elif isinstance(node, ast.Subscript):
        candidates = [node.slice]
    return [c.value for c in candidates
            if isinstance(c, ast.Constant) and isinstance(c.value, str)
            and RESPONSE_NAME.match(c.value)]


def responses_uttered_by_actions(actions_dir: Path = ACTIONS_DIR) -> set[str]:
    """Every response the actions package names as a constant."""
    names: set[str] = set()
    for path in [actions_dir] if actions_dir.is_file() else actions_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names.update(_response_names(node))
    return names


def response_families() -> dict[str, set[str]]:
    """Responses named by code at run time (`utter_reason_<code>`): prefix -> expected names.

    The engine's codes and the screening's facts define them, so a new code without a
    response (or a stale response) is found here rather than in a conversation.
    """
    from bot.eligibility import (
        ALL_CONFLICT_CODES,
        ALL_REASON_CODES,
        ALL_STEP_CODES,
        FACT_NAMES,
        Outcome,
    )
    from bot.screening import question_groups, situation

    groups = set(question_groups.GROUP_SLOTS)  # a group's question (its options: utter_ground_)
    questions = {*FACT_NAMES, *groups, "facts_confirmed"}
    return {
        "utter_reason_": set(ALL_REASON_CODES),
        "utter_step_": set(ALL_STEP_CODES),
        "utter_conflict_": set(ALL_CONFLICT_CODES),
        "utter_outcome_": {outcome.value for outcome in Outcome},
        "utter_fact_": {*FACT_NAMES, *(f"{n}_no" for n in question_groups.NEGATIVE_LABELS)},
        "utter_why_": questions,
        "utter_example_": questions,
        "utter_ask_": {*FACT_NAMES, *groups},
        "utter_ground_": set(question_groups.OPTION_CODES),
        "utter_law_name_": law_ids(),
        "utter_situation_": {name.removeprefix("utter_situation_")
                             for name in situation.response_names()},
    }


def law_ids() -> set[str]:
    import yaml

    laws = yaml.safe_load((REPO_ROOT / "data" / "regulations" / "laws.yml").read_text("utf-8"))
    return {law["id"] for law in laws["laws"]}


def family_problems(responses: set[str]) -> tuple[set[str], list[str]]:
    """The responses the families cover, and the names missing from or stray in each."""
    covered, found = set(), []
    for prefix, codes in response_families().items():
        expected = {prefix + code for code in codes}
        present = {name for name in responses if name.startswith(prefix)}
        found += [f"Response '{n}' is missing (a code or fact needs it)."
                  for n in sorted(expected - present)]
        found += [f"Response '{n}' matches no code or fact." for n in sorted(present - expected)]
        covered |= present
    return covered, found


ZH_CONDITION = [{"type": "slot", "name": "language", "value": "zh"}]


def language_problems(responses: dict[str, list[dict]]) -> list[str]:
    """Every response needs its English variation without a condition (the fallback) and its
    Chinese variation with ZH_CONDITION (the language convention, bot/responses.py); a
    button's payload is the same in both, so a click means the same whatever the language."""
    found = []
    for name, variations in sorted(responses.items()):
        english = [v for v in variations if not v.get("condition")]
        chinese = [v for v in variations if v.get("condition") == ZH_CONDITION]
        if len(english) != 1:
            found.append(f"Response '{name}' needs one English variation without a condition.")
        if len(chinese) != 1:
            found.append(f"Response '{name}' has no Chinese variation (condition: language zh).")
        elif len(english) == 1 and not name.endswith("_topics") and not _same_payloads(
                english[0], chinese[0]) and not _questions(english[0]):
            found.append(f"Response '{name}': its buttons' payloads differ between languages.")
    return found


def _payloads(variation: dict) -> list[str]:
    return [button.get("payload", "") for button in variation.get("buttons") or []]


def _same_payloads(english: dict, chinese: dict) -> bool:
    return _payloads(english) == _payloads(chinese)


def _questions(variation: dict) -> bool:
    """Buttons that send a question in their own language (the topic menus) may differ."""
    return any(not payload.startswith("/") for payload in _payloads(variation))


def rasa_warnings() -> list[str]:
    """Run Rasa's own validator (as `rasa data validate` does) and collect its warnings."""
    from rasa.validator import Validator

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validator = Validator.from_importer(importer())
        validator.verify_domain_validity()
        validator.verify_intents_in_stories(ignore_warnings=False)
        validator.verify_utterances_in_stories(ignore_warnings=False)
        validator.verify_forms_in_stories_rules()
        validator.verify_actions_in_stories_rules()
        validator.verify_form_slots()
        validator.verify_slot_mappings()
        validator.verify_story_structure(ignore_warnings=False)
        validator.verify_example_repetition_in_intents(ignore_warnings=False)
        validator.warn_if_config_mandatory_keys_are_not_set()
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def importer():  # noqa: ANN201 - Rasa's TrainingDataImporter
    from rasa.shared.importers.importer import TrainingDataImporter

    return TrainingDataImporter.load_from_config(
        str(REPO_ROOT / "config.yml"), str(REPO_ROOT / "domain.yml"), [str(REPO_ROOT / "data")])


def importer_domain():  # noqa: ANN201 - the domain with the responses of data/ merged in
    return importer().get_domain()


def retrieval_intent_names() -> set[str]:
    return set(importer().get_nlu_data().retrieval_intents)


def problems() -> list[str]:
    domain_responses = importer_domain().responses
    all_responses = set(domain_responses)
    covered, found = family_problems(all_responses)
    found += language_problems(domain_responses)
    uttered = responses_uttered_by_actions() | BUILT_IN_ACTION_RESPONSES | covered
    uttered |= responses_uttered_by_actions(CHANNELS_DIR)
    uttered |= responses_uttered_by_actions(RESPONSES_HELPER)
    uttered |= {name for name in all_responses if name.startswith("utter_value_")}
    retrieval_intents = retrieval_intent_names()
    for message in rasa_warnings():
        unused = UNUSED_WARNING.search(message)
        if unused and unused.group("name") in uttered:
            continue
        if message.startswith(UNCONDITIONAL_WARNINGS):
            continue
        duplicates = DUPLICATE_INTENTS.search(message)
        if duplicates and set(duplicates.group("names").split(", ")) == retrieval_intents:
            continue
        found.append(message)
    retrieval = {name.split("/")[0] for name in all_responses}
    for name in sorted(responses_uttered_by_actions() - all_responses - retrieval):
        found.append(f"The actions utter '{name}', but the domain has no such response.")
    return found


def validate() -> int:
    found = problems()
    for message in found:
        print(f"- {message}")
    print("Validation passed: no warnings." if not found else f"{len(found)} problem(s).")
    return 1 if found else 0
