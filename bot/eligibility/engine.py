"""Who may get legal aid: Legal Aid Law 2021, ch. 3-4, as a pure function of the known facts.

Rules, checked in this order; the first that decides wins ("art." = 法律援助法):

  facts contradict each other (age vs is_minor, role vs case ...)  NOT_ENOUGH_FACTS, conflicts
  criminal, suspect/defendant:
    has a defender (art. 24, 25 "没有委托辩护人")                     LIKELY_OUTSIDE        24
    minor (age < 18 decides); visual/hearing/speech disability;     MUST_APPOINT          25(1)-(6)
      adult who cannot fully understand own conduct; may face
      life imprisonment or death (+ art. 26); death-penalty
      review and applies (+ art. 26); tried in absentia
    compulsory-medical-treatment respondent                         MUST_APPOINT          28
    otherwise                                                       -> financial test     24
  criminal, victim / private prosecutor / civil-claim plaintiff:
    has an agent                                                    LIKELY_OUTSIDE        29
    claim is an art. 32 matter (abuse, domestic violence, ...)      ELIGIBLE_NO_FIN._TEST 32
    otherwise                                                       -> financial test     29
  civil / administrative:
    matter in neither list                                          LIKELY_OUTSIDE        31(9)
    has an agent                                                    LIKELY_OUTSIDE        31
    art. 32 matter                                                  ELIGIBLE_NO_FIN._TEST 32(1)-(4)
    art. 31 matter                                                  -> financial test     31(1)-(8)
  financial test:
    any exemption: no fixed income (minor, elderly, disabled);      ELIGIBLE_FIN._CHECK_  42(1)-(3)
      social / judicial assistance or special care; migrant           WAIVED
      worker's wage or work-injury claim
    otherwise                                                       ELIGIBLE_IF_FIN._     24/29/31,
      + with a dated provincial row: income per person                DIFFICULT           34, 41
        (household income / size) within or above it;
        without a row: no_standard_on_file (confirm locally)
  a fact on the way is unknown                                      NOT_ENOUGH_FACTS, missing

`missing` / `next_questions` list, in dialogue order, the facts that would still decide the
outcome, then (for the financial test only) province, household income and size.
"""

from __future__ import annotations

from datetime import date

from bot.eligibility.conflicts import conflicting_facts, find_conflicts
from bot.eligibility.facts import (
    ART31_MATTERS,
    ART32_MATTERS,
    DEFENDANT,
    MIGRANT_WORKER_MATTERS,
    OTHER,
    Facts,
)
from bot.eligibility.result import Assessment, Outcome, Reason, reason
from bot.eligibility.standards import StandardRow, StandardsTable
from bot.eligibility.steps import next_steps

ART25_FACTS = ("age", "disability", "limited_capacity", "faces_life_or_death",
               "death_penalty_review", "tried_in_absentia", "compulsory_medical_treatment")
EXEMPTIONS = (  # art. 42, in the order asked; the migrant question only for wage / injury claims
    ("migrant_worker_wage_or_injury", "exempt_migrant_worker"),
    ("social_assistance", "exempt_social_assistance"),
    ("no_fixed_income_vulnerable", "exempt_no_fixed_income"),
    ("special_care", "exempt_special_care"),
    ("judicial_assistance", "exempt_judicial_assistance"),
)
FINANCE_FACTS = ("province", "household_monthly_income", "household_size")
_ASSUMED = {"defendant_may_apply", "financial_difficulty_required"}  # hold only once decided


def assess(facts: Facts, standards: StandardsTable | None = None,
           today: date | None = None) -> Assessment:
    conflicts = find_conflicts(facts)
    if conflicts:
        steps = next_steps(Outcome.NOT_ENOUGH_FACTS, facts, ())
        return Assessment(Outcome.NOT_ENOUGH_FACTS, missing=conflicting_facts(conflicts),
                          conflicts=conflicts, next_steps=steps)
    walk = _Walk(facts, standards, today or date.today())
    walk.run()
    outcome = walk.outcome if walk.outcome and not walk.needed else Outcome.NOT_ENOUGH_FACTS
    reasons = tuple(r for r in walk.reasons
                    if outcome is not Outcome.NOT_ENOUGH_FACTS or r.code not in _ASSUMED)
    return Assessment(outcome, reasons, tuple(walk.needed + walk.refine),
                      next_steps=next_steps(outcome, facts, reasons), standard=walk.standard)


def next_questions(facts: Facts, standards: StandardsTable | None = None,
                   today: date | None = None) -> list[str]:
    """Fact names still worth asking, in order. Without a table, finances are always asked;
    with one, income is not asked in a province that has no standard row."""
    return list(assess(facts, standards, today).missing)


