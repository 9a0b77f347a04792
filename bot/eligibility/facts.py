"""What the applicant told us, as a frozen record; every field None means "not known yet".

Field names double as Rasa slot names. `Facts.from_mapping` parses plain slot values
("true", "16", "3000.50") so a tracker's slots can be fed in directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

# Matter codes: the claim a civil / administrative applicant makes (Legal Aid Law art. 31-33).
STATE_COMPENSATION = "state_compensation"  # 31(1) 依法请求国家赔偿
SOCIAL_INSURANCE_OR_ASSISTANCE = "social_insurance_or_assistance"  # 31(2) 社会保险待遇或者社会救助
PENSION_FOR_DISABLED_OR_BEREAVED = "pension_for_disabled_or_bereaved"  # 31(3) 请求发给抚恤金
SUPPORT_PAYMENTS = "support_payments"  # 31(4) 赡养费、抚养费、扶养费
EMPLOYMENT_OR_WAGES = "employment_or_wages"  # 31(5) 支付劳动报酬 (with or without 确认劳动关系)
EMPLOYMENT_RELATIONSHIP = "employment_relationship"  # 31(5) 确认劳动关系 alone (no wage claim)
CIVIL_CAPACITY = "civil_capacity"  # 31(6) 认定公民无民事行为能力或者限制民事行为能力
WORK_INJURY = "work_injury"  # 31(7) 工伤事故人身损害赔偿
PERSONAL_INJURY = "personal_injury"  # 31(7) 交通事故、食品药品安全事故、医疗事故人身损害赔偿
ENVIRONMENTAL_DAMAGE = "environmental_damage"  # 31(8) 环境污染、生态破坏损害赔偿
HERO_MARTYR_REPUTATION = "hero_martyr_reputation"  # 32(1) 英雄烈士近亲属维护其人格权益
BRAVERY_CLAIM = "bravery_claim"  # 32(2) 因见义勇为行为主张相关民事权益
RETRIAL_ACQUITTAL_COMPENSATION = "retrial_acquittal_compensation"  # 32(3) 再审改判无罪请求国家赔偿
ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE = "abuse_abandonment_domestic_violence"  # 32(4)
RETRIAL_OR_PROTEST = "retrial_or_protest"  # 33 人民法院决定、裁定再审或者人民检察院提出抗诉
OTHER = "other"  # none of the above; 31(9) / 32(5) leave room for other laws and local rules

ART31_MATTERS: dict[str, int] = {  # code -> item of art. 31
    STATE_COMPENSATION: 1,
    SOCIAL_INSURANCE_OR_ASSISTANCE: 2,
    PENSION_FOR_DISABLED_OR_BEREAVED: 3,
    SUPPORT_PAYMENTS: 4,
    EMPLOYMENT_OR_WAGES: 5,
    EMPLOYMENT_RELATIONSHIP: 5,
    CIVIL_CAPACITY: 6,
    WORK_INJURY: 7,
    PERSONAL_INJURY: 7,
    ENVIRONMENTAL_DAMAGE: 8,
}
ART32_MATTERS: dict[str, int] = {  # code -> item of art. 32
    HERO_MARTYR_REPUTATION: 1,
    BRAVERY_CLAIM: 2,
    RETRIAL_ACQUITTAL_COMPENSATION: 3,
    ABUSE_ABANDONMENT_DOMESTIC_VIOLENCE: 4,
}
MATTER_CODES: tuple[str, ...] = (*ART31_MATTERS, *ART32_MATTERS, RETRIAL_OR_PROTEST, OTHER)
# Art. 42(3) exempts only "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员": wages and
# work injuries, not 确认劳动关系 alone nor traffic, food/drug or medical accidents.
MIGRANT_WORKER_MATTERS = frozenset({EMPLOYMENT_OR_WAGES, WORK_INJURY})

CASE_TYPES = ("criminal", "civil", "administrative")
DEFENDANT = "suspect_or_defendant"
COMPULSORY_TREATMENT_RESPONDENT = "compulsory_treatment_respondent"  # art. 28 被申请人
CRIMINAL_VICTIM_ROLES = ("victim", "victim_relative_or_representative",  # art. 29
                         "private_prosecutor", "civil_claim_plaintiff")
ROLES = (DEFENDANT, COMPULSORY_TREATMENT_RESPONDENT, *CRIMINAL_VICTIM_ROLES, "party")
DISABILITIES = ("none", "visual", "hearing", "speech", "other")  # art. 25(2): visual/hearing/speech

_TRUE = {"true", "yes", "y", "1", "是", "有", "对"}
_FALSE = {"false", "no", "n", "0", "否", "没有", "无", "不是"}


class InvalidFact(ValueError):
    """A value that cannot be a value of the named fact."""

    def __init__(self, name: str, value: Any, expected: str):
        super().__init__(f"{name}={value!r}: expected {expected}")
        self.name = name


@dataclass(frozen=True)
class Facts:
    case_type: str | None = None
    role: str | None = None
    has_lawyer: bool | None = None
    age: int | None = None
    is_minor: bool | None = None
    disability: str | None = None
    limited_capacity: bool | None = None
    faces_life_or_death: bool | None = None
    death_penalty_review: bool | None = None
    tried_in_absentia: bool | None = None
    compulsory_medical_treatment: bool | None = None
    matter: str | None = None
    social_assistance: bool | None = None
    judicial_assistance: bool | None = None
    special_care: bool | None = None
    migrant_worker_wage_or_injury: bool | None = None
    vulnerable_group: bool | None = None  # minor, elderly, disabled or similar group (42(1))
    has_fixed_livelihood: bool | None = None  # 42(1) "无固定生活来源" when False
    hero_martyr_close_relative: bool | None = None  # 32(1) 英雄烈士近亲属…人格权益
    province: str | None = None
    household_monthly_income: Decimal | None = None
    household_size: int | None = None

    def __post_init__(self) -> None:
        for name, value in self.known().items():
            object.__setattr__(self, name, _parse(name, value))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Facts:
        """Facts from slot values; unknown keys are ignored, None / "" mean unknown."""
        return cls(**{name: values.get(name) for name in FACT_NAMES})

    def known(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name, value in values.items() if value is not None}

    @property
    def minor(self) -> bool | None:
        """Age, when known, decides; otherwise the is_minor answer."""
        return self.age < 18 if self.age is not None else self.is_minor


FACT_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Facts))
_BOOLS = {f.name for f in fields(Facts) if f.type == "bool | None"}
_CHOICES = {"case_type": CASE_TYPES, "role": ROLES, "disability": DISABILITIES,
            "matter": MATTER_CODES}
# The kinds of answer each fact takes, for the screening's answer parser (bot/screening/).
BOOLEAN_FACTS, CHOICE_FACTS = frozenset(_BOOLS), frozenset(_CHOICES)


def _parse(name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if name in _BOOLS:
        return _parse_bool(name, value)
    if name in _CHOICES:
        text = str(value).strip().lower()
        if text not in _CHOICES[name]:
            raise InvalidFact(name, value, "one of " + ", ".join(_CHOICES[name]))
        return text
    if name == "age":
        return _parse_int(name, value, 0, 130)
    if name == "household_size":
        return _parse_int(name, value, 1, 100)
    if name == "household_monthly_income":
        return _parse_money(name, value)
    return str(value)  # province


def _parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidFact(name, value, "true or false")


def _parse_int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise InvalidFact(name, value, "a whole number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidFact(name, value, "a whole number") from None
    if number != number.to_integral_value() or not low <= number <= high:
        raise InvalidFact(name, value, f"a whole number from {low} to {high}")
    return int(number)


def _parse_money(name: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidFact(name, value, "an amount in CNY")
    text = str(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidFact(name, value, "an amount in CNY") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidFact(name, value, "an amount of 0 CNY or more")
    return amount
