"""Screening questions grouped the way the law groups them (issue 16, item 3).

The rules engine (bot.eligibility) lists, in dialogue order, the facts still worth asking. Two
runs of them are one list in the statute, and are asked as one question with options:

  defendant_grounds   Legal Aid Law art. 25(1)-(6) and art. 28: a minor; a visual, hearing or
                      speech disability; an adult who cannot fully understand their conduct;
                      may face life imprisonment or death; a death-penalty review on
                      application; tried in absentia; a compulsory-medical-treatment defendant
  exemption_grounds   art. 42(1)-(3): a minor, elderly or disabled person (or similar group)
                      without a fixed livelihood; social assistance, judicial assistance or
                      special care; a migrant worker claiming wages or work-injury compensation

Where two or more facts of a group are among the engine's next questions, the dialogue asks the
group's question instead, at the place of its first fact; its options are the grounds still
open (the migrant-worker option only where the engine asks about it: a wage or work-injury
matter), then "none of these" and "I don't know". One ground decides the outcome (art. 25: a
lawyer must be appointed; art. 42: no financial check), so one choice is enough. Whatever the
engine still needs after the answer is asked next, by the engine's order: the grouping changes
how facts are asked, never which facts decide.

Pure Python, no Rasa: the form (actions/screening.py) and the path tests use the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.eligibility import Facts, StandardsTable, assess

NONE = "none"  # the "none of these" option
DONT_KNOW = "dont_know"  # the "I don't know" option (its button sends /dont_know)

# A fact's value when its ground does not apply; False unless named here. The engine asks for
# "age", which "not under 18" answers as is_minor False; a disability that is not visual,
# hearing or speech is "none" for art. 25(1)(2), as the disability question's "No" is; a person
# of an art. 42(1) group (already known) who does not lack a fixed livelihood has one.
_NOT_APPLYING: dict[str, dict[str, Any]] = {
    "age": {"is_minor": False},
    "disability": {"disability": "none"},
    "has_fixed_livelihood": {"has_fixed_livelihood": True},
}


# Facts shown in the summary with a narrower name when they do not apply (`utter_fact_<name>_no`):
# what "none of these" says about them is narrower than their question's "no".
NEGATIVE_LABELS: frozenset[str] = frozenset({"vulnerable_group", "disability"})


@dataclass(frozen=True)
class Ground:
    """One option of a group's question: `code` is its button's answer and names its title
    (`utter_ground_<code>`); `facts` are the engine's facts it answers (it is offered while any
    is open); `chosen` the slot values the option sets; `said` those that words naming the
    ground set, where they say less than the option ("I'm elderly" says nothing about a
    livelihood: that is asked next)."""

    code: str
    facts: tuple[str, ...]
    chosen: Mapping[str, Any]
    said: Mapping[str, Any] | None = None

    @property
    def words_set(self) -> Mapping[str, Any]:
        return self.chosen if self.said is None else self.said


@dataclass(frozen=True)
class Group:
    """A group's question: `slot` names it (the form's requested slot, `utter_ask_<slot>`,
    `action_ask_<slot>`, `utter_why_<slot>`, `utter_example_<slot>`); it is never filled
    itself, its answer fills the facts of its grounds."""

    slot: str
    grounds: tuple[Ground, ...]

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for ground in self.grounds for f in ground.facts))

    def open_facts(self, questions: Sequence[str]) -> tuple[str, ...]:
        """The group's facts among `questions` (the engine's next questions), in their order."""
        return tuple(name for name in questions if name in self.facts)

    def open_grounds(self, questions: Sequence[str]) -> tuple[Ground, ...]:
        """The options to offer: the grounds with a fact still open, in the statute's order."""
        return tuple(g for g in self.grounds if any(f in questions for f in g.facts))

    def none_of_these(self, questions: Sequence[str]) -> dict[str, Any]:
        """The slot values of "none of these": every open fact of the group does not apply."""
        return not_applying(self.open_facts(questions))

    def ground(self, code: str) -> Ground | None:
        return next((g for g in self.grounds if g.code == code), None)


def _yes(fact: str, code: str | None = None) -> Ground:
    return Ground(code or fact, (fact,), {fact: True})


def _disability(kind: str) -> Ground:
    return Ground(kind, ("disability",), {"disability": kind})


DEFENDANT_GROUNDS = Group("defendant_grounds", (  # art. 25(1)(1)-(6), art. 28
    Ground("minor", ("age",), {"is_minor": True}),
    _disability("visual"), _disability("hearing"), _disability("speech"),
    _yes("limited_capacity"),
    _yes("faces_life_or_death"),
    _yes("death_penalty_review"),
    _yes("tried_in_absentia"),
    _yes("compulsory_medical_treatment"),
))
EXEMPTION_GROUNDS = Group("exemption_grounds", (  # art. 42(1)-(3)
    Ground("vulnerable_group", ("vulnerable_group", "has_fixed_livelihood"),
           {"vulnerable_group": True, "has_fixed_livelihood": False},
           said={"vulnerable_group": True}),
    _yes("social_assistance"),
    _yes("judicial_assistance"),
    _yes("special_care"),
    _yes("migrant_worker_wage_or_injury"),
))
GROUPS: tuple[Group, ...] = (DEFENDANT_GROUNDS, EXEMPTION_GROUNDS)
GROUP_SLOTS: tuple[str, ...] = tuple(group.slot for group in GROUPS)
# The titles of every option, `utter_ground_<code>` (checked against the domain).
OPTION_CODES: frozenset[str] = frozenset(
    {g.code for group in GROUPS for g in group.grounds} | {NONE, DONT_KNOW})


def not_applying(facts: Sequence[str]) -> dict[str, Any]:
    """The slot values that say each of these facts (the engine's names) does not apply."""
    values: dict[str, Any] = {}
    for name in facts:
        values.update(_NOT_APPLYING.get(name, {name: False}))
    return values


def group_named(slot: str | None) -> Group | None:
    return next((group for group in GROUPS if group.slot == slot), None)


def engine_questions(facts: Facts, standards: StandardsTable | None = None,
                     today: date | None = None, unknown: Iterable[str] = ()) -> list[str]:
    """The facts the engine would still ask, in its order, without those the person said
    they don't know (never asked again)."""
    unknown = set(unknown)
    return [name for name in assess(facts, standards, today, unknown).missing
            if name not in unknown]


def dialogue_questions(questions: Sequence[str]) -> list[str]:
    """The engine's next questions as the dialogue asks them: where two or more facts of a
    group are open, the group's one question, at the place of its first fact."""
    asked: list[str] = []
    for name in questions:
        group = next((g for g in GROUPS if name in g.facts), None)
        if group is None or len(group.open_facts(questions)) < 2:
            asked.append(name)
        elif group.slot not in asked:
            asked.append(group.slot)
    return asked


def unknown_facts(slot: str, questions: Sequence[str]) -> list[str]:
    """The facts an "I don't know" to question `slot` leaves unknown: the open facts of its
    group, or the one fact asked."""
    group = group_named(slot)
    return list(group.open_facts(questions)) if group else [slot]
