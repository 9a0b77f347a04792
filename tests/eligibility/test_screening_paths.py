"""Every path through the screening, and how many questions each asks before the summary
(issue 16, item 3: "no situation needs more than 8 questions").

The walk drives the functions the form itself uses (actions/screening.py): the engine's next
questions without the "don't know" ones (`engine_questions`), grouped as the dialogue asks them
(`dialogue_questions`), each answered with every button the question offers, read by the same
parser (`parse_answer`; a group's "I don't know" through `unknown_facts`). The buttons are the
responses' own (data/responses/screening.yml) and, for a group's question, the open grounds,
"none of these" and "I don't know" as `action_ask_<group>` offers them. Typed answers stand in
where a question has no button for an answer: a province, an income.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache

import pytest
import yaml

from bot.eligibility import Facts, InvalidFact, StandardsTable
from bot.paths import DATA_DIR
from bot.screening.answers import parse_answer
from bot.screening.question_groups import (
    NONE,
    dialogue_questions,
    engine_questions,
    group_named,
    unknown_facts,
)

MAX_QUESTIONS = 8  # issue 16: no situation needs more before the summary
TODAY = date(2024, 6, 1)
RESPONSES = yaml.safe_load((DATA_DIR / "responses" / "screening.yml").read_text("utf-8"))
SHIPPED = DATA_DIR / "eligibility" / "financial_standards.csv"
# Typed answers where the buttons offer only "I don't know": a province without a standard row
# (the shipped table has none) and amounts on either side of the fictitious standard. The
# fictitious table's test province is no name the parser reads: it is set as the slot value.
TYPED = {"province": ["广东"], "household_monthly_income": ["1000", "99999"]}
SET_DIRECTLY = {"province": [{"province": "TEST"}]}
Button = tuple[str, str | None]  # (text sent, intent)


def _answer_of(payload: str) -> Button:
    """What a button's payload sends, as the form reads it: its `answer` entity or its intent."""
    if payload in ("/affirm", "/deny", "/dont_know"):
        return payload, payload[1:]
    match = re.fullmatch(r"/inform(\{.*\})", payload.replace("{{", "{").replace("}}", "}"))
    if match:
        return json.loads(match.group(1))["answer"], "inform"
    return payload, None  # a number button sends its text


@cache
def buttons(question: str) -> tuple[Button, ...]:
    """The answers offered to an individual question: its response's buttons (English), plus
    typed answers where it has no button for one."""
    [english] = [v for v in RESPONSES["responses"][f"utter_ask_{question}"]
                 if not v.get("condition")]
    offered = [_answer_of(b["payload"]) for b in english.get("buttons") or []]
    return tuple(offered + [(text, None) for text in TYPED.get(question, [])])


def group_buttons(slot: str, questions: list[str]) -> tuple[Button, ...]:
    """What action_ask_<slot> offers: the open grounds, "none of these", "I don't know"."""
    codes = [g.code for g in group_named(slot).open_grounds(questions)]
    return (*((code, "inform") for code in [*codes, NONE]), ("/dont_know", "dont_know"))


def walk(standards: StandardsTable) -> list[list[str]]:
    """Every path of questions from an empty screening to the summary."""
    paths: list[list[str]] = []

    def step(slots: dict, unknown: frozenset[str], asked: list[str]) -> None:
        assert len(asked) <= 20, f"no end: {asked}"
        questions = engine_questions(Facts.from_mapping(slots), standards, TODAY, unknown)
        if not questions:
            paths.append(asked)
            return
        requested = dialogue_questions(questions)[0]
        offered = (group_buttons(requested, questions) if group_named(requested)
                   else buttons(requested))
        for text, intent in offered:
            answer = parse_answer(requested, text, intent, questions)
            assert answer.understood, (requested, text, asked)
            if answer.dont_know:
                step(slots, unknown | set(unknown_facts(requested, questions)),
                     [*asked, requested])
                continue
            try:
                Facts.from_mapping({**slots, **answer.facts})
            except InvalidFact:  # the form refuses it (a role that is not criminal): asked again
                continue
            step({**slots, **answer.facts}, unknown, [*asked, requested])
        for values in SET_DIRECTLY.get(requested, []):
            step({**slots, **values}, unknown, [*asked, requested])

    step({}, frozenset(), [])
    return paths


@pytest.fixture(scope="module", params=["shipped", "fictitious"])
def paths(request, fictitious_table) -> list[list[str]]:
    """The shipped standards table (no rows: income is never asked) and the fictitious one
    (a province with a standard: income and household size are asked)."""
    table = StandardsTable.load(SHIPPED) if request.param == "shipped" else fictitious_table
    return walk(table)


def test_no_path_asks_more_than_8_questions_before_the_summary(paths):
    longest = max(paths, key=len)
    print(f"\n{len(paths)} paths; the longest asks {len(longest)} questions: "
          + " -> ".join(longest))
    too_long = [path for path in paths if len(path) > MAX_QUESTIONS]
    assert not too_long, f"{len(too_long)} paths over {MAX_QUESTIONS}, e.g. {too_long[0]}"


def test_no_question_is_asked_twice_on_a_path(paths):
    for path in paths:
        assert len(path) == len(set(path)), path


def test_each_group_is_asked_and_each_ground_is_one_answer(paths):
    """The grouped questions replace the seven art. 25 / 28 and five art. 42 questions."""
    asked = {question for path in paths for question in path}
    assert {"defendant_grounds", "exemption_grounds"} <= asked
    for fact in ("limited_capacity", "death_penalty_review", "tried_in_absentia",
                 "compulsory_medical_treatment", "judicial_assistance", "special_care"):
        assert fact not in asked, fact  # never alone: with another open fact, always grouped


def test_the_paths_of_the_issue(fictitious_table):
    """The adult defendant of issue 16 answered nine questions before any finding; now the
    art. 25 / 28 grounds are one question."""
    start = {"case_type": "criminal", "role": "suspect_or_defendant", "has_lawyer": False}
    questions = engine_questions(Facts.from_mapping(start), fictitious_table, TODAY)
    assert len(questions) == 7 and dialogue_questions(questions) == ["defendant_grounds"]
    answer = parse_answer("defendant_grounds", NONE, "inform", questions)
    assert engine_questions(Facts.from_mapping({**start, **answer.facts})) == []
    civil = {"case_type": "civil", "matter": "employment_or_wages", "has_lawyer": False}
    questions = engine_questions(Facts.from_mapping(civil), fictitious_table, TODAY)
    assert dialogue_questions(questions) == ["exemption_grounds", "province",
                                             "household_monthly_income", "household_size"]
