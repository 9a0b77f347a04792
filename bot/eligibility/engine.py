"""Who may get legal aid: Legal Aid Law 2021, ch. 3-4, as a pure function of the known facts.

Rules, checked in this order; the first that decides wins ("art." = 法律援助法):

  facts contradict each other (age vs is_minor, role vs case ...)  NOT_ENOUGH_FACTS, conflicts
  criminal, suspect/defendant:
    has a defender (art. 24, 25 "没有委托辩护人")                     LIKELY_OUTSIDE        24
    minor (age < 18 decides); visual/hearing/speech disability;     MUST_APPOINT          25(1)-(6)
      adult who cannot fully understand own conduct; may face
      life imprisonment or death (+ art. 26); death-penalty
      review and applies (+ art. 26); tried in absentia
    compulsory-medical-treatment defendant                          MUST_APPOINT          28
    otherwise: may apply for financial difficulty or other          MAY_APPLY_AS_         24, 25
      reasons; the court may appoint at an ordinary-procedure         DEFENDANT           para. 2,
      trial; other laws may add must-appoint groups                                       25(7)
  criminal, compulsory-medical-treatment respondent:
    has an agent                                                    LIKELY_OUTSIDE        28
    otherwise                                                       MUST_APPOINT          28
  criminal, victim (or their relative / representative), private prosecutor, civil-claim plaintiff:
    has an agent                                                    LIKELY_OUTSIDE        29
    claim is an art. 32 matter (abuse, domestic violence, ...)      ELIGIBLE_NO_FIN._TEST 32
    otherwise (a retrial or protest adds art. 33)                   -> financial test     29
  civil / administrative:
    matter in no list                                               LIKELY_OUTSIDE        31(9)
    has an agent                                                    LIKELY_OUTSIDE        31
    art. 32(1) and not a hero's or martyr's close relative          LIKELY_OUTSIDE        32(1)
    art. 32 matter                                                  ELIGIBLE_NO_FIN._TEST 32(1)-(4)
    art. 31 matter, or a decided retrial / protest (art. 33)        -> financial test     31, 33
  financial test:
    any exemption, with proof: minor / elderly / disabled or        ELIGIBLE_FIN._CHECK_  42(1)-(3)
      similar group without fixed livelihood; social / judicial       WAIVED
      assistance or special care; migrant worker's wage or
      work-injury claim
    otherwise                                                       ELIGIBLE_IF_FIN._     29/31/33,
      + with a dated provincial row: income per person                DIFFICULT           34, 41
        (household income / size) within or above it;
        without a row: no_standard_on_file (confirm locally)
  a fact on the way is not known yet                                NOT_ENOUGH_FACTS, missing

"Don't know" (`unknown`) never hides what the law gives anyway: a fact the person cannot answer
is passed over, the walk goes on to the floor outcome the law gives without it (art. 24 / 29 /
31 / 33 may apply; art. 25 binds the authorities whatever the person knows), and the fact is
listed in `Assessment.unknown` so the answer can say what would change the outcome. Only where
nothing is given without the fact (case type, role, a civil matter, art. 32(1) kinship) does
the outcome stay NOT_ENOUGH_FACTS.

`missing` / `next_questions` list, in dialogue order, the facts that would still decide the
outcome, then (for the financial test only) province, household income and size.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.eligibility.conflicts import conflicting_facts, find_conflicts
from bot.eligibility.facts import (
    ART31_MATTERS,
    ART32_MATTERS,
    COMPULSORY_TREATMENT_RESPONDENT,
    DEFENDANT,
    HERO_MARTYR_REPUTATION,
    MIGRANT_WORKER_MATTERS,
    OTHER,
    RETRIAL_OR_PROTEST,
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
    ("vulnerable_group", "exempt_no_fixed_income"),  # 42(1) also needs has_fixed_livelihood False
    ("special_care", "exempt_special_care"),
    ("judicial_assistance", "exempt_judicial_assistance"),
)
FINANCE_FACTS = ("province", "household_monthly_income", "household_size")
_ASSUMED = {"defendant_may_apply", "court_may_appoint_ordinary_procedure",  # hold only once
            "other_must_appoint_by_law", "financial_difficulty_required"}  # decided


def assess(facts: Facts, standards: StandardsTable | None = None,
           today: date | None = None, unknown: Iterable[str] = ()) -> Assessment:
    """`unknown`: facts the person answered "I don't know" to (never asked again)."""
    conflicts = find_conflicts(facts)
    if conflicts:
        steps = next_steps(Outcome.NOT_ENOUGH_FACTS, facts, ())
        return Assessment(Outcome.NOT_ENOUGH_FACTS, missing=conflicting_facts(conflicts),
                          conflicts=conflicts, next_steps=steps)
    walk = _Walk(facts, standards, today or date.today(), frozenset(unknown))
    walk.run()
    outcome = walk.outcome if walk.outcome and not walk.needed else Outcome.NOT_ENOUGH_FACTS
    reasons = tuple(r for r in walk.reasons
                    if outcome is not Outcome.NOT_ENOUGH_FACTS or r.code not in _ASSUMED)
    return Assessment(outcome, reasons, tuple(walk.needed + walk.refine),
                      unknown=tuple(walk.unknown),
                      next_steps=next_steps(outcome, facts, reasons), standard=walk.standard)


def next_questions(facts: Facts, standards: StandardsTable | None = None,
                   today: date | None = None, unknown: Iterable[str] = ()) -> list[str]:
    """Fact names still worth asking, in order. Without a table, finances are always asked;
    with one, income is not asked in a province that has no standard row."""
    return list(assess(facts, standards, today, unknown).missing)


class _Walk:
    def __init__(self, facts: Facts, standards: StandardsTable | None, today: date,
                 dont_know: frozenset[str] = frozenset()):
        self.f, self.standards, self.today, self.dont_know = facts, standards, today, dont_know
        self.needed: list[str] = []  # facts that decide the outcome
        self.refine: list[str] = []  # finance facts that only refine a decided outcome
        self.unknown: list[str] = []  # facts that would decide, but the person doesn't know
        self.reasons: list[Reason] = []
        self.outcome: Outcome | None = None
        self.standard: StandardRow | None = None

    def ask(self, *names: str) -> None:
        for name in names:
            if getattr(self.f, name) is not None:
                continue
            bucket = self.unknown if name in self.dont_know else self.needed
            if name not in bucket:
                bucket.append(name)

    def refine_with(self, *names: str) -> None:
        self.refine += [n for n in names if getattr(self.f, n) is None
                        and n not in self.dont_know and n not in self.refine]

    def run(self) -> None:
        f = self.f
        if f.case_type is None:
            return self.ask("case_type")
        if f.case_type != "criminal":
            return self.civil()
        if f.role is None:
            return self.ask("role")
        if f.role == DEFENDANT:
            return self.defendant()
        if f.role == COMPULSORY_TREATMENT_RESPONDENT:
            return self.compulsory_treatment_respondent()
        return self.criminal_victim()

    def defendant(self) -> None:
        f = self.f
        if f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_defender"))
        self.ask("has_lawyer")
        found = _art25_reasons(f)
        if found:
            return self.decide(Outcome.MUST_APPOINT, *found)
        if f.minor is None:
            self.ask("age")
        self.ask(*ART25_FACTS[1:])
        # Art. 24 needs no financial test ("因经济困难或者其他原因"): finances are not asked;
        # a known art. 42 status is still reported, since it spares a financial check.
        self.decide(Outcome.MAY_APPLY_AS_DEFENDANT, reason("defendant_may_apply"),
                    reason("court_may_appoint_ordinary_procedure"),
                    reason("other_must_appoint_by_law"),
                    *(reason(code) for name, code in EXEMPTIONS[1:] if _exempt(f, name)))

    def compulsory_treatment_respondent(self) -> None:
        if self.f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_agent", article=28))
        self.ask("has_lawyer")
        self.decide(Outcome.MUST_APPOINT, reason("compulsory_medical_treatment"))

    def criminal_victim(self) -> None:
        f = self.f
        if f.has_lawyer:
            return self.decide(Outcome.LIKELY_OUTSIDE, reason("already_has_agent", article=29))
        self.ask("has_lawyer")
        self.reasons.append(reason("victim_may_apply", role=f.role))
        if f.matter in ART32_MATTERS and f.matter != HERO_MARTYR_REPUTATION:
            return self.decide(Outcome.ELIGIBLE_NO_FINANCIAL_TEST, _matter_reason(f.matter))
        if f.matter == RETRIAL_OR_PROTEST:
            self.reasons.append(reason("retrial_or_protest_matter"))
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
        if f.matter == HERO_MARTYR_REPUTATION and not f.hero_martyr_close_relative:
            if f.hero_martyr_close_relative is False:
                return self.decide(Outcome.LIKELY_OUTSIDE,
                                   reason("not_hero_martyr_close_relative"))
            return self.ask("hero_martyr_close_relative")  # 32(1) is for close relatives only
        if f.matter in ART32_MATTERS:
            return self.decide(Outcome.ELIGIBLE_NO_FINANCIAL_TEST, _matter_reason(f.matter))
        self.reasons.append(_matter_reason(f.matter))
        self.financial_test()

    def financial_test(self) -> None:
        f = self.f
        migrant = f.matter in MIGRANT_WORKER_MATTERS
        exemptions = [(name, code) for name, code in EXEMPTIONS
                      if migrant or name != "migrant_worker_wage_or_injury"]
        granted = [reason(code) for name, code in exemptions if _exempt(f, name)]
        if granted:
            return self.decide(Outcome.ELIGIBLE_FINANCIAL_CHECK_WAIVED, *granted)
        for name, _ in exemptions:
            self.ask(name)
            if name == "vulnerable_group" and f.vulnerable_group:
                self.ask("has_fixed_livelihood")  # 42(1): the group AND no fixed livelihood
        self.decide(Outcome.ELIGIBLE_IF_FINANCIALLY_DIFFICULT,
                    reason("financial_difficulty_required"))
        self.compare_with_standard()

    def compare_with_standard(self) -> None:
        f = self.f
        if f.province is None:  # unknown province: no standard to compare income with
            if "province" not in self.dont_know:
                self.refine_with(*FINANCE_FACTS)
            return
        row = self.standards.find(f.province, self.today) if self.standards else None
        if row is None and self.standards is not None:
            self.reasons.append(reason("no_standard_on_file", province=f.province))
            return
        self.standard = row
        not_given = [n for n in FINANCE_FACTS[1:] if getattr(f, n) is None]
        if not_given:
            self.refine_with(*not_given)
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


def _exempt(f: Facts, name: str) -> bool:
    if name == "vulnerable_group":  # 42(1) "无固定生活来源的未成年人、老年人、残疾人等特定群体"
        return bool(f.vulnerable_group) and f.has_fixed_livelihood is False
    return bool(getattr(f, name))


def _matter_reason(matter: str) -> Reason:
    if matter == RETRIAL_OR_PROTEST:
        return reason("retrial_or_protest_matter")
    if matter in ART32_MATTERS:
        return reason("no_financial_test_matter", item=ART32_MATTERS[matter], matter=matter)
    return reason("listed_matter", item=ART31_MATTERS[matter], matter=matter)