class _Walk:
    def __init__(self, facts: Facts, standards: StandardsTable | None, today: date):
        self.f, self.standards, self.today = facts, standards, today
        self.needed: list[str] = []  # facts that decide the outcome
        self.refine: list[str] = []  # finance facts that only refine a decided outcome
        self.reasons: list[Reason] = []
        self.outcome: Outcome | None = None
        self.standard: StandardRow | None = None

    def ask(self, *names: str) -> None:
        self.needed += [n for n in names if n not in self.needed and getattr(self.f, n) is None]

    def run(self) -> None:
        f = self.f
        if f.case_type is None:
            return self.ask("case_type")
        if f.case_type != "criminal":
            return self.civil()
        if f.role is None:
            return self.ask("role")
        return self.defendant() if f.role == DEFENDANT else self.criminal_victim()

    def defendant(self) -> None:
        f = self.f
        if f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_defender"))
        self.ask("has_lawyer")
        found = _art25_reasons(f)
        if found:
            return self.decide(Outcome.MUST_APPOINT, *found)
        if f.minor is None:
            self.needed.append("age")
        self.ask(*ART25_FACTS[1:])
        self.reasons.append(reason("defendant_may_apply"))
        self.financial_test()

    def criminal_victim(self) -> None:
        f = self.f
        if f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_agent", article=29))
        self.ask("has_lawyer")
        self.reasons.append(reason("victim_may_apply", role=f.role))
        if f.matter in ART32_MATTERS:
            return self.decide(Outcome.ELIGIBLE_NO_FINANCIAL_TEST, _matter_reason(f.matter))
        self.ask("matter")  # only an art. 32 matter changes a victim's outcome
        self.financial_test()

    def civil(self) -> None:
        f = self.f
        if f.matter is None:
            return self.ask("matter")
        if f.matter == OTHER:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("matter_not_listed"))
        if f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_agent"))
        self.ask("has_lawyer")
        if f.matter in ART32_MATTERS:
            return self.decide(Outcome.ELIGIBLE_NO_FINANCIAL_TEST, _matter_reason(f.matter))
        self.reasons.append(_matter_reason(f.matter))
        self.financial_test()

    def financial_test(self) -> None:
        f = self.f
        migrant = f.matter in MIGRANT_WORKER_MATTERS
        exemptions = [(name, code) for name, code in EXEMPTIONS
                      if migrant or name != "migrant_worker_wage_or_injury"]
        granted = [reason(code) for name, code in exemptions if getattr(f, name)]
        if granted:
            return self.decide(Outcome.ELIGIBLE_FINANCIAL_CHECK_WAIVED, *granted)
        self.ask(*(name for name, _ in exemptions))
        self.decide(Outcome.ELIGIBLE_IF_FINANCIALLY_DIFFICULT,
                    reason("financial_difficulty_required"))
        self.compare_with_standard()

    def compare_with_standard(self) -> None:
        f = self.f
        if f.province is None:
            self.refine += [n for n in FINANCE_FACTS if getattr(f, n) is None]
            return
        row = self.standards.find(f.province, self.today) if self.standards else None
        if row is None and self.standards is not None:
            self.reasons.append(reason("no_standard_on_file", province=f.province))
            return
        self.standard = row
        unknown = [n for n in FINANCE_FACTS[1:] if getattr(f, n) is None]
        if unknown:
            self.refine += unknown
        elif row is None:  # no table consulted
            self.reasons.append(reason("no_standard_on_file", province=f.province))
        else:
            per_person = f.household_monthly_income / f.household_size
            code = ("income_within_standard" if per_person <= row.monthly_income_per_person_cny
                    else "income_above_standard")
            self.reasons.append(reason(code, province=row.province.split("|")[0],
                                       standard=str(row.monthly_income_per_person_cny),
                                       effective_from=row.effective_from.isoformat()))

    def decide(self, outcome: Outcome, *reasons: Reason) -> None:
        self.outcome = outcome
        self.reasons += reasons


def _art25_reasons(f: Facts) -> list[Reason]:
    found = []
    if f.minor:
        found.append(reason("minor_defendant"))
    if f.disability in ("visual", "hearing", "speech"):
        found.append(reason("disabled_defendant", disability=f.disability))
    if f.limited_capacity:
        found.append(reason("limited_capacity_defendant"))
    if f.faces_life_or_death:
        found.append(reason("life_or_death_sentence_possible"))
    if f.death_penalty_review:
        found.append(reason("death_penalty_review_on_application"))
    if f.tried_in_absentia:
        found.append(reason("tried_in_absentia"))
    if f.compulsory_medical_treatment:
        found.append(reason("compulsory_medical_treatment"))
    if f.faces_life_or_death or f.death_penalty_review:
        found.append(reason("experienced_lawyer_required"))
    return found


def _matter_reason(matter: str) -> Reason:
    if matter in ART32_MATTERS:
        return reason("no_financial_test_matter", item=ART32_MATTERS[matter], matter=matter)
    return reason("listed_matter", item=ART31_MATTERS[matter], matter=matter)
