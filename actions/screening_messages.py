"""The screening's composed messages: the summary of facts and the assessment."""

from __future__ import annotations

from typing import Any

from actions.templates import article_button, template
from bot.eligibility import Assessment
from bot.screening.question_groups import NEGATIVE_LABELS

BOOLEAN_VALUES = {True: "utter_value_yes", False: "utter_value_no"}


def display_value(domain: dict[str, Any], value: Any, fact: str = "") -> str:
    if fact == "household_monthly_income":
        return template(domain, "utter_money", amount=value)
    if isinstance(value, bool):
        return template(domain, BOOLEAN_VALUES[value])
    name = f"utter_value_{value}"
    return template(domain, name) if name in domain.get("responses", {}) else str(value)


def fact_label(domain: dict[str, Any], name: str, value: Any = None) -> str:
    """A fact's name in the summary. A fact that does not apply may have a narrower name,
    `utter_fact_<name>_no` (NEGATIVE_LABELS): "none of these" to the art. 42 question says
    the person is not in an art. 42(1) group *without a fixed livelihood*, not that they are
    not elderly; "none" to art. 25 says no visual, hearing or speech disability."""
    if value in (False, "none") and name in NEGATIVE_LABELS:
        return template(domain, f"utter_fact_{name}_no")
    return template(domain, f"utter_fact_{name}")


def summary_lines(domain: dict[str, Any], facts: dict[str, Any], unknown: list[str]) -> str:
    def line(name: str, value: str, raw: Any = None) -> str:
        return template(domain, "utter_summary_line", fact=fact_label(domain, name, raw),
                        value=value)

    lines = [line(name, display_value(domain, value, name), value)
             for name, value in facts.items() if value is not None]
    lines += [line(name, template(domain, "utter_value_unknown")) for name in unknown]
    return "\n".join(lines)


def reason_parameters(domain: dict[str, Any], params: dict[str, str]) -> dict[str, str]:
    """Codes in reason parameters (a matter, a role) shown in words."""
    return {key: display_value(domain, value) for key, value in params.items()}


def assessment_text(domain: dict[str, Any], assessment: Assessment) -> dict[str, str]:
    """The variables of `utter_assessment` for this assessment."""
    reasons = [template(domain, f"utter_reason_{r.code}", **reason_parameters(domain, r.params))
               for r in assessment.reasons]
    missing = ""
    if assessment.missing:
        names = ", ".join(template(domain, f"utter_fact_{name}") for name in assessment.missing)
        missing = template(domain, "utter_assessment_missing", facts=names)
    unknown = ""
    if assessment.unknown:  # what each "don't know" would change (its why-text and article)
        unknown = template(
            domain, "utter_assessment_unknown",
            facts=", ".join(template(domain, f"utter_fact_{name}") for name in assessment.unknown),
            changes="\n".join("- " + template(domain, f"utter_why_{name}")
                              for name in assessment.unknown))
    conflicts = ""
    if assessment.conflicts:
        items = "; ".join(template(domain, f"utter_conflict_{c.code}")
                          for c in assessment.conflicts)
        conflicts = template(domain, "utter_assessment_conflicts", items=items)
    return {
        "outcome": template(domain, f"utter_outcome_{assessment.outcome.value}"),
        "reasons": "\n".join(reasons),
        "missing": missing,
        "unknown": unknown,
        "conflicts": conflicts,
        "steps": "\n".join(template(domain, f"utter_step_{s.code}")
                           for s in assessment.next_steps),
    }


def article_buttons(domain: dict[str, Any], assessment: Assessment) -> list[dict[str, str]]:
    """One button per cited article of the Legal Aid Law or Regulations, in citation order."""
    cited = [(r.law_id, r.article) for r in assessment.reasons] + [
        (s.law_id, number) for s in assessment.next_steps for number in s.articles]
    seen: list[tuple[str, int]] = []
    for law_id, number in cited:
        if law_id is not None and (law_id, number) not in seen:  # 12348 cites no statute
            seen.append((law_id, number))
    return [article_button(domain, law, number) for law, number in seen[:6]]
